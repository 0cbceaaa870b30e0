import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { frameDistanceLoss, PSNR_LOSS_FLOOR } from '../../../src/core/training-kit/losses';

/** Two frames of 8×8×3 in one batch: the first off by `still` everywhere, the second by `moving`. */
function pair(still: number, moving: number) {
  const target = tf.zeros([2, 8, 8, 3]);
  const offsets = tf.concat([tf.fill([1, 8, 8, 3], still), tf.fill([1, 8, 8, 3], moving)]);
  return { target, prediction: tf.add(target, offsets) };
}

describe('frameDistanceLoss', () => {
  it('PSNR is the batch mean of ln(1 + MSE / floor) per frame, zero on a perfect frame', () => {
    const { target, prediction } = pair(0, 0.1);
    const expected = (Math.log1p(0 / PSNR_LOSS_FLOOR) + Math.log1p(0.01 / PSNR_LOSS_FLOOR)) / 2;
    expect(frameDistanceLoss(tf, 'PSNR', prediction, target).dataSync()[0]).toBeCloseTo(expected, 4);
    expect(frameDistanceLoss(tf, 'L2', prediction, target).dataSync()[0]).toBeCloseTo(0.005, 6);
    tf.dispose([target, prediction]);
  });

  it('weighs an error on a still frame far above the same error on a moving one, where L2 weighs them alike', () => {
    // The same added error of 0.01 hurts a frame that was exact (still) more than one already off by 0.3.
    const gradientOn = (distance: 'L2' | 'PSNR') => {
      const { target, prediction } = pair(0.01, 0.3);
      const grad = tf.grad((p: tf.Tensor) => frameDistanceLoss(tf, distance, p, target))(prediction);
      const [still, moving] = tf.split(tf.abs(grad), 2).map((g) => g.sum().dataSync()[0]! / 0.01);
      tf.dispose([target, prediction, grad]);
      return { still: still!, moving: moving! / 30 };
    };
    const l2 = gradientOn('L2');
    const psnr = gradientOn('PSNR');
    expect(l2.still / l2.moving).toBeCloseTo(1, 3);
    expect(psnr.still / psnr.moving).toBeGreaterThan(100);
  });

  it('leaves no tensor behind', () => {
    const { target, prediction } = pair(0.05, 0.2);
    const before = tf.memory().numTensors;
    frameDistanceLoss(tf, 'PSNR', prediction, target).dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([target, prediction]);
  });
});
