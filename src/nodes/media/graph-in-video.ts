import { ALL_FORMATS, BlobSource, Input } from 'mediabunny';
import type { MetadataTags } from 'mediabunny';
import type { Container } from './codecs';
import { errorMessage } from '../../core';

/**
 * The graph that made a video travels inside it, as a metadata tag holding the canonical
 * graph-file text (`toGraphJson`):
 * - WebM: a Matroska `SimpleTag` named `NFP_STUDIO_GRAPH` (target MOVIE), UTF-8 string.
 * - MP4: an `mdta`-style item keyed `com.nfp-studio.graph` in `moov/udta/meta`, UTF-8 string
 *   (the reverse-DNS key form QuickTime and ffmpeg's `use_metadata_tags` use).
 * `ffprobe -show_format` lists both, so the graph can be pulled out without the studio.
 */
export const GRAPH_TAG: Readonly<Record<Container, string>> = {
  webm: 'NFP_STUDIO_GRAPH',
  mp4: 'com.nfp-studio.graph',
};

const COMMENT = 'Made with nfp-studio; the graph that made this video is in the NFP_STUDIO_GRAPH / com.nfp-studio.graph tag.';

/** Metadata tags for a new file: title, a comment pointing at the graph, and the graph itself. */
export function graphMetadataTags(container: Container, graphJson: string | undefined, title: string): MetadataTags {
  const raw: NonNullable<MetadataTags['raw']> = {};
  if (graphJson !== undefined) raw[GRAPH_TAG[container]] = graphJson;
  return { title, ...(graphJson !== undefined ? { comment: COMMENT } : {}), raw };
}

/**
 * The graph-file text embedded in a video made by the studio, byte for byte as written, or
 * null when the file carries none. For the "drop a video onto the editor" feature.
 * @throws Error when the file is not a WebM or MP4 the reader understands.
 *
 * @example
 * const text = await readGraphFromVideo(droppedFile);
 * if (text !== null) open(parseGraphFile(text, registry));
 */
export async function readGraphFromVideo(blob: Blob): Promise<string | null> {
  const input = new Input({ source: new BlobSource(blob), formats: ALL_FORMATS });
  try {
    let tags: MetadataTags;
    try {
      tags = await input.getMetadataTags();
    } catch (error) {
      throw new Error(`cannot read this file as a video: ${errorMessage(error)}`);
    }
    for (const key of Object.values(GRAPH_TAG)) {
      const value = tags.raw?.[key];
      if (typeof value === 'string') return value;
      if (value instanceof Uint8Array) return new TextDecoder('utf-8', { fatal: false }).decode(value);
    }
    return null;
  } finally {
    input.dispose();
  }
}
