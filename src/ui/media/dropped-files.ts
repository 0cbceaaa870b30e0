import type { AssetKind } from '../../core';
import { naturalOrder } from '../../core';
import { mediaMessages } from './messages';

/** What a dropped file looks like to the studio, judged by its MIME type and then its extension. */
export type DroppedFileKind = 'graph' | 'video' | 'image' | 'other';

/** What to do with the files of one drop. Refusals carry the message to show; nothing changes then. */
export type DropPlan<F> =
  | { readonly kind: 'graph'; readonly file: F }
  | { readonly kind: 'video'; readonly file: F }
  | { readonly kind: 'image'; readonly file: F }
  | { readonly kind: 'image-sequence'; readonly files: readonly F[] }
  | { readonly kind: 'refused'; readonly message: string };

/** The part of a `File` the plan reads, so the rules are testable without one. */
export interface NamedFile {
  readonly name: string;
  readonly type: string;
}

const VIDEO_EXTENSIONS = ['webm', 'mp4', 'm4v', 'mov', 'mkv'];
const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'webp', 'gif', 'bmp', 'avif'];
const GRAPH_EXTENSIONS = ['json', 'nfpgraph'];

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/**
 * Browsers leave `type` empty for extensions the OS does not know (.mkv, .nfpgraph on many
 * systems), so the extension decides when the MIME type says nothing.
 */
export function classifyFile(file: NamedFile): DroppedFileKind {
  const type = file.type.toLowerCase();
  const extension = extensionOf(file.name);
  if (type === 'application/json' || GRAPH_EXTENSIONS.includes(extension)) return 'graph';
  if (type.startsWith('video/') || VIDEO_EXTENSIONS.includes(extension)) return 'video';
  if (type.startsWith('image/') || IMAGE_EXTENSIONS.includes(extension)) return 'image';
  return 'other';
}

/**
 * Decides what a drop of `files` does: one graph file opens it, one video becomes a clip,
 * one image an image source, several images an image sequence in name order. Anything else
 * (a file of another kind, a mix) is refused with a message naming the files.
 */
export function planDrop<F extends NamedFile>(files: readonly F[]): DropPlan<F> | undefined {
  if (files.length === 0) return undefined;
  const kinds = files.map(classifyFile);
  const others = files.filter((_, i) => kinds[i] === 'other');
  if (others.length > 0) return { kind: 'refused', message: mediaMessages.unsupportedFiles(others.map((f) => f.name)) };
  const [first] = files as [F, ...F[]];
  if (files.length === 1) {
    const kind = kinds[0] as Exclude<DroppedFileKind, 'other'>;
    return { kind, file: first };
  }
  if (kinds.every((k) => k === 'image')) return { kind: 'image-sequence', files: naturalOrder(files) };
  return { kind: 'refused', message: mediaMessages.mixedDrop(files.length) };
}

/**
 * The files a file field of `kind` takes from a pick or a drop: one file for a clip or an
 * image, several images (in name order) for a sequence. Whether the bytes really are a video
 * or an image is for the import to say, which probes them.
 */
export function filesForField<F extends NamedFile>(kind: AssetKind, files: readonly F[]): { readonly files: readonly F[] } | { readonly message: string } {
  if (files.length === 0) return { message: mediaMessages.noFilesDropped() };
  if (kind !== 'image-sequence') return files.length === 1 ? { files } : { message: mediaMessages.oneFileOnly(kind, files.length) };
  return { files: naturalOrder(files) };
}
