import * as tf from '@tensorflow/tfjs';
import type { io } from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { defineNode, heldOutLossName, isHeldOutLoss, NodeRegistry, Scheduler } from '../../../src/core';
import type { SchedulerEvent, TrainingJob } from '../../../src/core';
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

const registry = new NodeRegistry();
registry.registerAll([datasetRef, overfit]);

describe('held-out losses', () => {
  it('are measured at every checkpoint, stored with it and told with its step; a failed measure costs the figure, not the checkpoint', async () => {
    const { storage } = await openTestStorage();
    const id = await storage.createDataset({ name: 'Flat', width: 2, height: 2 });
    const scheduler = new Scheduler({ tf, registry, models: storage, datasets: storage, nodeTiming: 'dispatch' });
    const events: SchedulerEvent[] = [];
    scheduler.on((e) => events.push(e));
    await scheduler.load(new GraphBuilder(4).node('data', 'test/dataset', { id }).node('fit', 'test/overfit').edge('data.dataset', 'fit.dataset').build());
    await scheduler.step();
    failingMeasures.add(6);
    const ended = new Promise((resolve) => scheduler.on((e) => { if (e.type === 'trainingchanged' && e.status === 'finished') resolve(e.status); }));
    await scheduler.training.start('fit');
    await ended;

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
});
