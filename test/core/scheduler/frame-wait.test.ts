import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { Scheduler } from '../../../src/core';
import { afterNextFrame } from '../../../src/core/scheduler/frame-wait';
import { GraphBuilder } from '../../helpers/graph-builder';
import { testRegistry } from '../../helpers/test-nodes';

describe('afterNextFrame', () => {
  it('resolves after the running loop completes a frame, and at once when the loop is paused', async () => {
    const scheduler = new Scheduler({ tf, registry: testRegistry() });
    await scheduler.load(new GraphBuilder().node('c', 'test/clock').node('p', 'test/probe').edge('c.out', 'p.in').build());
    scheduler.run();
    const before = scheduler.frame;
    await afterNextFrame(scheduler);
    expect(scheduler.frame).toBeGreaterThan(before);
    await scheduler.pause();
    const paused = scheduler.frame;
    await afterNextFrame(scheduler);
    expect(scheduler.frame).toBe(paused);
    await scheduler.stop();
  });
});
