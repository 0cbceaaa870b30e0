import { probeVideo } from '../../src/nodes/media/probe';
import type { NamedBlob, VideoFacts } from '../../src/nodes/media/probe';
import { VideoReader } from '../../src/nodes/media/video-reader';

export interface DecodedClip {
  readonly facts: VideoFacts;
  /** Every frame in presentation order, centre-square cropped and resized to size × size, RGB bytes. */
  readonly frames: Uint8Array[];
}

/**
 * Decodes every frame of `file` exactly, with the app's own reader (WebCodecs through
 * mediabunny, as the Video Source node does) and its `crop` fit: the largest centred square,
 * scaled to size × size.
 * @throws MediaInputError with the app's message for a file it cannot use.
 */
export async function decodeClip(file: NamedBlob, size: number, onProgress: (done: number, total: number) => Promise<void>): Promise<DecodedClip> {
  const facts = await probeVideo(file);
  // Each frame is read once, in order: a cache of two frames is all the reader needs.
  const reader = await VideoReader.open(file, { width: size, height: size }, 2 * size * size * 4);
  try {
    const frames: Uint8Array[] = [];
    const total = reader.frameCount;
    const every = Math.max(1, Math.floor(total / 10));
    for (let i = 0; i < total; i++) {
      frames.push(rgbaToRgb(await reader.frame(i, 'crop')));
      if ((i + 1) % every === 0 || i + 1 === total) await onProgress(i + 1, total);
    }
    return { facts, frames };
  } finally {
    await reader.dispose();
  }
}

function rgbaToRgb(rgba: Uint8ClampedArray): Uint8Array {
  const rgb = new Uint8Array((rgba.length / 4) * 3);
  for (let p = 0, q = 0; p < rgba.length; p += 4, q += 3) {
    rgb[q] = rgba[p]!;
    rgb[q + 1] = rgba[p + 1]!;
    rgb[q + 2] = rgba[p + 2]!;
  }
  return rgb;
}
