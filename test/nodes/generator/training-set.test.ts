import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import type { DriftedPair } from '../../../src/nodes/generator/feedback-drifts';
import { RandomStream } from '../../../src/core/training-kit/random-stream';
import { DriftPairPool, realPairCount, sampleBatch } from '../../../src/nodes/generator/training-set';

/** Frames whose every pixel is index / 100, so a batch reveals which frames it holds. */
const frames = tf.tidy(() => tf.mul(tf.reshape(tf.range(0, 10), [10, 1, 1, 1]), tf.ones([10, 2, 2, 3])).div(100)) as tf.Tensor4D;
afterAll(() => frames.dispose());

function drifted(target: number, value: number, applications = 1): DriftedPair {
  return { input: tf.fill([2, 2, 3], value) as tf.Tensor3D, target, applications };
}

const firstPixels = (batch: tf.Tensor4D) => [...tf.tidy(() => tf.slice(batch, [0, 0, 0, 0], [-1, 1, 1, 1]).mul(100).round().dataSync())];

describe('training set', () => {
  it('keeps one drifted pair per target frame: a newer one replaces and disposes the older', () => {
    const pool = new DriftPairPool();
    const old = drifted(4, 0.5);
    pool.add([old, drifted(5, 0.6)]);
    pool.add([drifted(4, 0.7, 3)]);
    expect(pool.size).toBe(2);
    expect(old.input.isDisposed).toBe(true);
    expect(pool.pairs.map((pair) => [pair.target, pair.applications])).toEqual([[5, 1], [4, 3]]);
    pool.dispose();
    expect(pool.size).toBe(0);
  });

  it('drops the pairs added longest ago beyond its capacity', () => {
    const pool = new DriftPairPool(2);
    const first = drifted(1, 0.1);
    pool.add([first, drifted(2, 0.2), drifted(3, 0.3)]);
    expect(pool.pairs.map((pair) => pair.target)).toEqual([2, 3]);
    expect(first.input.isDisposed).toBe(true);
    pool.dispose();
  });

  it('pairs real frames n → n + k', () => {
    expect(realPairCount(10, 1)).toBe(9);
    expect(realPairCount(10, 3)).toBe(7);
    const batch = sampleBatch(tf, { frames, frameStep: 3 }, 16, new RandomStream(1));
    const inputs = firstPixels(batch.inputs);
    expect(firstPixels(batch.targets)).toEqual(inputs.map((n) => n + 3));
    expect(Math.max(...inputs)).toBeLessThanOrEqual(6);
    tf.dispose([batch.inputs, batch.targets]);
  });

  it('draws drifted pairs with their true next frames alongside the real pairs', () => {
    const pool = new DriftPairPool();
    pool.add([drifted(7, 0.55)]);
    const batch = sampleBatch(tf, { frames, drifted: pool }, 64, new RandomStream(2));
    const inputs = firstPixels(batch.inputs);
    const targets = firstPixels(batch.targets);
    const driftedRows = inputs.flatMap((value, i) => (value === 55 ? [i] : []));
    expect(driftedRows.length).toBeGreaterThan(0);
    for (const row of driftedRows) expect(targets[row]).toBe(7);
    inputs.forEach((value, i) => { if (value !== 55) expect(targets[i]).toBe(value + 1); });
    tf.dispose([batch.inputs, batch.targets]);
    pool.dispose();
  });

  it('draws the same batches from the same random state', () => {
    const a = sampleBatch(tf, { frames }, 8, new RandomStream(5));
    const b = sampleBatch(tf, { frames }, 8, new RandomStream(5));
    expect(firstPixels(a.inputs)).toEqual(firstPixels(b.inputs));
    tf.dispose([a.inputs, a.targets, b.inputs, b.targets]);
  });
});
