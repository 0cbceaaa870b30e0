import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { Clock, SchedulerEvent } from '../../../src/core';
import { defineNode, Scheduler } from '../../../src/core';
import { GraphBuilder } from '../../helpers/graph-builder';
import { testRegistry } from '../../helpers/test-nodes';

/** A clock whose time moves only when the scheduler sleeps or a node "works". */
class FakeClock implements Clock {
  time = 0;
  readonly sleeps: number[] = [];
  now = () => this.time;
  sleep = async (ms: number) => { this.sleeps.push(ms); this.time += ms; await Promise.resolve(); };
  yield = async () => { await new Promise((r) => setTimeout(r, 0)); };
}

function slowGraph(clock: FakeClock, costs: number[]) {
  const registry = testRegistry();
  registry.register(defineNode({
    type: 'test/slow', version: 1, title: 'Slow', category: 'Test', volatile: true, inputs: [],
    outputs: [{ name: 'out', type: 'frame' }], params: {},
    process: ({ tf: t, size, frame }) => { clock.time += costs[frame] ?? 1; return { out: t.zeros([size.height, size.width, 3]) as never }; },
  }));
  return { registry, graph: new GraphBuilder().node('s', 'test/slow').build() };
}

async function runUntilFrame(scheduler: Scheduler, last: number): Promise<SchedulerEvent[]> {
  const events: SchedulerEvent[] = [];
  await new Promise<void>((resolve) => scheduler.on((e) => {
    if (e.type === 'framecompleted') events.push(e);
    if (e.type === 'framecompleted' && e.frame === last) { void scheduler.pause().then(resolve); }
  }));
  return events;
}

describe('realtime mode', () => {
  it('waits out the rest of each frame budget at the fps cap', async () => {
    const clock = new FakeClock();
    const { registry, graph } = slowGraph(clock, [10, 10, 10]);
    const scheduler = new Scheduler({ tf, registry, clock });
    await scheduler.load(graph);
    scheduler.setMode('realtime', 20);
    const done = runUntilFrame(scheduler, 2);
    scheduler.run();
    await done;
    expect(clock.sleeps.slice(0, 2)).toEqual([40, 40]);
    await scheduler.stop();
  });

  it('never skips a slow frame: it reports it late and starts the next one at once', async () => {
    const clock = new FakeClock();
    const { registry, graph } = slowGraph(clock, [10, 120, 10, 200]);
    const scheduler = new Scheduler({ tf, registry, clock });
    await scheduler.load(graph);
    scheduler.setMode('realtime', 20);
    const done = runUntilFrame(scheduler, 3);
    scheduler.run();
    const frames = (await done).filter((e) => e.type === 'framecompleted');
    expect(frames.map((e) => e.type === 'framecompleted' && e.late)).toEqual([false, true, false, true]);
    expect(frames.map((e) => e.type === 'framecompleted' && e.lateFrames)).toEqual([0, 1, 1, 2]);
    expect(clock.sleeps.slice(0, 2)).toEqual([40, 40]);
    expect(scheduler.frame).toBe(4);
    await scheduler.stop();
  });

  it('rejects an fps cap outside (0, 240]', () => {
    const scheduler = new Scheduler({ tf, registry: testRegistry() });
    expect(() => scheduler.setMode('realtime', 0)).toThrow(/fps cap/);
    expect(() => scheduler.setMode('realtime', 1000)).toThrow(/fps cap/);
  });
});

describe('offline mode', () => {
  it('computes frames back to back without sleeping, whatever each costs', async () => {
    const clock = new FakeClock();
    const { registry, graph } = slowGraph(clock, [10, 120, 10, 200]);
    const scheduler = new Scheduler({ tf, registry, clock });
    await scheduler.load(graph);
    scheduler.setMode('offline');
    const done = runUntilFrame(scheduler, 3);
    scheduler.run();
    const frames = await done;
    expect(frames.every((e) => e.type === 'framecompleted' && !e.late)).toBe(true);
    expect(clock.sleeps).toEqual([]);
    await scheduler.stop();
  });
});

describe('mode changes', () => {
  it('announces a new mode or fps cap once, and nothing when unchanged', () => {
    const scheduler = new Scheduler({ tf, registry: testRegistry() });
    const events: SchedulerEvent[] = [];
    scheduler.on((e) => events.push(e));
    scheduler.setMode('offline', 24);
    scheduler.setMode('offline', 24);
    scheduler.setMode('realtime', 24);
    expect(events).toEqual([
      { type: 'modechanged', mode: 'offline', fpsCap: 24 },
      { type: 'modechanged', mode: 'realtime', fpsCap: 24 },
    ]);
  });
});
