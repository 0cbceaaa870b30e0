import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { Tensor3D } from '@tensorflow/tfjs';
import type { InputsOf } from '../../src/core';
import { defaultParams } from '../../src/core';
import { mixWeights, modelMix } from '../../src/nodes/model-mix';
import { bareContext } from '../helpers/node-context';
import { GraphBuilder } from '../helpers/graph-builder';
import { frameOf, startScheduler } from './monitor/monitor-graph';

const size = { width: 4, height: 3 };
const options = { every: 3, period: 4, weights: { a: 1, b: 1, c: 1, d: 1 } };

/** Runs the node once on flat inputs of the given values; returns the output's first value. */
function mixOnce(values: Record<string, number>, params: Record<string, unknown>, frame = 0): { value: number; passedThrough: boolean } {
  // Built from whichever ports the case names; the node itself checks that `a` is there.
  const inputs = Object.fromEntries(Object.entries(values).map(([name, v]) => [name, tf.fill([size.height, size.width, 3], v) as Tensor3D])) as InputsOf<typeof modelMix>;
  const all = { ...defaultParams(modelMix.params), ...params } as never;
  const out = tf.tidy(() => modelMix.process({ nodeId: 'mix', params: all, size, ...bareContext(), state: undefined, frame, time: 0, inputs }).frame as Tensor3D);
  const result = { value: out.dataSync()[0]!, passedThrough: Object.values(inputs).includes(out) };
  tf.dispose([...Object.values(inputs), out]);
  return result;
}

describe('mix schedule', () => {
  it('alternates through the connected inputs every N frames', () => {
    const picks = Array.from({ length: 10 }, (_, f) => Object.keys(mixWeights('alternate', ['a', 'b', 'c'], f, options))[0]);
    expect(picks).toEqual(['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c', 'a']);
  });

  it('skips unconnected inputs when alternating', () => {
    const picks = Array.from({ length: 7 }, (_, f) => Object.keys(mixWeights('alternate', ['a', 'c'], f, options))[0]);
    expect(picks).toEqual(['a', 'a', 'a', 'c', 'c', 'c', 'a']);
  });

  it('normalises blend weights over the connected inputs, and averages when they are all 0', () => {
    expect(mixWeights('blend', ['a', 'b'], 0, { ...options, weights: { a: 0.25, b: 0.75, c: 1 } })).toEqual({ a: 0.25, b: 0.75 });
    expect(mixWeights('blend', ['a', 'b'], 0, { ...options, weights: { a: 0.125, b: 0.375 } })).toEqual({ a: 0.25, b: 0.75 });
    expect(mixWeights('blend', ['a', 'b'], 0, { ...options, weights: { a: 0, b: 0 } })).toEqual({ a: 0.5, b: 0.5 });
  });

  it('crossfades: each input whole at multiples of the period, half way between, smooth in between', () => {
    const at = (f: number) => mixWeights('crossfade', ['a', 'b'], f, options);
    expect(at(0)).toEqual({ a: 1 });
    expect(at(4)).toEqual({ b: 1 });
    expect(at(8)).toEqual({ a: 1 });
    expect(at(2).a).toBeCloseTo(0.5, 12);
    expect(at(1).b).toBeCloseTo(0.5 - 0.5 * Math.cos(Math.PI / 4), 12);
    expect(at(6).a).toBeCloseTo(0.5, 12);
  });

  it('holds a single connected input in every mode', () => {
    for (const mode of ['alternate', 'blend', 'crossfade'] as const) expect(mixWeights(mode, ['b'], 5, options)).toEqual({ b: 1 });
  });
});

describe('mix node', () => {
  it('passes the chosen input through untouched when it alone is used', () => {
    expect(mixOnce({ a: 0.1, b: 0.2 }, { mode: 'alternate', every: 2 }, 2)).toEqual({ value: expect.closeTo(0.2, 6), passedThrough: true });
  });

  it('blends by weight', () => {
    expect(mixOnce({ a: 0.2, b: 0.6 }, { mode: 'blend', weightA: 0.25, weightB: 0.75 }).value).toBeCloseTo(0.5, 6);
    expect(mixOnce({ a: 0.2, b: 0.6, c: 1 }, { mode: 'blend', weightA: 1, weightB: 1, weightC: 0 }).value).toBeCloseTo(0.4, 6);
  });

  it('crossfades between its endpoints', () => {
    expect(mixOnce({ a: 0.2, b: 0.6 }, { mode: 'crossfade', period: 10 }, 0).value).toBeCloseTo(0.2, 6);
    expect(mixOnce({ a: 0.2, b: 0.6 }, { mode: 'crossfade', period: 10 }, 5).value).toBeCloseTo(0.4, 6);
    expect(mixOnce({ a: 0.2, b: 0.6 }, { mode: 'crossfade', period: 10 }, 10).value).toBeCloseTo(0.6, 6);
  });

  it('switches static inputs in a running graph (it is never served from the cache)', async () => {
    const graph = new GraphBuilder(4)
      .node('a', 'test/const', { value: 0.1 }).node('c', 'test/const', { value: 0.3 }).node('mix', 'model-mix', { mode: 'alternate', every: 2 })
      .edge('a.out', 'mix.a').edge('c.out', 'mix.c').build();
    const scheduler = await startScheduler(graph, ['mix']);
    const seen: number[] = [];
    await scheduler.renderFrames(6, async () => { seen.push((await frameOf(scheduler, 'mix'))[0]!); });
    expect(seen.map((v) => Math.round(v * 10) / 10)).toEqual([0.1, 0.1, 0.3, 0.3, 0.1, 0.1]);
    await scheduler.stop();
  });
});
