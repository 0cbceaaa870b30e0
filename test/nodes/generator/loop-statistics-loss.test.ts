import * as tf from '@tensorflow/tfjs';
import type { Tensor4D } from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { loopStatisticsLoss } from '../../../src/nodes/unet/loop-statistics-loss';
import { createUNet, disposeUNet, runUNet, unetConfig } from '../../../src/nodes/unet/unet';
import { weightList } from '../../../src/core/training-kit/weights';
import { Trainer } from '../../../src/nodes/unet/trainer';
import { patchGanConfig } from '../../../src/nodes/unet/patchgan';

const frames = (seed: number): Tensor4D => tf.randomUniform([2, 32, 32, 3], -1, 1, 'float32', seed) as Tensor4D;

describe('loopStatisticsLoss', () => {
  it('is 0 when the prediction has its target\'s change and detail, and grows as a prediction stands still or blurs', () => {
    const input = frames(1);
    const target = frames(2);
    expect(loopStatisticsLoss(tf, input, target, target).dataSync()[0]).toBeCloseTo(0, 6);
    const still = loopStatisticsLoss(tf, input, tf.add(input, 0.001) as Tensor4D, target).dataSync()[0]!;
    const halfway = loopStatisticsLoss(tf, input, tf.div(tf.add(input, target), 2) as Tensor4D, target).dataSync()[0]!;
    expect(still).toBeGreaterThan(halfway);
    expect(halfway).toBeGreaterThan(0.05);
    tf.dispose([input, target]);
  });

  it('gives every weight of a U-Net a gradient, and leaves no tensor behind in a tidy', () => {
    const net = createUNet(tf, unetConfig('tiny', 32, { output: 'motion', fullResolutionSkip: true }), 3);
    const input = frames(4);
    const target = frames(5);
    const before = tf.memory().numTensors;
    const counts = tf.tidy(() => {
      const { grads } = tf.variableGrads(() => loopStatisticsLoss(tf, input, runUNet(tf, net, input), target), weightList(net.weights));
      return [Object.keys(grads).length, Object.values(grads).filter((g) => tf.any(tf.notEqual(g, 0)).dataSync()[0] === 1).length];
    });
    expect(counts[0]).toBe(weightList(net.weights).length);
    expect(counts[1]).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
    disposeUNet(net);
    tf.dispose([input, target]);
  });
});

describe('the trainer with a loop-statistics weight', () => {
  it('adds the term to the generator\'s loss only when weighted, so the same draws give other weights', async () => {
    const lastWeights = async (statisticsWeight: number): Promise<Float32Array> => {
      const net = unetConfig('tiny', 32, { output: 'change' });
      const trainer = new Trainer(tf, { generator: net, discriminator: patchGanConfig('tiny'), seed: 7, adversarialWeight: 0, frameDistance: 'L2', jitterScale: 1, statisticsWeight });
      const batch = { inputs: frames(8), targets: frames(9) };
      for (let i = 0; i < 3; i++) await trainer.step(batch);
      const values = weightList(trainer.generator.weights).at(-1)!.dataSync() as Float32Array;
      const copy = Float32Array.from(values);
      trainer.dispose();
      tf.dispose([batch.inputs, batch.targets]);
      return copy;
    };
    const plain = await lastWeights(0);
    expect(await lastWeights(0)).toEqual(plain);
    expect(await lastWeights(1)).not.toEqual(plain);
  });
});
