import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { defaultParams, defineNode, NodeRegistry, Scheduler } from '../../src/core';
import type { AnyNodeDefinition, JsonValue } from '../../src/core';
import { builtInNodes } from '../../src/nodes';
import { clock } from '../../src/nodes/clock';
import { keyframes } from '../../src/nodes/keyframes';
import { lfo, LFO_WAVEFORMS, waveform } from '../../src/nodes/lfo';
import { mapRange, math } from '../../src/nodes/math';
import { randomWalk, reflect } from '../../src/nodes/random-walk';
import { GraphBuilder } from '../helpers/graph-builder';
import { bareContext } from '../helpers/node-context';

const size = { width: 16, height: 16 };
const FPS = 30;

/** One node instance driven frame by frame as the scheduler drives it (process inside tidy). */
function instance(definition: AnyNodeDefinition, params: Record<string, unknown> = {}) {
  const all = { ...defaultParams(definition.params), ...params } as never;
  const context = { nodeId: 'n', params: all, size, ...bareContext() };
  const state = definition.create?.(context);
  return {
    at: (frame: number, inputs: Record<string, number | undefined> = {}) =>
      tf.tidy(() => definition.process({ ...context, state, frame, time: frame / FPS, inputs }) as never) as Record<string, number>,
    dispose: () => definition.dispose?.(state),
  };
}

const valueAt = (definition: AnyNodeDefinition, params: Record<string, unknown>, frame: number) => instance(definition, params).at(frame)['value']!;

/** Records the numbers wired into it, every frame, by node id. */
const recorded = new Map<string, number[]>();
const numberProbe = defineNode({
  type: 'test/number-probe', version: 1, title: 'Number probe', category: 'Test', volatile: true,
  inputs: [{ name: 'value', type: 'number' }], outputs: [], params: {},
  process: ({ inputs, nodeId }) => {
    recorded.set(nodeId, [...(recorded.get(nodeId) ?? []), inputs.value]);
    return {};
  },
});

/** Runs `source.port` into a probe for `frames` frames through the scheduler; the values it saw. */
async function throughScheduler(type: string, params: Record<string, JsonValue>, port: string, frames: number): Promise<number[]> {
  const registry = new NodeRegistry();
  registry.registerAll([...builtInNodes, numberProbe]);
  const graph = new GraphBuilder(16).node('source', type, params).node('probe', 'test/number-probe').edge(`source.${port}`, 'probe.value').build();
  const scheduler = new Scheduler({ tf, registry });
  await scheduler.load(graph);
  recorded.delete('probe');
  expect(await scheduler.renderFrames(frames)).toBe(true);
  await scheduler.stop();
  return recorded.get('probe') ?? [];
}

describe('LFO', () => {
  it('draws each waveform in 0…1 with the documented start', () => {
    expect(waveform('sine', 0, 1)).toBe(0.5);
    expect(waveform('sine', 0.25, 1)).toBe(1);
    expect(waveform('triangle', 0, 1)).toBe(0);
    expect(waveform('triangle', 0.5, 1)).toBe(1);
    expect(waveform('triangle', 0.75, 1)).toBe(0.5);
    expect(waveform('square', 0.2, 1)).toBe(1);
    expect(waveform('square', 0.7, 1)).toBe(0);
    expect(waveform('saw', 2.25, 1)).toBe(0.25);
    for (const wave of LFO_WAVEFORMS) {
      for (let c = 0; c < 5; c += 0.13) {
        expect(waveform(wave, c, 9)).toBeGreaterThanOrEqual(0);
        expect(waveform(wave, c, 9)).toBeLessThanOrEqual(1);
      }
    }
  });

  it('maps the wave onto min…max at a rate in hertz', () => {
    const params = { waveform: 'saw', timing: 'hertz', rate: 0.5, min: 10, max: 20 };
    expect(valueAt(lfo, params, 0)).toBe(10);
    expect(valueAt(lfo, params, 15)).toBeCloseTo(12.5, 12); // 0.5 s × 0.5 Hz = 0.25 cycles
  });

  it('cycles exactly every N frames when timed in frames, with the phase added', () => {
    const params = { waveform: 'sine', timing: 'frames', period: 8, min: -1, max: 1 };
    expect(valueAt(lfo, params, 2)).toBeCloseTo(1, 12);
    expect(valueAt(lfo, params, 10)).toBeCloseTo(1, 12);
    expect(valueAt(lfo, { ...params, phase: 0.25 }, 0)).toBeCloseTo(1, 12);
  });

  it('wanders smoothly and reproducibly in smooth random, differently for another seed', () => {
    const params = { waveform: 'smooth random', timing: 'frames', period: 10 };
    const run = (seed: number) => Array.from({ length: 60 }, (_, f) => valueAt(lfo, { ...params, seed }, f));
    const a = run(3);
    expect(run(3)).toEqual(a);
    expect(run(4)).not.toEqual(a);
    // Continuous: neighbouring frames are close, so no jumps at the cycle boundaries.
    for (let f = 1; f < a.length; f++) expect(Math.abs(a[f]! - a[f - 1]!)).toBeLessThan(0.2);
    expect(new Set(a.map((v) => v.toFixed(3))).size).toBeGreaterThan(30);
  });

  it('gives the same values through the scheduler, run after run', async () => {
    const params = { waveform: 'triangle', timing: 'frames', period: 6 };
    const first = await throughScheduler('lfo', params, 'value', 13);
    expect(first).toEqual(Array.from({ length: 13 }, (_, f) => waveform('triangle', f / 6, 1)));
    expect(await throughScheduler('lfo', params, 'value', 13)).toEqual(first);
  });
});

describe('Keyframes', () => {
  it('follows its schedule frame by frame', () => {
    const node = instance(keyframes, { schedule: '0:(1.0), 120:(1.04)' });
    expect(node.at(0)['value']).toBe(1);
    expect(node.at(60)['value']).toBeCloseTo(1.02, 12);
    expect(node.at(300)['value']).toBeCloseTo(1.04, 12);
  });

  it('uses the default easing where a keyframe names none', () => {
    expect(valueAt(keyframes, { schedule: '0:(0), 10:(1)', easing: 'ease-in' }, 5)).toBeCloseTo(0.125, 12);
    expect(valueAt(keyframes, { schedule: '0:(0) linear, 10:(1)', easing: 'ease-in' }, 5)).toBeCloseTo(0.5, 12);
  });

  it('fails with the position of a malformed schedule', () => {
    const node = instance(keyframes, { schedule: '0:(1.0), 120:(1.04' });
    expect(() => node.at(0)).toThrow('schedule: position 19: expected ")", found the end');
  });

  it('fails on a value that is not a finite number, naming the frame', () => {
    const node = instance(keyframes, { schedule: '0:(log(t))' });
    expect(() => node.at(0)).toThrow('schedule: the value at frame 0 is -Infinity, not a finite number');
    expect(node.at(1)['value']).toBe(0);
  });

  it('reports the schedule error as the node error through the scheduler', async () => {
    const registry = new NodeRegistry();
    registry.registerAll([...builtInNodes, numberProbe]);
    const graph = new GraphBuilder(16).node('keys', 'keyframes', { schedule: '0:(1), 60:(sin(t)' })
      .node('probe', 'test/number-probe').edge('keys.value', 'probe.value').build();
    const scheduler = new Scheduler({ tf, registry });
    await scheduler.load(graph);
    expect(await scheduler.renderFrames(1)).toBe(false);
    expect(scheduler.nodeStats('keys')).toMatchObject({ status: 'error', message: 'schedule: position 18: expected ")", found the end' });
    await scheduler.stop();
  });

  it('matches the scheduler run to the direct evaluation, twice', async () => {
    const params = { schedule: '0:(1 + 0.1*sin(t/3)) ease-in-out, 12:(s)' };
    const first = await throughScheduler('keyframes', params, 'value', 20);
    expect(first[5]).toBeCloseTo(valueAt(keyframes, params, 5), 12);
    expect(first[19]).toBeCloseTo(19 / 30, 12);
    expect(await throughScheduler('keyframes', params, 'value', 20)).toEqual(first);
  });
});

describe('Math', () => {
  it('adds and multiplies, an unwired input counting as the identity', () => {
    expect(instance(math, { operation: 'add' }).at(0, { a: 2, b: 3 })['value']).toBe(5);
    expect(instance(math, { operation: 'add' }).at(0, { a: 2 })['value']).toBe(2);
    expect(instance(math, { operation: 'multiply' }).at(0, { a: 2, b: 3 })['value']).toBe(6);
    expect(instance(math, { operation: 'multiply' }).at(0, { b: 3 })['value']).toBe(3);
  });

  it('maps a range without clamping, and clamps on its own', () => {
    const map = instance(math, { operation: 'map range', inMin: -1, inMax: 1, outMin: 0.98, outMax: 1.02 });
    expect(map.at(0, { a: 0 })['value']).toBeCloseTo(1, 12);
    expect(map.at(0, { a: 3 })['value']).toBeCloseTo(1.06, 12);
    expect(mapRange(5, 2, 2, 0, 1)).toBe(1);
    expect(mapRange(1, 2, 2, 0, 1)).toBe(0);
    expect(instance(math, { operation: 'clamp', min: 0, max: 1 }).at(0, { a: 3 })['value']).toBe(1);
  });

  it('smooths with one pole, keeping its memory per run', () => {
    const node = instance(math, { operation: 'smooth', smoothing: 1 });
    expect(node.at(0, { a: 0 })['value']).toBe(0);
    expect(node.at(1, { a: 1 })['value']).toBe(0.5);
    expect(node.at(2, { a: 1 })['value']).toBe(0.75);
    // A fresh instance (a reset) starts again from its input.
    expect(instance(math, { operation: 'smooth', smoothing: 1 }).at(0, { a: 1 })['value']).toBe(1);
  });
});

describe('Clock', () => {
  it('gives frame, seconds, beat and beat phase', () => {
    const out = instance(clock, { bpm: 120 }).at(45);
    expect(out).toEqual({ frame: 45, seconds: 1.5, beat: 3, beatPhase: 0 });
    expect(instance(clock, { bpm: 90 }).at(10)['beatPhase']).toBeCloseTo(0.5, 12);
  });

  it('counts beats through the scheduler', async () => {
    const beats = await throughScheduler('clock', { bpm: 600 }, 'beat', 12);
    expect(beats).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3]);
  });
});

describe('Random walk', () => {
  it('starts in the middle and moves by at most a step per frame, inside its bounds', () => {
    const node = instance(randomWalk, { seed: 5, step: 0.3, min: 0, max: 1 });
    let previous = node.at(0)['value']!;
    expect(previous).toBe(0.5);
    for (let f = 1; f < 500; f++) {
      const value = node.at(f)['value']!;
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
      expect(Math.abs(value - previous)).toBeLessThanOrEqual(0.3 + 1e-12);
      previous = value;
    }
  });

  it('is a function of seed and frame: skipping frames or going back gives the same values', () => {
    const params = { seed: 11, step: 0.05 };
    const steady = instance(randomWalk, params);
    const values = Array.from({ length: 40 }, (_, f) => steady.at(f)['value']!);
    const jumpy = instance(randomWalk, params);
    expect(jumpy.at(39)['value']).toBe(values[39]);
    expect(jumpy.at(7)['value']).toBe(values[7]);
    expect(instance(randomWalk, { ...params, seed: 12 }).at(39)['value']).not.toBe(values[39]);
  });

  it('reflects off the bounds however far a step overshoots', () => {
    expect(reflect(1.2, 0, 1)).toBeCloseTo(0.8, 12);
    expect(reflect(-0.3, 0, 1)).toBeCloseTo(0.3, 12);
    expect(reflect(2.5, 0, 1)).toBeCloseTo(0.5, 12);
    expect(reflect(3, 1, 1)).toBe(1);
  });

  it('repeats exactly through the scheduler', async () => {
    const params = { seed: 2, step: 0.1 };
    const first = await throughScheduler('random-walk', params, 'value', 25);
    expect(new Set(first).size).toBeGreaterThan(20);
    expect(await throughScheduler('random-walk', params, 'value', 25)).toEqual(first);
  });
});
