import * as tf from '@tensorflow/tfjs';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SchedulerEvent } from '../../../src/core';
import { Scheduler } from '../../../src/core';
import { GraphBuilder } from '../../helpers/graph-builder';
import { processCalls, probeValues, resetRecorders, testRegistry } from '../../helpers/test-nodes';

const registry = testRegistry();

/** A static branch (const → affine) mixed into a dynamic one (clock → affine). */
function mixedGraph(staticOffset = 1) {
  return new GraphBuilder()
    .node('k', 'test/const', { value: 2 }).node('heavy', 'test/affine', { scale: 3, offset: staticOffset }).node('kp', 'test/probe')
    .node('t', 'test/clock').node('live', 'test/affine', { scale: 1, offset: 0 }).node('tp', 'test/probe')
    .edge('k.out', 'heavy.in').edge('heavy.out', 'kp.in').edge('t.out', 'live.in').edge('live.out', 'tp.in')
    .build();
}

describe('cache of unchanged branches', () => {
  beforeEach(resetRecorders);

  it('computes a static branch once and serves it from cache on later frames', async () => {
    const scheduler = new Scheduler({ tf, registry });
    const cached: string[] = [];
    scheduler.on((e: SchedulerEvent) => { if (e.type === 'nodeprocessed' && e.stats.status === 'cached') cached.push(e.nodeId); });
    await scheduler.load(mixedGraph());
    await scheduler.renderFrames(10);
    expect(processCalls.get('k')).toBe(1);
    expect(processCalls.get('heavy')).toBe(1);
    expect(processCalls.get('t')).toBe(10);
    expect(processCalls.get('live')).toBe(10);
    expect(cached.filter((id) => id === 'heavy')).toHaveLength(9);
    expect(probeValues.get('kp')).toEqual(Array(10).fill(7));
    expect(probeValues.get('tp')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    await scheduler.stop();
  });

  it('recomputes only the changed node and what it feeds when a param changes', async () => {
    const scheduler = new Scheduler({ tf, registry });
    await scheduler.load(mixedGraph(1));
    await scheduler.renderFrames(3);
    await scheduler.load(mixedGraph(5));
    await scheduler.renderFrames(3);
    expect(processCalls.get('k')).toBe(1);
    expect(processCalls.get('heavy')).toBe(2);
    expect(probeValues.get('kp')).toEqual([7, 7, 7, 11, 11, 11]);
    await scheduler.stop();
  });

  it('keeps the cache across a reset, since static branches do not depend on time', async () => {
    const scheduler = new Scheduler({ tf, registry });
    await scheduler.load(mixedGraph());
    await scheduler.renderFrames(2);
    await scheduler.reset();
    await scheduler.renderFrames(2);
    expect(processCalls.get('heavy')).toBe(1);
    expect(probeValues.get('tp')).toEqual([0, 1, 0, 1]);
    await scheduler.stop();
  });

  it('recomputes a static branch when the frame size changes', async () => {
    const scheduler = new Scheduler({ tf, registry });
    const graph = mixedGraph();
    await scheduler.load(graph);
    await scheduler.renderFrames(1);
    await scheduler.load({ ...graph, settings: { ...graph.settings, width: 16 } });
    await scheduler.renderFrames(1);
    expect(processCalls.get('k')).toBe(2);
    await scheduler.stop();
  });
});
