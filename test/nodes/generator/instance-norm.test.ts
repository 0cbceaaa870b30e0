import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { instanceNorm } from '../../../src/core/training-kit/instance-norm';

/** Central finite differences of `f` at every element of `x`, in float32 like the op itself. */
function numericalGradient(f: (x: tf.Tensor) => tf.Scalar, x: tf.Tensor, h: number): Float32Array {
  const values = x.dataSync() as Float32Array;
  const gradient = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const shifted = (delta: number) => tf.tidy(() => {
      const copy = values.slice();
      copy[i] = values[i]! + delta;
      return f(tf.tensor(copy, x.shape)).dataSync()[0]!;
    });
    gradient[i] = (shifted(h) - shifted(-h)) / (2 * h);
  }
  return gradient;
}

function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

describe('instance norm', () => {
  const x = tf.randomNormal([2, 3, 4, 3], 0.5, 2, 'float32', 11);
  const gamma = tf.randomNormal([3], 1, 0.3, 'float32', 12);
  const beta = tf.randomNormal([3], 0, 0.3, 'float32', 13);
  // A fixed random projection, so every output element weighs differently in the loss.
  const weights = tf.randomNormal([2, 3, 4, 3], 0, 1, 'float32', 14);
  const loss = (input: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(instanceNorm(tf, input as tf.Tensor4D, g, b), weights)) as tf.Scalar;

  it('gives each image and channel zero mean and unit variance before the affine part', () => {
    const out = instanceNorm(tf, x as tf.Tensor4D, tf.ones([3]), tf.zeros([3]));
    const { mean, variance } = tf.moments(out, [1, 2]);
    expect(maxDifference(mean.dataSync(), new Float32Array(6))).toBeLessThan(1e-5);
    expect(maxDifference(variance.dataSync(), new Float32Array(6).fill(1))).toBeLessThan(1e-3);
  });

  it('matches finite-difference gradients for the input, the scale and the shift', () => {
    const analytic = tf.grads(loss)([x, gamma, beta]);
    const numeric = [
      numericalGradient((v) => loss(v, gamma, beta), x, 1e-2),
      numericalGradient((v) => loss(x, v, beta), gamma, 1e-2),
      numericalGradient((v) => loss(x, gamma, v), beta, 1e-2),
    ];
    analytic.forEach((grad, i) => {
      const expected = numeric[i]!;
      const scale = Math.max(...expected.map(Math.abs));
      expect(maxDifference(grad.dataSync(), expected) / scale).toBeLessThan(2e-2);
    });
  });

  it('normalises each image on its own, so the batch it sits in does not change it', () => {
    const alone = instanceNorm(tf, tf.slice(x, [1, 0, 0, 0], [1, 3, 4, 3]) as tf.Tensor4D, gamma, beta);
    const inBatch = tf.slice(instanceNorm(tf, x as tf.Tensor4D, gamma, beta), [1, 0, 0, 0], [1, 3, 4, 3]);
    expect(maxDifference(alone.dataSync(), inBatch.dataSync())).toBeLessThan(1e-6);
  });
});
