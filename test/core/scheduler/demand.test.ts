import * as tf from '@tensorflow/tfjs';
import { beforeEach, describe, expect, it } from 'vitest';
import { defineNode, NodeRegistry, Scheduler } from '../../../src/core';
import { frameHistory } from '../../../src/nodes/frame-history';
import { GraphBuilder } from '../../helpers/graph-builder';
import { probeValues, processCalls, resetRecorders, testRegistry } from '../../helpers/test-nodes';

const registry = testRegistry();
const withFrameHistory = testRegistry();
withFrameHistory.register(frameHistory);

/** A clock (volatile, like a video source) seeds the loop through a second node; f(x) = x + 1 loops. */
function seededLoop() {
  return new GraphBuilder()
    .node('src', 'test/clock').node('pre', 'test/affine', { scale: 1, offset: 10 }).node('fb', 'feedback').node('f', 'test/affine', { scale: 1, offset: 1 })
    .node('seen', 'test/probe')
    .edge('src.out', 'pre.in').edge('pre.out', 'fb.seed').edge('fb.out', 'f.in').edge('f.out', 'fb.in').edge('f.out', 'seen.in')
    .build();
}

describe('idle branches', () => {
  beforeEach(resetRecorders);

  it('runs the branch feeding a Feedback seed on frame 0 and after a reset only, with the same frames', async () => {
    const scheduler = new Scheduler({ tf, registry });
    await scheduler.load(seededLoop());
    await scheduler.renderFrames(5);
    expect(processCalls.get('src')).toBe(1);
    expect(processCalls.get('pre')).toBe(1);
    expect(processCalls.get('f')).toBe(5);
    expect(probeValues.get('seen')).toEqual([11, 12, 13, 14, 15]);
    expect(scheduler.nodeStats('src')).toMatchObject({ status: 'idle', message: 'idle: only idle nodes read it this frame' });
    expect(scheduler.nodeStats('pre')).toMatchObject({ status: 'idle', message: 'idle: Feedback reads its "Seed" input only while "Loop in" is empty (frame 0, after a reset)' });

    await scheduler.reset();
    await scheduler.renderFrames(2);
    expect(processCalls.get('src')).toBe(2);
    // The clock says frame 0 again after the reset: the seed is recomputed, not replayed from before.
    expect(probeValues.get('seen')!.slice(5)).toEqual([11, 12]);
    await scheduler.stop();
  });

  it('keeps the tensor count flat while the seed branch rests', async () => {
    const scheduler = new Scheduler({ tf, registry });
    await scheduler.load(seededLoop());
    await scheduler.renderFrames(3);
    const settled = tf.memory().numTensors;
    await scheduler.renderFrames(10);
    expect(tf.memory().numTensors).toBe(settled);
    await scheduler.stop();
  });

  it('runs a resting node every frame while something watches it with run, and a node that also feeds a live input', async () => {
    const scheduler = new Scheduler({ tf, registry });
    await scheduler.load(seededLoop());
    const unwatch = scheduler.watch('src', { run: true });
    await scheduler.renderFrames(4);
    expect(processCalls.get('src')).toBe(4);
    expect(processCalls.get('pre')).toBe(1);
    unwatch();
    const thumbnail = scheduler.watch('src');
    await scheduler.renderFrames(2);
    expect(processCalls.get('src')).toBe(4);
    thumbnail();

    const shared = new GraphBuilder().node('src', 'test/clock').node('fb', 'feedback').node('f', 'test/affine').node('other', 'test/probe')
      .edge('src.out', 'fb.seed').edge('fb.out', 'f.in').edge('f.out', 'fb.in').edge('src.out', 'other.in').build();
    resetRecorders();
    await scheduler.load(shared);
    await scheduler.renderFrames(3);
    expect(processCalls.get('src')).toBe(3);
    await scheduler.stop();
  });

  it('reads the seed every frame when the loop input is not wired, and runs nodes whose outputs nobody reads yet', async () => {
    const graph = new GraphBuilder().node('src', 'test/clock').node('fb', 'feedback').node('seen', 'test/probe').node('dangling', 'test/affine')
      .edge('src.out', 'fb.seed').edge('fb.out', 'seen.in').edge('src.out', 'dangling.in').build();
    const scheduler = new Scheduler({ tf, registry });
    await scheduler.load(graph);
    await scheduler.renderFrames(3);
    expect(probeValues.get('seen')).toEqual([0, 1, 2]);
    expect(processCalls.get('dangling')).toBe(3);
    await scheduler.stop();
  });

  it('feeds a Frame History real frames for its first "Real frames first" frames, then rests the source', async () => {
    const graph = new GraphBuilder().node('src', 'test/clock').node('history', 'frame-history', { seedFrames: 3 }).node('f', 'test/affine', { scale: 1, offset: 0 })
      .edge('src.out', 'history.seed').edge('history.t0', 'f.in').edge('f.out', 'history.in').build();
    const scheduler = new Scheduler({ tf, registry: withFrameHistory });
    await scheduler.load(graph);
    await scheduler.renderFrames(6);
    expect(processCalls.get('src')).toBe(3);
    expect(scheduler.nodeStats('src')?.message).toBe('idle: Frame History reads its "Real frames" input only for its first "Real frames first" frames and while "Loop in" is empty');
    await scheduler.stop();
  });

  it('refuses a readWhen without a test and a description', () => {
    const bad = defineNode({
      type: 'test/bad-rule', version: 1, title: 'Bad', category: 'Test', params: {},
      inputs: [{ name: 'a', type: 'frame', optional: true, readWhen: { test: () => true, description: '' } }], outputs: [],
      process: () => ({}),
    });
    expect(() => new NodeRegistry().register(bad)).toThrow('input "a" has a readWhen without a test function and a description');
  });
});
