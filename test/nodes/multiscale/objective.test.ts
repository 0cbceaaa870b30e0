import * as tf from '@tensorflow/tfjs';
import type { NamedTensorMap, Tensor4D } from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { weightList } from '../../../src/core/training-kit/weights';
import { createMultiScaleDiscriminator, disposeMultiScaleDiscriminator } from '../../../src/nodes/multiscale/discriminator';
import { createMultiScaleGenerator, disposeMultiScaleGenerator, runMultiScaleGenerator } from '../../../src/nodes/multiscale/model';
import { generatorObjective } from '../../../src/nodes/multiscale/objective';
import type { ObjectiveWeights } from '../../../src/nodes/multiscale/objective';
import { MICRO_DISCRIMINATOR, MICRO_GENERATOR } from './micro-nets';

const generator = createMultiScaleGenerator(tf, MICRO_GENERATOR, 1);
const discriminator = createMultiScaleDiscriminator(tf, MICRO_DISCRIMINATOR, 2);
const clips = {
  history: tf.randomUniform([2, 32, 32, 12], -1, 1, 'float32', 3) as Tensor4D,
  target: tf.randomUniform([2, 32, 32, 3], -1, 1, 'float32', 4) as Tensor4D,
};
afterAll(() => {
  disposeMultiScaleGenerator(generator);
  disposeMultiScaleDiscriminator(discriminator);
  tf.dispose([clips.history, clips.target]);
});

/** G's gradients (by weight name) of the objective with these weights, as plain arrays. */
function generatorGradients(weights: Partial<ObjectiveWeights>): Record<string, Float32Array> {
  const all: ObjectiveWeights = { norm: 2, lpWeight: 1, gdlWeight: 1, gdlAlpha: 1, advWeight: 0.05, ...weights };
  return tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => generatorObjective(tf, generator, discriminator, clips, all, 'patches').total, weightList(generator.weights));
    value.dispose();
    return Object.fromEntries(Object.entries(grads as NamedTensorMap).map(([name, grad]) => [name, grad.dataSync() as Float32Array]));
  });
}

const largest = (values: Float32Array) => values.reduce((max, v) => Math.max(max, Math.abs(v)), 0);

describe('multi-scale objective', () => {
  it('predicts at 4 scales, coarsest first, in [−1, 1], on any size divisible by 8', () => {
    const predictions = tf.tidy(() => runMultiScaleGenerator(tf, generator, tf.zeros([1, 24, 40, 12]) as Tensor4D).map((p) => p.shape));
    expect(predictions).toEqual([[1, 3, 5, 3], [1, 6, 10, 3], [1, 12, 20, 3], [1, 24, 40, 3]]);
    expect(() => tf.tidy(() => runMultiScaleGenerator(tf, generator, tf.zeros([1, 20, 40, 12]) as Tensor4D))).toThrow('frame sides divisible by 8, got 40×20');
  });

  it('sends the adversarial term\'s gradient through the discriminators into every generator weight (the dyelax bug cannot return)', () => {
    // Adversarial term alone: were D's output a constant for G (dyelax's placeholders), every gradient would be 0.
    const adversarialOnly = generatorGradients({ lpWeight: 0, gdlWeight: 0, advWeight: 1 });
    const names = Object.keys(adversarialOnly);
    expect(names.length).toBe(Object.keys(generator.weights).length);
    for (const name of names) expect(largest(adversarialOnly[name]!), name).toBeGreaterThan(0);
    // With the default weight it changes G's gradient next to L2 + GDL alone.
    const without = generatorGradients({ advWeight: 0 });
    const withAdversarial = generatorGradients({ advWeight: 0.05 });
    for (const name of names) {
      const difference = largest(withAdversarial[name]!.map((v, i) => v - without[name]![i]!));
      const expected = largest(adversarialOnly[name]!.map((v) => 0.05 * v));
      expect(difference, name).toBeCloseTo(expected, 6);
    }
    // The finest scale's output layer, nearest to D: the change is far above float noise.
    const last = names.find((name) => name.endsWith('/scale3/conv1/kernel'))!;
    expect(largest(withAdversarial[last]!.map((v, i) => v - without[last]![i]!)) / largest(without[last]!)).toBeGreaterThan(1e-4);
  });
});
