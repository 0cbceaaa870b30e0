import * as tf from '@tensorflow/tfjs';
import type { io } from '@tensorflow/tfjs';
import { describe, expect, it, vi } from 'vitest';
import { defineNode, heldOutLossName, isHeldOutLoss, NodeRegistry, Scheduler } from '../../../src/core';
import type { SchedulerEvent, TrainingJob, TrainingStatus } from '../../../src/core';
import { preferredCheckpoint } from '../../../src/core/graph/training';
import { GraphBuilder } from '../../helpers/graph-builder';
import { datasetRef } from '../../helpers/trainable-node';
import { openTestStorage } from '../storage/storage-test-kit';

/** Steps whose held-out measure throws. */
const failingMeasures = new Set<number>();

/** A job whose training loss falls every step while its held-out loss falls, then rises (it overfits from step 4). */
class OverfittingJob implements TrainingJob {
  readonly totalSteps = 8;
  stepsDone = 0;
  step() {
    this.stepsDone++;
    return Promise.resolve({ step: this.stepsDone, losses: { l1: 1 / this.stepsDone } });
  }
  validate() {
    if (failingMeasures.delete(this.stepsDone)) return Promise.reject(new Error('out of memory'));
    return Promise.resolve({ [heldOutLossName('l1')]: 1 + (this.stepsDone - 4) ** 2 / 10 });
  }
  save(): Promise<io.ModelArtifacts> {
    return Promise.resolve({ weightSpecs: [], weightData: new Float32Array([this.stepsDone]).buffer });
  }
  dispose() {}
}

const overfit = defineNode({
  type: 'test/overfit', version: 1, title: 'Overfit', category: 'Test', keepsStateOnReset: true,
  inputs: [{ name: 'dataset', type: 'dataset', optional: true }],
  outputs: [{ name: 'out', type: 'frame' }],
  params: {},
  process: ({ tf: t, size }) => ({ out: t.zeros([size.height, size.width, 3]) as tf.Tensor3D }),
  training: { checkpointEvery: 2, start: () => Promise.resolve(new OverfittingJob()) },
});

/** The same node, whose hook prefers the checkpoint with the lowest held-out loss (step 4). */
const preferBest = defineNode({
  ...overfit,
  type: 'test/prefer-best',
  training: {
    ...overfit.training!,
    preferCheckpoint: (checkpoints) => {
      const best = checkpoints.reduce((a, b) => ((b.losses['held-out l1'] ?? Infinity) < (a.losses['held-out l1'] ?? Infinity) ? b : a));
      return { step: best.step, reason: `Using step ${best.step}: lowest held-out l1` };
    },
  },
});

const registry = new NodeRegistry();
registry.registerAll([datasetRef, overfit, preferBest]);

/** A scheduler running `type` on a stored dataset, with every event it emits. */
async function setup(type: string) {
  const { storage } = await openTestStorage();
  const id = await storage.createDataset({ name: 'Flat', width: 2, height: 2 });
  const scheduler = new Scheduler({ tf, registry, models: storage, datasets: storage, nodeTiming: 'dispatch' });
  const events: SchedulerEvent[] = [];
  scheduler.on((e) => events.push(e));
  await scheduler.load(new GraphBuilder(4).node('data', 'test/dataset', { id }).node('fit', type).edge('data.dataset', 'fit.dataset').build());
  await scheduler.step();
  return { scheduler, events, storage };
}

function untilEnded(scheduler: Scheduler, status: TrainingStatus): Promise<Extract<SchedulerEvent, { type: 'trainingchanged' }>> {
  return new Promise((resolve) => scheduler.on((e) => { if (e.type === 'trainingchanged' && e.status === status) resolve(e); }));
}

describe('held-out losses', () => {
  it('are measured at every checkpoint, stored with it and told with its step; a failed measure costs the figure, not the checkpoint', async () => {
    const { scheduler, events, storage } = await setup('test/overfit');
    failingMeasures.add(6);
    const ended = untilEnded(scheduler, 'finished');
    await scheduler.training.start('fit');
    expect((await ended).checkpoint).toBeUndefined();

    const saved = events.flatMap((e) => (e.type === 'checkpointsaved' ? [e.checkpoint] : []));
    expect(saved.map((c) => [c.step, c.losses['held-out l1']])).toEqual([[2, 1.4], [4, 1], [6, undefined], [8, 2.6]]);
    expect(events).toContainEqual(expect.objectContaining({ type: 'trainingchanged', nodeId: 'fit', message: 'The held-out loss at step 6 could not be measured: out of memory' }));
    const told = events.flatMap((e) => (e.type === 'trainingprogress' && Object.keys(e.report.losses).some(isHeldOutLoss) ? [[e.report.step, e.report.losses]] : []));
    expect(told).toEqual([[2, { l1: 0.5, 'held-out l1': 1.4 }], [4, { l1: 0.25, 'held-out l1': 1 }], [8, { l1: 0.125, 'held-out l1': 2.6 }]]);
    const stored = await storage.listModels();
    expect(stored).toHaveLength(4);
    expect(stored.find((m) => m.metadata?.['step'] === 4)?.metadata?.['losses']).toEqual({ l1: 0.25, 'held-out l1': 1 });
    await scheduler.stop();
  });

  it('decide, through the node\'s hook, which checkpoint a finished run hands over, and why', async () => {
    const { scheduler } = await setup('test/prefer-best');
    const ended = untilEnded(scheduler, 'finished');
    await scheduler.training.start('fit');
    const finished = await ended;
    expect(finished.checkpoint?.step).toBe(4);
    expect(finished.checkpoint?.losses['held-out l1']).toBe(1);
    expect(finished.message).toBe('Using step 4: lowest held-out l1');
    await scheduler.stop();
  });

  it('tag the checkpoint a finished run settled on as best in storage, so pruning keeps it', async () => {
    const { scheduler, storage } = await setup('test/prefer-best');
    const ended = untilEnded(scheduler, 'finished');
    await scheduler.training.start('fit');
    await ended;
    await vi.waitFor(async () => {
      const best = (await storage.listModels()).filter((m) => m.metadata?.['best'] === true);
      expect(best.map((m) => m.metadata?.['step'])).toEqual([4]);
    });
    await scheduler.stop();
  });

  it('are not asked about when the user stops a run: it ends on its newest checkpoint', async () => {
    const { scheduler } = await setup('test/prefer-best');
    const running = scheduler.training.start('fit');
    const stopped = untilEnded(scheduler, 'stopped');
    await running;
    await scheduler.training.stop('fit');
    const event = await stopped;
    expect(event.checkpoint).toBeUndefined();
    expect(event.message).toBeUndefined();
    await scheduler.stop();
  });

  it('keep the newest checkpoint when the hook names a step no checkpoint has, or throws', () => {
    const checkpoints = [{ step: 2, losses: {} }, { step: 4, losses: {} }];
    const hook = (preferCheckpoint: () => { step: number; reason: string }) => ({ start: () => Promise.reject(new Error('unused')), preferCheckpoint });
    expect(preferredCheckpoint(hook(() => ({ step: 2, reason: 'why' })), checkpoints)).toEqual({ checkpoint: checkpoints[0], reason: 'why' });
    expect(preferredCheckpoint(hook(() => ({ step: 3, reason: 'why' })), checkpoints)).toBeUndefined();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(preferredCheckpoint(hook(() => { throw new Error('bug'); }), checkpoints)).toBeUndefined();
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
  });
});
