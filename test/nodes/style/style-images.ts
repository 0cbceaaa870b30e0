import type { Tensor4D } from '@tensorflow/tfjs';
import type { Tf } from '../../../src/core';

/** A style image with a strong texture: red/blue diagonal stripes, [1, size, size, 3] in [0, 1]. */
export function stripes(tf: Tf, size: number): Tensor4D {
  return tf.tidy(() => {
    const y = tf.reshape(tf.range(0, size), [size, 1]);
    const x = tf.reshape(tf.range(0, size), [1, size]);
    const wave = tf.mul(tf.add(tf.sin(tf.mul(tf.add(x, y), 0.8)), 1), 0.5);
    return tf.expandDims(tf.stack([wave, tf.mul(wave, 0.2), tf.sub(1, wave)], 2), 0) as Tensor4D;
  });
}

/** Content with no texture: a smooth blob over two gradients, [1, size, size, 3] in [0, 1]. */
export function smoothContent(tf: Tf, size: number, shift = 0): Tensor4D {
  return tf.tidy(() => {
    const y = tf.div(tf.reshape(tf.range(0, size), [size, 1]), size);
    const x = tf.div(tf.reshape(tf.range(0, size), [1, size]), size);
    const blob = tf.exp(tf.mul(tf.add(tf.square(tf.sub(x, 0.5 + shift)), tf.square(tf.sub(y, 0.5))), -8));
    const zeros = tf.zeros([size, size]);
    return tf.expandDims(tf.stack([tf.add(blob, zeros), tf.add(tf.mul(x, 0.5), zeros), tf.add(tf.mul(y, 0.5), zeros)], 2), 0) as Tensor4D;
  });
}

/** RGB bytes of the first image of `images`. */
export async function toBytes(tf: Tf, images: Tensor4D): Promise<Uint8Array> {
  const scaled = tf.tidy(() => tf.cast(tf.round(tf.mul(tf.slice(images, [0], [1]), 255)), 'int32'));
  const values = Uint8Array.from(await scaled.data());
  scaled.dispose();
  return values;
}
