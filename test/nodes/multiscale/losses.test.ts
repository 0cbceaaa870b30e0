import * as tf from '@tensorflow/tfjs';
import type { Tensor4D } from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { gradientDifferenceLoss, lpLoss } from '../../../src/nodes/multiscale/losses';

// 2×2 single-channel images, worked by hand in the comments.
const prediction = () => tf.tensor4d([0, 0.5, 0, 0], [1, 2, 2, 1]);
const target = () => tf.tensor4d([0, 0, 1, 1], [1, 2, 2, 1]);

describe('multi-scale losses', () => {
  it('computes the gradient difference loss as worked by hand', () => {
    // Vertical edges |row1 − row0|: target [1, 1], prediction [0, 0.5] → differences [1, 0.5].
    // Horizontal edges |col1 − col0|: target [0, 0], prediction [0.5, 0] → differences [0.5, 0].
    // α = 1: mean(1, 0.5) + mean(0.5, 0) = 0.75 + 0.25. α = 2: mean(1, 0.25) + mean(0.25, 0) = 0.625 + 0.125.
    const [p, t] = [prediction(), target()];
    expect(gradientDifferenceLoss(tf, p, t, 1).dataSync()[0]).toBeCloseTo(1, 6);
    expect(gradientDifferenceLoss(tf, p, t, 2).dataSync()[0]).toBeCloseTo(0.75, 6);
    tf.dispose([p, t]);
  });

  it('is zero for a shifted or brightened copy (equal edge strengths) and not for a blurred one', () => {
    const sharp = tf.tensor4d([0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1], [1, 3, 4, 1]) as Tensor4D;
    const brighter = tf.add(sharp, 0.2) as Tensor4D;
    const blurred = tf.tensor4d([0, 0.33, 0.66, 1, 0, 0.33, 0.66, 1, 0, 0.33, 0.66, 1], [1, 3, 4, 1]) as Tensor4D;
    expect(gradientDifferenceLoss(tf, brighter, sharp).dataSync()[0]).toBeCloseTo(0, 6);
    expect(gradientDifferenceLoss(tf, blurred, sharp).dataSync()[0]).toBeGreaterThan(0.4);
    tf.dispose([sharp, brighter, blurred]);
  });

  it('takes L2 as the mean squared and L1 as the mean absolute difference', () => {
    const [p, t] = [prediction(), target()];
    // Differences 0, 0.5, 1, 1.
    expect(lpLoss(tf, p, t, 2).dataSync()[0]).toBeCloseTo((0 + 0.25 + 1 + 1) / 4, 6);
    expect(lpLoss(tf, p, t, 1).dataSync()[0]).toBeCloseTo((0 + 0.5 + 1 + 1) / 4, 6);
    tf.dispose([p, t]);
  });
});
