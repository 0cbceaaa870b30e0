import type { Tensor3D } from '@tensorflow/tfjs';
import type { FrameSize, Tf } from '../../core';

/**
 * The `frame` value of a source node: fitted RGBA bytes (prepared outside the frame, with no
 * tensors) uploaded as [h, w, 3] float32 in [0, 1], or black when there is no picture yet
 * (no file picked). Call inside `process` (tf.tidy).
 */
export function rgbaToFrame(tf: Tf, pixels: Uint8ClampedArray | undefined, size: FrameSize): Tensor3D {
  const { width, height } = size;
  if (!pixels) return tf.zeros([height, width, 3]);
  if (pixels.length !== width * height * 4) throw new Error(`expected ${width}×${height} RGBA pixels, got ${pixels.length} bytes`);
  const data = new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength);
  return tf.div(tf.cast(tf.browser.fromPixels({ data, width, height }, 3), 'float32'), 255);
}
