import type { Tensor, Tensor3D } from '@tensorflow/tfjs';
import type { Tf } from '../graph/node-definition';

/**
 * Reads a frame ([h, w, 3] floats in [0, 1]) back as RGB8 bytes, row-major, as datasets store
 * them. The tensor work is queued synchronously, so `frame` only has to live for this call;
 * the bytes arrive later (an asynchronous `data()`, never a blocking `dataSync`). It may be
 * called inside a node's `process`.
 *
 * On GPU backends each pixel is packed into one float, r·65536 + g·256 + b (below 2^24, so
 * exact in float32): a third of the values to read back. On cpu the values are in memory
 * already and packing would only cost time.
 * @example
 * const rgb = await readRgbBytes(tf, frame); // width × height × 3 bytes
 */
export function readRgbBytes(tf: Tf, frame: Tensor3D): Promise<Uint8Array<ArrayBuffer>> {
  const pack = tf.getBackend() !== 'cpu';
  // Kept: when called inside a node's `process` (a tidy), the scope must not dispose it mid-readback.
  const readable = tf.keep(tf.tidy(() => {
    const bytes = tf.round(tf.mul(tf.clipByValue(frame, 0, 1), 255));
    if (!pack) return bytes;
    // Split + add rather than a sum over channels: reductions are ~100× slower on SwiftShader WebGPU.
    const [r, g, b] = tf.split(bytes, 3, 2) as [Tensor, Tensor, Tensor];
    return tf.add(tf.add(tf.mul(r, 65536), tf.mul(g, 256)), b);
  }));
  return readable.data().then(
    (values) => {
      readable.dispose();
      if (!pack) return new Uint8Array(values as Float32Array);
      const rgb = new Uint8Array(values.length * 3);
      for (let p = 0, q = 0; p < values.length; p++, q += 3) {
        const v = values[p] as number;
        rgb[q] = v >>> 16;
        rgb[q + 1] = (v >>> 8) & 255;
        rgb[q + 2] = v & 255;
      }
      return rgb;
    },
    (error: unknown) => {
      readable.dispose();
      throw error;
    },
  );
}
