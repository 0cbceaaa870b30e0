import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { readAdamState, writeAdamState } from '../../../src/core/training-kit/adam-state';
import type { WeightMap } from '../../../src/core/training-kit/weights';

let counter = 0;
function weights(seed: number): WeightMap {
  counter += 1;
  return {
    kernel: tf.variable(tf.randomNormal([3, 2], 0, 1, 'float32', seed), true, `adam-test-${counter}/kernel`),
    bias: tf.variable(tf.randomNormal([2], 0, 1, 'float32', seed + 1), true, `adam-test-${counter}/bias`),
  };
}

function step(optimizer: tf.Optimizer, net: WeightMap, t: number): void {
  const x = tf.tensor2d([[1, 2, 3]]).mul(t + 1);
  optimizer.minimize(() => tf.sum(tf.square(tf.add(tf.matMul(x, net.kernel!), net.bias!))) as tf.Scalar, false, Object.values(net));
  x.dispose();
}

describe('Adam state', () => {
  it('round-trips moments, iterations and the running β products into a fresh optimizer for other variables', async () => {
    const original = weights(1);
    const optimizer = tf.train.adam(2e-4, 0.5, 0.999);
    // After 5 steps tfjs's own setWeights would restore β2^6 with pow, one bit off the running product.
    for (let t = 0; t < 5; t++) step(optimizer, original, t);
    const state = await readAdamState(optimizer, original);
    expect(state.meta.iterations).toBe(5);
    expect(Object.keys(state.moments)).toEqual(['kernel/m', 'kernel/v', 'bias/m', 'bias/v']);

    const copy = weights(1);
    Object.entries(original).forEach(([name, variable]) => copy[name]!.assign(variable));
    const restored = tf.train.adam(2e-4, 0.5, 0.999);
    await writeAdamState(tf, restored, copy, state);
    expect((await readAdamState(restored, copy)).meta).toEqual(state.meta);

    for (let t = 5; t < 8; t++) {
      step(optimizer, original, t);
      step(restored, copy, t);
    }
    for (const name of Object.keys(original)) expect(copy[name]!.dataSync(), name).toEqual(original[name]!.dataSync());
    optimizer.dispose();
    restored.dispose();
    tf.dispose([...Object.values(original), ...Object.values(copy)]);
  });

  it('refuses moments saved for other weights', async () => {
    const net = weights(3);
    const optimizer = tf.train.adam(0.1);
    step(optimizer, net, 0);
    const state = await readAdamState(optimizer, net);
    const fresh = tf.train.adam(0.1);
    await expect(writeAdamState(tf, fresh, { gamma: net.bias! }, state)).rejects.toThrow(/no "gamma\/m"/);
    optimizer.dispose();
    fresh.dispose();
    tf.dispose(Object.values(net));
  });
});
