import * as tf from '@tensorflow/tfjs';
import { beforeEach, describe, expect, it } from 'vitest';
import { Scheduler } from '../../../src/core';
import { GraphBuilder } from '../../helpers/graph-builder';
import { probeValues, resetRecorders, testRegistry } from '../../helpers/test-nodes';

const registry = testRegistry();

/** seed(0.5) → Feedback → f(x) = 2x + 1 → Feedback.in; probes on the feedback output and on f. */
function loopGraph() {
  return new GraphBuilder()
    .node('seed', 'test/const', { value: 0.5 }).node('fb', 'feedback').node('f', 'test/affine', { scale: 2, offset: 1 })
    .node('seen', 'test/probe').node('made', 'test/probe')
    .edge('seed.out', 'fb.seed').edge('fb.out', 'f.in').edge('f.out', 'fb.in').edge('fb.out', 'seen.in').edge('f.out', 'made.in')
    .build();
}
const f = (x: number) => 2 * x + 1;
const iterate = (k: number, x = 0.5) => Array.from({ length: k }).reduce<number>((v) => f(v), x);

async function loadedScheduler() {
  const scheduler = new Scheduler({ tf, registry });
  await scheduler.load(loopGraph());
  return scheduler;
}

describe('feedback loop', () => {
  beforeEach(resetRecorders);

  it('outputs f^k(seed) from the Feedback node on frame k', async () => {
    const scheduler = await loadedScheduler();
    await scheduler.renderFrames(8);
    expect(probeValues.get('seen')).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((k) => iterate(k)));
    expect(probeValues.get('made')).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((k) => iterate(k)));
    await scheduler.stop();
  });

  it('starts from black when the seed input is unconnected', async () => {
    const graph = new GraphBuilder().node('fb', 'feedback').node('f', 'test/affine', { scale: 1, offset: 0.25 }).node('seen', 'test/probe')
      .edge('fb.out', 'f.in').edge('f.out', 'fb.in').edge('fb.out', 'seen.in').build();
    const scheduler = new Scheduler({ tf, registry });
    await scheduler.load(graph);
    await scheduler.renderFrames(3);
    expect(probeValues.get('seen')).toEqual([0, 0.25, 0.5]);
    await scheduler.stop();
  });

  it('step computes exactly one frame', async () => {
    const scheduler = await loadedScheduler();
    expect(await scheduler.step()).toBe(true);
    expect(await scheduler.step()).toBe(true);
    expect(scheduler.frame).toBe(2);
    expect(probeValues.get('seen')).toEqual([iterate(0), iterate(1)]);
    await scheduler.stop();
  });

  it('reset returns to frame 0 and feeds the seed again', async () => {
    const scheduler = await loadedScheduler();
    await scheduler.renderFrames(4);
    await scheduler.reset();
    expect(scheduler.frame).toBe(0);
    await scheduler.renderFrames(2);
    expect(probeValues.get('seen')).toEqual([0, 1, 2, 3, 0, 1].map((k) => iterate(k)));
    await scheduler.stop();
  });

  it('run keeps computing frames until pause, and pause leaves the frame counter still', async () => {
    const scheduler = await loadedScheduler();
    scheduler.setMode('offline');
    const states: string[] = [];
    scheduler.on((e) => { if (e.type === 'statechanged') states.push(e.state); });
    scheduler.run();
    await new Promise<void>((resolve) => scheduler.on((e) => { if (e.type === 'framecompleted' && e.frame === 5) resolve(); }));
    await scheduler.pause();
    const frozen = scheduler.frame;
    await new Promise((r) => setTimeout(r, 30));
    expect(scheduler.frame).toBe(frozen);
    expect(frozen).toBeGreaterThanOrEqual(6);
    expect(states).toEqual(['running', 'paused']);
    expect(probeValues.get('seen')).toEqual(Array.from({ length: frozen }, (_, k) => iterate(k)));
    await scheduler.stop();
  });

  it('keeps the loop going when the graph is edited while it runs', async () => {
    const scheduler = await loadedScheduler();
    await scheduler.renderFrames(3);
    const edited = loopGraph();
    await scheduler.load({ ...edited, nodes: edited.nodes.map((n) => (n.id === 'f' ? { ...n, params: { scale: 1, offset: 10 } } : n)) });
    await scheduler.renderFrames(1);
    expect(scheduler.frame).toBe(4);
    expect(probeValues.get('seen')!.at(-1)).toBe(iterate(3));
    expect(probeValues.get('made')!.at(-1)).toBe(iterate(3) + 10);
    await scheduler.stop();
  });
});
