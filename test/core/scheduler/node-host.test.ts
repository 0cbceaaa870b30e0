import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { Tensor3D, SchedulerEvent } from '../../../src/core';
import { defineNode, NodeRegistry, Scheduler } from '../../../src/core';
import { GraphBuilder } from '../../helpers/graph-builder';

/** Publishes the frame index and its input's mean (read back: plain data) on `readings`; asks for a pause at `pauseAt`. */
const reporter = defineNode({
  type: 'test/reporter', version: 1, title: 'Reporter', category: 'Test', volatile: true,
  inputs: [], outputs: [{ name: 'out', type: 'frame' }],
  params: { pauseAt: { kind: 'number', label: 'Pause at', default: -1, min: -1, max: 100, step: 1 } },
  create: ({ host }) => { host?.publish('lifecycle', 'created'); },
  prepare: async ({ host, frame, params }) => {
    if (frame === params.pauseAt) host?.requestPause(`asked at frame ${frame}`);
  },
  process: ({ tf: t, size, host, frame }) => {
    host?.publish('readings', { frame, graph: host.runningGraph()?.name });
    return { out: t.fill([size.height, size.width, 3], frame / 10) as Tensor3D };
  },
});

function setUp(pauseAt = -1) {
  const registry = new NodeRegistry();
  registry.registerAll([reporter]);
  const scheduler = new Scheduler({ tf, registry });
  const graph = new GraphBuilder().node('r', 'test/reporter', { pauseAt }).build();
  return { scheduler, graph };
}

describe('node host', () => {
  it('delivers what a node publishes to the channel\'s listeners, with the node id', async () => {
    const { scheduler, graph } = setUp();
    const heard: unknown[] = [];
    const lifecycle: string[] = [];
    const off = scheduler.host.subscribe('readings', (value, nodeId) => heard.push({ nodeId, value }));
    scheduler.host.subscribe('lifecycle', (value, nodeId) => lifecycle.push(`${nodeId}:${String(value)}`));
    await scheduler.load(graph);
    expect(await scheduler.renderFrames(2)).toBe(true);
    expect(lifecycle).toEqual(['r:created']);
    expect(heard).toEqual([{ nodeId: 'r', value: { frame: 0, graph: 'test' } }, { nodeId: 'r', value: { frame: 1, graph: 'test' } }]);
    off();
    await scheduler.renderFrames(1);
    expect(heard).toHaveLength(2);
    await scheduler.stop();
  });

  it('keeps the frame going when a listener throws', async () => {
    const { scheduler, graph } = setUp();
    const errors = console.error;
    console.error = () => {};
    try {
      scheduler.host.subscribe('readings', () => { throw new Error('broken panel'); });
      await scheduler.load(graph);
      expect(await scheduler.renderFrames(1)).toBe(true);
    } finally {
      console.error = errors;
    }
    await scheduler.stop();
  });

  it('pauses a running loop after the frame that asked, with the reason and no node error', async () => {
    const { scheduler, graph } = setUp(2);
    const events: SchedulerEvent[] = [];
    scheduler.on((e) => events.push(e));
    await scheduler.load(graph);
    scheduler.setMode('offline');
    const paused = new Promise<void>((resolve) => scheduler.on((e) => { if (e.type === 'statechanged' && e.state === 'paused') resolve(); }));
    scheduler.run();
    await paused;
    await scheduler.pause();
    expect(scheduler.state).toBe('paused');
    expect(scheduler.frame).toBe(3);
    expect(events).toContainEqual({ type: 'statechanged', state: 'paused', reason: 'asked at frame 2' });
    expect(events.some((e) => e.type === 'nodeerrored')).toBe(false);
    expect(scheduler.nodeStats('r')?.status).toBe('ok');
    // Run goes on from there.
    scheduler.run();
    await scheduler.pause();
    expect(scheduler.frame).toBeGreaterThan(3);
    await scheduler.stop();
  });

  it('stops an offline render at a pause request, telling why, and renders on when asked again', async () => {
    const { scheduler, graph } = setUp(1);
    const reasons: (string | undefined)[] = [];
    await scheduler.load(graph);
    scheduler.on((e) => { if (e.type === 'statechanged') reasons.push(e.reason); });
    expect(await scheduler.renderFrames(5)).toBe(false);
    expect(scheduler.frame).toBe(2);
    expect(reasons).toEqual(['asked at frame 1']);
    expect(await scheduler.renderFrames(2)).toBe(true);
    expect(scheduler.frame).toBe(4);
    await scheduler.stop();
  });
});
