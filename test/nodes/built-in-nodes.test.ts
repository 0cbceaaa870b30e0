import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { Tensor3D } from '@tensorflow/tfjs';
import type { AnyNodeDefinition } from '../../src/core';
import { defaultParams } from '../../src/core';
import { bareContext } from '../helpers/node-context';
import { shiftBlend } from '../../src/nodes/shift-blend';
import { trainWindowSource } from '../../src/nodes/train-window-source';
import { feedback } from '../../src/nodes/feedback';

const size = { width: 32, height: 24 };

function run(definition: AnyNodeDefinition, inputs: Record<string, Tensor3D | undefined>, params: Record<string, unknown> = {}, frame = 0) {
  const all = { ...defaultParams(definition.params), ...params } as never;
  const state = definition.create?.({ nodeId: 'n', params: all, size, ...bareContext() });
  return tf.tidy(() => definition.process({ nodeId: 'n', params: all, size, ...bareContext(), state, frame, time: frame / 30, inputs }) as never) as Record<string, Tensor3D>;
}

describe('train window source', () => {
  it('renders the same frame for the same seed and time', () => {
    const a = run(trainWindowSource, {}, { seed: 3 }, 12).frame!;
    const b = run(trainWindowSource, {}, { seed: 3 }, 12).frame!;
    expect(a.shape).toEqual([24, 32, 3]);
    expect(tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]).toBe(0);
    tf.dispose([a, b]);
  });

  it('stays in [0, 1], differs between seeds, and moves from frame to frame', () => {
    const a = run(trainWindowSource, {}, { seed: 3 }, 0).frame!;
    const b = run(trainWindowSource, {}, { seed: 4 }, 0).frame!;
    const later = run(trainWindowSource, {}, { seed: 3 }, 5).frame!;
    expect(tf.min(a).dataSync()[0]).toBeGreaterThanOrEqual(0);
    expect(tf.max(a).dataSync()[0]).toBeLessThanOrEqual(1);
    expect(tf.mean(tf.abs(tf.sub(a, b))).dataSync()[0]).toBeGreaterThan(0.001);
    expect(tf.mean(tf.abs(tf.sub(a, later))).dataSync()[0]).toBeGreaterThan(0.001);
    tf.dispose([a, b, later]);
  });

  it('moves its near layers right to left: the bottom rows shift left over time', () => {
    // Compare frame 1 with frame 0 shifted left by a few pixels: closer than unshifted.
    const f0 = run(trainWindowSource, {}, { seed: 1, poles: true }, 0).frame!;
    const f1 = run(trainWindowSource, {}, { seed: 1, poles: true }, 1).frame!;
    const rows = (t: Tensor3D) => tf.slice(t, [20, 0, 0], [4, -1, -1]);
    const errorAt = (shift: number) => tf.tidy(() => {
      const a = tf.slice(rows(f0), [0, shift, 0], [-1, 32 - 4, -1]);
      const b = tf.slice(rows(f1), [0, 0, 0], [-1, 32 - 4, -1]);
      return tf.mean(tf.abs(tf.sub(a, b))).dataSync()[0]!;
    });
    const best = [1, 2, 3, 4].map(errorAt).reduce((m, e) => Math.min(m, e));
    expect(best).toBeLessThan(errorAt(0));
    tf.dispose([f0, f1]);
  });
});

describe('shift + blend', () => {
  it('scrolls the frame with wrap-around', () => {
    const frame = tf.tidy(() => tf.tile(tf.reshape(tf.range(0, 32), [1, 32, 1]), [24, 1, 3]).div(32)) as Tensor3D;
    const out = run(shiftBlend, { frame }, { dx: -2, dy: 0, gain: 1, mix: 0 }).frame!;
    const row = Array.from(tf.slice(out, [0, 0, 0], [1, -1, 1]).dataSync()).map((v) => Math.round(v * 32));
    expect(row.slice(0, 3)).toEqual([2, 3, 4]);
    expect(row.slice(-2)).toEqual([0, 1]);
    tf.dispose([frame, out]);
  });

  it('mixes the source in by the mix amount', () => {
    const frame = tf.zeros([24, 32, 3]) as Tensor3D;
    const source = tf.ones([24, 32, 3]) as Tensor3D;
    const out = run(shiftBlend, { frame, source }, { dx: 0, dy: 0, gain: 1, mix: 0.25 }).frame!;
    expect(tf.mean(out).dataSync()[0]).toBeCloseTo(0.25, 6);
    tf.dispose([frame, source, out]);
  });
});

describe('feedback', () => {
  it('prefers the delayed input, then the seed, then black', () => {
    const a = tf.ones([24, 32, 3]) as Tensor3D;
    const b = tf.zeros([24, 32, 3]) as Tensor3D;
    expect(run(feedback, { in: a, seed: b }).out).toBe(a);
    expect(run(feedback, { in: undefined, seed: b }).out).toBe(b);
    const black = run(feedback, {}).out!;
    expect(black.shape).toEqual([24, 32, 3]);
    expect(tf.max(black).dataSync()[0]).toBe(0);
    tf.dispose([a, b, black]);
  });
});
