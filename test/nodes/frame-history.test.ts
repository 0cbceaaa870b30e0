import * as tf from '@tensorflow/tfjs';
import type { Tensor3D } from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { defaultParams, NodeRegistry, Scheduler } from '../../src/core';
import { builtInNodes } from '../../src/nodes';
import { frameHistory, HISTORY_PORTS } from '../../src/nodes/frame-history';
import { GraphBuilder } from '../helpers/graph-builder';
import { bareContext } from '../helpers/node-context';

const size = { width: 4, height: 2 };
const grey = (value: number) => tf.fill([size.height, size.width, 3], value) as Tensor3D;

/** Runs the node frame by frame as the scheduler does (inside tidy), reading each output's grey level. */
function run(seedFrames: number, frames: ReadonlyArray<{ seed?: number; in?: number }>): number[][] {
  const params = { ...defaultParams(frameHistory.params), seedFrames };
  const state = frameHistory.create!({ nodeId: 'h', params, size, ...bareContext() });
  const before = tf.memory().numTensors;
  const levels = frames.map((given, frame) => tf.tidy(() => {
    const inputs = { seed: given.seed === undefined ? undefined : grey(given.seed), in: given.in === undefined ? undefined : grey(given.in) };
    const out = frameHistory.process({ nodeId: 'h', params, size, ...bareContext(), state, frame, time: frame / 30, inputs });
    return HISTORY_PORTS.map((port) => (out[port] as Tensor3D).dataSync()[0]!);
  }));
  // Only the kept frames outlive a frame: at most 4.
  expect(tf.memory().numTensors - before).toBe(Math.min(4, frames.length));
  frameHistory.dispose!(state);
  expect(tf.memory().numTensors).toBe(before);
  return levels.map((row) => row.map((v) => Math.round(v * 10) / 10));
}

describe('frame history', () => {
  it('takes real frames while warming up, then the loop\'s, oldest first, repeating the oldest until 4 have come', () => {
    expect(run(2, [{ seed: 0.1 }, { seed: 0.2, in: 0.9 }, { seed: 0.3, in: 0.8 }, { seed: 0.4, in: 0.7 }, { in: 0.6 }])).toEqual([
      [0.1, 0.1, 0.1, 0.1],
      [0.1, 0.1, 0.1, 0.2],
      [0.1, 0.1, 0.2, 0.8],
      [0.1, 0.2, 0.8, 0.7],
      [0.2, 0.8, 0.7, 0.6],
    ]);
  });

  it('falls back to the real frames while the loop has nothing, and to black with nothing wired', () => {
    expect(run(0, [{ seed: 0.5 }, { seed: 0.4 }])).toEqual([[0.5, 0.5, 0.5, 0.5], [0.5, 0.5, 0.5, 0.4]]);
    expect(run(4, [{}])).toEqual([[0, 0, 0, 0]]);
  });

  it('closes a loop through a multi-scale generator with a flat tensor count', async () => {
    const registry = new NodeRegistry();
    registry.registerAll(builtInNodes);
    const graph = new GraphBuilder(16)
      .node('src', 'train-window-source')
      .node('history', 'frame-history')
      .node('gen', 'multiscale-generator', { preset: 'tiny' })
      .edge('src.frame', 'history.seed')
      .edge('history.t3', 'gen.t3').edge('history.t2', 'gen.t2').edge('history.t1', 'gen.t1').edge('history.t0', 'gen.t0')
      .edge('gen.frame', 'history.in')
      .build();
    const scheduler = new Scheduler({ tf, registry, nodeTiming: 'dispatch' });
    await scheduler.load(graph);
    const unwatch = scheduler.watch('gen');
    for (let i = 0; i < 5; i++) expect(await scheduler.step()).toBe(true);
    const counts: number[] = [];
    for (let i = 0; i < 4; i++) {
      await scheduler.step();
      counts.push(tf.memory().numTensors);
    }
    expect(new Set(counts).size).toBe(1);
    unwatch();
    await scheduler.stop();
  });
});
