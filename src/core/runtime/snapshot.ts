import type { Tensor3D } from '@tensorflow/tfjs';
import type { Tf } from '../graph/node-definition';
import type { RgbaImage } from '../scheduler/events';

/**
 * Converts a frame tensor to RGBA8 bytes for a preview. Runs outside the loop: the
 * conversion is queued on the backend and only the final bytes are read back.
 * The caller keeps ownership of `frame`; it must stay alive until this resolves.
 */
export async function frameToRgba(tf: Tf, frame: Tensor3D): Promise<RgbaImage> {
  const [height, width] = frame.shape;
  const rgba = tf.tidy(() => {
    const bytes = tf.cast(tf.round(tf.mul(tf.clipByValue(frame, 0, 1), 255)), 'int32');
    const alpha = tf.fill([height, width, 1], 255, 'int32');
    return tf.concat([bytes, alpha], 2);
  });
  try {
    const data = await rgba.data();
    return { width, height, data: new Uint8ClampedArray(data) };
  } finally {
    rgba.dispose();
  }
}
