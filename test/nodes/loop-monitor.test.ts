import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { JsonValue, SchedulerEvent } from '../../src/core';
import { GraphBuilder } from '../helpers/graph-builder';
import { channelStats, frameOf, rampTensor, startScheduler, testMonitors } from './monitor/monitor-graph';

/** The history the monitors publish through the scheduler's host, kept as the app keeps it. */
const monitorStore = () => testMonitors;

const W = 8;

/** input → monitor `mon` (→ its output watched), with an optional reference node. */
function monitored(input: [string, Record<string, JsonValue>], monitor: Record<string, JsonValue>, reference?: [string, Record<string, JsonValue>]) {
  const g = new GraphBuilder(W).node('in', input[0], input[1]).node('mon', 'loop-monitor', monitor).edge('in.out', 'mon.frame');
  if (reference) g.node('ref', reference[0], reference[1]).edge('ref.out', 'mon.reference');
  return g.build();
}

function readings(nodeId = 'mon') {
  return monitorStore().get(nodeId)?.readings() ?? [];
}

describe('loop monitor', () => {
  it('reads back the window means one frame after every readEvery frames: a ramp moving 1 px per frame', async () => {
    const scheduler = await startScheduler(monitored(['test/ramp', { speed: 1 }], { readEvery: 2 }));
    await scheduler.renderFrames(2);
    expect(readings()).toHaveLength(0);
    await scheduler.renderFrames(1);
    expect(readings()).toHaveLength(1);
    const [first] = readings();
    expect(first).toMatchObject({ frame: 1, frames: 2, nonFinite: 0, problems: [], action: undefined });
    // Frame 0: W − 1 steps of 1/W per row. Frame 1 starts at (W − 1)/W, so one of its W − 1 steps is the wrap-around drop.
    const frame1 = (W - 2 + (W - 1) ** 2) / (W * W * (W - 1));
    expect(first!.detail).toBeCloseTo((1 / (W * W) + frame1) / 2, 6);
    // Only frame 1 has a previous frame; its wrap-around shift changes W − 1 columns by 1/W and one by (W − 1)/W.
    expect(first!.motion).toBeCloseTo((2 * (W - 1)) / (W * W), 6);
    // A shifted ramp holds the same colours as frame 0 (the reference when none is wired).
    expect(first!.histogram).toBeCloseTo(0, 6);
    await scheduler.stop();
  });

  it('reads a frozen flat grey frame as detail 0 and motion 0, and only warns by default', async () => {
    const scheduler = await startScheduler(monitored(['test/const', { value: 0.5 }], { readEvery: 3 }), ['mon']);
    expect(await scheduler.renderFrames(7)).toBe(true);
    const [first, second] = readings();
    expect(first).toMatchObject({ detail: 0, motion: 0, histogram: 0, action: 'warn' });
    expect(first!.problems).toEqual(['detail 0 < 2.00e-4', 'motion 0 < 5.00e-4']);
    expect(second!.frame).toBe(5);
    expect(monitorStore().get('mon')!.lastCollapse()).toBe(second);
    expect(Array.from(await frameOf(scheduler, 'mon')).every((v) => v === 0.5)).toBe(true);
    await scheduler.stop();
  });

  it('counts NaN and Inf values and reports them as a collapse', async () => {
    const scheduler = await startScheduler(monitored(['test/ramp', { speed: 1, nans: 5 }], { readEvery: 1 }));
    await scheduler.renderFrames(2);
    expect(readings()[0]).toMatchObject({ nonFinite: 5, problems: ['5 NaN/Inf values per frame'] });
    await scheduler.stop();
  });

  it('pauses the loop on a collapse, with a reason saying why and no node error, and goes on when run again', async () => {
    const scheduler = await startScheduler(monitored(['test/const', { value: 0.5 }], { readEvery: 2, action: 'pause', minMotion: 0 }));
    const errors: string[] = [];
    const reasons: string[] = [];
    scheduler.on((e: SchedulerEvent) => {
      if (e.type === 'nodeerrored') errors.push(e.message);
      if (e.type === 'statechanged' && e.reason) reasons.push(e.reason);
    });
    // Frame 2 reads frames 0–1 back, asks for the pause and completes: the render stops after it.
    expect(await scheduler.renderFrames(5)).toBe(false);
    expect(scheduler.frame).toBe(3);
    expect(reasons).toEqual([expect.stringMatching(/^Loop collapse over frames 0–1: detail 0 < 2\.00e-4\. The monitor paused the loop/)]);
    expect(errors).toEqual([]);
    expect(scheduler.nodeStats('mon')?.status).toBe('ok');
    expect(await scheduler.renderFrames(1)).toBe(true);
    expect(scheduler.frame).toBe(4);
    await scheduler.stop();
  });

  it('pauses a running loop', async () => {
    const scheduler = await startScheduler(monitored(['test/const', { value: 0.5 }], { readEvery: 1, action: 'pause' }));
    scheduler.setMode('offline');
    const paused = new Promise<void>((resolve) => scheduler.on((e) => { if (e.type === 'statechanged' && e.state === 'paused') resolve(); }));
    scheduler.run();
    await paused;
    await scheduler.pause();
    expect(scheduler.state).toBe('paused');
    // Frame 1 reads frame 0 back and asks for the pause; it completes first.
    expect(scheduler.frame).toBe(2);
    await scheduler.stop();
  });

  it('reseeds: outputs the reference once, on the frame after the collapse is read', async () => {
    const graph = monitored(['test/const', { value: 0.5 }], { readEvery: 2, action: 'reseed' }, ['test/ramp', { shift: 3 }]);
    const scheduler = await startScheduler(graph, ['mon']);
    const outputs: number[][] = [];
    await scheduler.renderFrames(4, async () => { outputs.push(Array.from(await frameOf(scheduler, 'mon'))); });
    const reference = Array.from(rampTensor(W, W, 3).dataSync());
    expect(outputs[1]!.every((v) => v === 0.5)).toBe(true);
    expect(outputs[2]).toEqual(reference);
    expect(outputs[3]!.every((v) => v === 0.5)).toBe(true);
    expect(readings()[0]!.action).toBe('reseed');
    await scheduler.stop();
  });

  it('reseeds from the first frame it saw when no reference is wired', async () => {
    const scheduler = await startScheduler(monitored(['test/ramp', { speed: 1, nans: 3 }], { readEvery: 1, action: 'reseed' }), ['mon']);
    await scheduler.renderFrames(2);
    // Frame 0 with its NaNs zeroed.
    const first = Array.from(rampTensor(W, W, 0, { nans: 3 }).dataSync()).map((v) => (Number.isNaN(v) ? 0 : v));
    expect(Array.from(await frameOf(scheduler, 'mon'))).toEqual(first);
    await scheduler.stop();
  });

  it('colour-matches to the reference per channel until a read-back finds the loop healthy', async () => {
    const tinted = { speed: 1, scale: 0.3, offsetR: 0.6, offsetG: 0.1, offsetB: 0.2 };
    const graph = monitored(['test/ramp', tinted], { readEvery: 2, action: 'colour-match', maxHistogram: 0.2 }, ['test/ramp', { scale: 0.8, offsetR: 0.1, offsetG: 0.15 }]);
    const scheduler = await startScheduler(graph, ['mon']);
    const stats: ReturnType<typeof channelStats>[] = [];
    await scheduler.renderFrames(4, async () => { stats.push(channelStats(await frameOf(scheduler, 'mon'))); });
    const want = channelStats(rampTensor(W, W, 0, { scale: 0.8, offsetR: 0.1, offsetG: 0.15 }).dataSync() as Float32Array);
    expect(stats[1]!.mean[0]).toBeCloseTo(0.6 + 0.3 * (W - 1) / (2 * W), 5);
    for (const frame of [2, 3]) {
      for (let c = 0; c < 3; c++) {
        expect(stats[frame]!.mean[c]).toBeCloseTo(want.mean[c]!, 5);
        expect(stats[frame]!.std[c]).toBeCloseTo(want.std[c]!, 5);
      }
    }
    expect(readings()[0]!.problems[0]).toMatch(/^colour distance .* > 0\.200$/);
    await scheduler.stop();
  });

  it('keeps the tensor count flat over 200 frames of a loop with a monitor and a mix, and releases everything on stop', async () => {
    const baseline = tf.memory().numTensors;
    const graph = new GraphBuilder(16)
      .node('source', 'test/ramp', { speed: 1 }).node('fb', 'feedback').node('shift', 'shift-blend', { dx: -1, dy: 1, mix: 0.05 })
      .node('mix', 'model-mix', { mode: 'crossfade', period: 7 }).node('mon', 'loop-monitor', { readEvery: 1, action: 'colour-match', maxHistogram: 0 })
      .node('out', 'preview')
      .edge('source.out', 'fb.seed').edge('fb.out', 'shift.frame').edge('shift.frame', 'mix.a').edge('fb.out', 'mix.b')
      .edge('mix.frame', 'mon.frame').edge('source.out', 'mon.reference').edge('mon.frame', 'fb.in').edge('mon.frame', 'out.frame')
      .build();
    const scheduler = await startScheduler(graph, ['out']);
    const counts: number[] = [];
    expect(await scheduler.renderFrames(200, () => { counts.push(tf.memory().numTensors); })).toBe(true);
    expect(new Set(counts.slice(2))).toEqual(new Set([counts[2]]));
    expect(readings()).toHaveLength(199);
    await scheduler.stop();
    expect(tf.memory().numTensors).toBe(baseline);
    expect(monitorStore().get('mon')).toBeUndefined();
  });

  it('keeps the count flat with the default read-back every 10 frames, and across a reset', async () => {
    const scheduler = await startScheduler(monitored(['test/ramp', { speed: 1 }], {}), ['mon']);
    const counts: number[] = [];
    await scheduler.renderFrames(60, () => { counts.push(tf.memory().numTensors); });
    for (let i = 20; i < 60; i++) expect(counts[i]).toBe(counts[i - 10]);
    const log = monitorStore().get('mon');
    await scheduler.reset();
    expect(monitorStore().get('mon')).not.toBe(log);
    await scheduler.renderFrames(60, () => { counts.push(tf.memory().numTensors); });
    expect(counts.slice(60)).toEqual(counts.slice(0, 60));
    await scheduler.stop();
  });
});
