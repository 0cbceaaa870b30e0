import * as tf from '@tensorflow/tfjs';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SchedulerEvent } from '../../../src/core';
import { Scheduler } from '../../../src/core';
import { GraphBuilder } from '../../helpers/graph-builder';
import { probeValues, resetRecorders, testRegistry } from '../../helpers/test-nodes';

const registry = testRegistry();

function faultyGraph(failOn: string) {
  return new GraphBuilder()
    .node('seed', 'test/const', { value: 0 }).node('fb', 'feedback').node('f', 'test/affine', { scale: 1, offset: 1 })
    .node('bad', 'test/faulty', { failOn }).node('p', 'test/probe').node('other', 'test/clock').node('op', 'test/probe')
    .edge('seed.out', 'fb.seed').edge('fb.out', 'f.in').edge('f.out', 'fb.in').edge('f.out', 'bad.in').edge('bad.out', 'p.in')
    .edge('other.out', 'op.in')
    .build();
}

describe('node errors', () => {
  beforeEach(resetRecorders);

  it('marks a throwing node errored with its message and pauses the loop', async () => {
    const scheduler = new Scheduler({ tf, registry });
    const events: SchedulerEvent[] = [];
    scheduler.on((e) => events.push(e));
    await scheduler.load(faultyGraph('3'));
    scheduler.setMode('offline');
    scheduler.run();
    await new Promise<void>((resolve) => scheduler.on((e) => { if (e.type === 'statechanged' && e.state === 'paused') resolve(); }));
    expect(scheduler.frame).toBe(3);
    expect(scheduler.nodeStats('bad')).toMatchObject({ status: 'error', message: 'boom at frame 3' });
    expect(events).toContainEqual({ type: 'nodeerrored', nodeId: 'bad', message: 'boom at frame 3' });
    expect(scheduler.nodeStats('f')?.status).toBe('ok');
    await scheduler.stop();
  });

  it('resumes from the last good frame once the fault is fixed, with the loop state intact', async () => {
    const scheduler = new Scheduler({ tf, registry });
    await scheduler.load(faultyGraph('2'));
    await scheduler.renderFrames(5);
    expect(scheduler.frame).toBe(2);
    await scheduler.load(faultyGraph(''));
    await scheduler.renderFrames(2);
    expect(scheduler.frame).toBe(4);
    expect(probeValues.get('p')).toEqual([1, 2, 3, 4]);
    await scheduler.stop();
  });

  it('leaks no tensor when a node fails mid-frame', async () => {
    const scheduler = new Scheduler({ tf, registry });
    await scheduler.load(faultyGraph('2,3,4'));
    await scheduler.renderFrames(2);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) expect(await scheduler.step()).toBe(false);
    expect(tf.memory().numTensors).toBe(before);
    await scheduler.stop();
  });

  it('reports a wrong output shape as an error of that node', async () => {
    const scheduler = new Scheduler({ tf, registry });
    await scheduler.load(new GraphBuilder().node('w', 'test/wrong-shape').build());
    expect(await scheduler.step()).toBe(false);
    expect(scheduler.nodeStats('w')?.message).toBe('output "out" has shape [3, 3, 1], expected [8, 8, 3]');
    await scheduler.stop();
  });

  it('keeps the previous graph running when a new one has a cycle', async () => {
    const scheduler = new Scheduler({ tf, registry });
    await scheduler.load(faultyGraph(''));
    const bad = new GraphBuilder().node('a', 'test/affine').node('b', 'test/affine').edge('a.out', 'b.in').edge('b.out', 'a.in').build();
    const failures: string[] = [];
    scheduler.on((e) => { if (e.type === 'planfailed') failures.push(e.message); });
    await expect(scheduler.load(bad)).rejects.toThrow(/cycle/);
    expect(failures).toHaveLength(1);
    expect(await scheduler.step()).toBe(true);
    expect(scheduler.graph?.nodes).toHaveLength(7);
    await scheduler.stop();
  });

  it('runs the rest of the graph when one node type is missing', async () => {
    const graph = new GraphBuilder().node('gone', 'someone/kaleidoscope').node('t', 'test/clock').node('tp', 'test/probe').edge('t.out', 'tp.in').build();
    const scheduler = new Scheduler({ tf, registry });
    await scheduler.load(graph);
    await scheduler.renderFrames(2);
    expect(probeValues.get('tp')).toEqual([0, 1]);
    expect(scheduler.nodeStats('gone')).toMatchObject({ status: 'blocked', message: 'node type "someone/kaleidoscope" is not installed' });
    await scheduler.stop();
  });

  it('survives a listener that throws', async () => {
    const scheduler = new Scheduler({ tf, registry });
    const errorLog = console.error;
    console.error = () => {};
    try {
      scheduler.on(() => { throw new Error('broken panel'); });
      await scheduler.load(faultyGraph(''));
      expect(await scheduler.renderFrames(3)).toBe(true);
      await scheduler.stop();
    } finally {
      console.error = errorLog;
    }
  });
});
