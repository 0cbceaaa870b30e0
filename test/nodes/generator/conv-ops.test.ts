import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { conv2d, conv2dTranspose } from '../../../src/core/training-kit/conv-ops';
import type { ConvPad, FilterGradient } from '../../../src/core/training-kit/conv-ops';

function relativeError(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]! / tf.max(tf.abs(b)).dataSync()[0]!);
}

describe('conv ops with patch filter gradients', () => {
  const cases: { label: string; inSize: number; stride: number; pad: ConvPad }[] = [
    { label: 'stride 2, same padding (the U-Net encoder)', inSize: 8, stride: 2, pad: 'same' },
    { label: 'stride 2, one-pixel padding (the PatchGAN)', inSize: 8, stride: 2, pad: 1 },
    { label: 'stride 1, one-pixel padding (the PatchGAN head)', inSize: 6, stride: 1, pad: 1 },
  ];

  for (const { label, inSize, stride, pad } of cases) {
    it(`conv2d gradients match tfjs's own for ${label}`, () => {
      const x = tf.randomNormal([2, inSize, inSize, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
      const w = tf.randomNormal([4, 4, 3, 5], 0, 1, 'float32', 2) as tf.Tensor4D;
      const gradients = (mode: FilterGradient) => tf.grads((a: tf.Tensor, b: tf.Tensor) => {
        const y = conv2d(tf, a as tf.Tensor4D, b as tf.Tensor4D, stride, pad, mode);
        return tf.sum(tf.mul(y, tf.randomNormal(y.shape, 0, 1, 'float32', 3))) as tf.Scalar;
      })([x, w]);
      const [nativeX, nativeW] = gradients('native');
      const [patchX, patchW] = gradients('patches');
      expect(relativeError(patchX!, nativeX!)).toBeLessThan(1e-5);
      expect(relativeError(patchW!, nativeW!)).toBeLessThan(1e-5);
    });
  }

  it("conv2dTranspose gradients match tfjs's own (the U-Net decoder)", () => {
    const x = tf.randomNormal([2, 4, 4, 6], 0, 1, 'float32', 4) as tf.Tensor4D;
    const w = tf.randomNormal([4, 4, 3, 6], 0, 1, 'float32', 5) as tf.Tensor4D;
    const target = tf.randomNormal([2, 8, 8, 3], 0, 1, 'float32', 6);
    const gradients = (mode: FilterGradient) => tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(conv2dTranspose(tf, a as tf.Tensor4D, b as tf.Tensor4D, [2, 8, 8, 3], 2, 'same', mode), target)) as tf.Scalar)([x, w]);
    const [nativeX, nativeW] = gradients('native');
    const [patchX, patchW] = gradients('patches');
    expect(relativeError(patchX!, nativeX!)).toBeLessThan(1e-5);
    expect(relativeError(patchW!, nativeW!)).toBeLessThan(1e-5);
  });

  it('computes the same forward values either way', () => {
    const x = tf.randomNormal([1, 8, 8, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
    const w = tf.randomNormal([4, 4, 3, 2], 0, 1, 'float32', 8) as tf.Tensor4D;
    expect(conv2d(tf, x, w, 2, 'same', 'patches').dataSync()).toEqual(tf.conv2d(x, w, 2, 'same').dataSync());
  });
});
