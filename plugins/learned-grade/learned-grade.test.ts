import 'ses';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { importInCompartment, Scheduler, STUDIO_LOCKDOWN } from '../../src/core';
import type { NodeRegistry, SchedulerEvent, StudioStorage, TrainingStatus } from '../../src/core';
import { openTestStorage } from '../../test/core/storage/storage-test-kit';
import { GraphBuilder } from '../../test/helpers/graph-builder';
import { installExamplePlugin, renderWatched } from '../../test/helpers/plugin-harness';

const TYPE = 'learned-grade/grade';
const SIZE = 16;
// Installed as the app installs it: after lockdown(), in its own Compartment (docs/plugins.md), so
// these tests prove a trainable plugin trains with nothing but its context.
lockdown(STUDIO_LOCKDOWN);
const example = installExamplePlugin('learned-grade', importInCompartment);

/** A 16 px clip whose every frame is the last one graded: red fades, blue lifts. The grade to learn is exact. */
async function storeFadingDataset(storage: StudioStorage, frames: number): Promise<string> {
  const plane = SIZE * SIZE * 3;
  let frame = Float32Array.from({ length: plane }, (_, i) => ((i * 37) % 101) / 100);
  const all: Uint8Array[] = [];
  for (let f = 0; f < frames; f++) {
    all.push(Uint8Array.from(frame, (v) => Math.round(v * 255)));
    frame = frame.map((v, i) => (i % 3 === 0 ? v * 0.85 : i % 3 === 2 ? Math.min(1, v * 0.9 + 0.08) : v));
  }
  const id = await storage.createDataset({ name: 'Fade', width: SIZE, height: SIZE });
  await storage.appendFrames(id, all);
  return id;
}

function trainingReaches(scheduler: Scheduler, ...statuses: TrainingStatus[]): Promise<TrainingStatus> {
  return new Promise((resolve) => {
    const off = scheduler.on((e) => { if (e.type === 'trainingchanged' && statuses.includes(e.status)) { off(); resolve(e.status); } });
  });
}

function graph(datasetId: string, params: Record<string, string | number> = {}) {
  return new GraphBuilder(SIZE)
    .node('data', 'dataset', { dataset: datasetId }).node('src', 'train-window-source').node('g', TYPE, { steps: 40, batch: 2, checkpointEvery: 20, ...params })
    .edge('data.dataset', 'g.dataset').edge('src.frame', 'g.frame')
    .build();
}

async function output(scheduler: Scheduler): Promise<Float32Array> {
  const unwatch = scheduler.watch('g');
  await scheduler.step();
  let values = new Float32Array();
  await scheduler.withLatestFrame('g', (frame) => { values = Float32Array.from(frame.dataSync()); });
  unwatch();
  return values;
}

const testScheduler = (registry: NodeRegistry, storage: StudioStorage) => new Scheduler({ tf, registry, models: storage, datasets: storage, nodeTiming: 'dispatch' });

describe('learned-grade plugin (the training kit\'s worked example)', () => {
  it('installs from its built file through the third-party path, trainable', async () => {
    const { plugin, registry } = await example;
    expect(plugin).toMatchObject({ id: 'learned-grade', status: 'active', nodeTypes: [TYPE] });
    expect(registry.get(TYPE)?.training).toBeDefined();
  });

  it('trains through the scheduler\'s training runner: the loss falls, checkpoints reload and resume exactly, tensors stay flat', async () => {
    const { registry } = await example;
    const { storage } = await openTestStorage();
    const datasetId = await storeFadingDataset(storage, 6);
    const scheduler = testScheduler(registry, storage);
    const events: SchedulerEvent[] = [];
    scheduler.on((e) => events.push(e));
    await scheduler.load(graph(datasetId));
    const untrained = await output(scheduler);
    const before = tf.memory().numTensors;

    const ended = trainingReaches(scheduler, 'finished', 'failed');
    await scheduler.training.start('g');
    expect(await ended).toBe('finished');
    expect(tf.memory().numTensors).toBe(before);
    const progress = events.flatMap((e) => (e.type === 'trainingprogress' ? [e.report] : []));
    expect(progress.map((r) => r.step)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const l1 = progress.map((r) => r.losses['l1']!);
    expect(l1.slice(-5).reduce((a, b) => a + b) / 5).toBeLessThan(0.5 * (l1.slice(0, 5).reduce((a, b) => a + b) / 5));
    expect(progress[0]!.samples?.map((s) => [s.label, s.width])).toEqual([['frame', 32], ['graded', 32], ['next frame', 32]]);
    const saved = events.flatMap((e) => (e.type === 'checkpointsaved' ? [e.checkpoint] : []));
    expect(saved.map((c) => c.step)).toEqual([20, 40]);
    expect((await storage.listModels()).find((m) => m.sha256 === saved[1]!.sha256)?.metadata?.['checkpointOf']).toBe(TYPE);

    // The loop uses the trained grade; a fresh graph naming the checkpoint renders the same.
    await scheduler.reset();
    const trained = await output(scheduler);
    expect(trained).not.toEqual(untrained);
    const fresh = testScheduler(registry, storage);
    await fresh.load(graph(datasetId, { checkpoint: saved[1]!.sha256 }));
    expect(await output(fresh)).toEqual(trained);
    await fresh.stop();

    // Resuming the first checkpoint takes exactly the steps the unbroken run took.
    events.length = 0;
    const resumed = trainingReaches(scheduler, 'finished', 'failed');
    await scheduler.training.start('g', { resumeFrom: saved[0]!.sha256 });
    expect(await resumed).toBe('finished');
    const again = events.flatMap((e) => (e.type === 'trainingprogress' ? [e.report] : []));
    expect(again.map((r) => r.step)).toEqual(Array.from({ length: 20 }, (_, i) => i + 21));
    expect(again.at(-1)!.losses).toEqual(progress.at(-1)!.losses);
    expect(tf.memory().numTensors).toBe(before);
    await scheduler.stop();
  }, 120_000);

  it('says what is wrong without a dataset', async () => {
    const { registry } = await example;
    const { storage } = await openTestStorage();
    const scheduler = testScheduler(registry, storage);
    await scheduler.load(new GraphBuilder(SIZE).node('src', 'train-window-source').node('g', TYPE).edge('src.frame', 'g.frame').build());
    await scheduler.step();
    await expect(scheduler.training.start('g')).rejects.toThrow('Wire a Dataset node (with a dataset picked) into the Learned Grade\'s "Training data" input');
    await scheduler.stop();
  });

  it('runs in a feedback loop with a flat tensor count and no node errors', async () => {
    const { registry } = await example;
    const loop = new GraphBuilder(SIZE)
      .node('src', 'train-window-source').node('fb', 'feedback').node('g', TYPE).node('out', 'preview')
      .edge('src.frame', 'fb.seed').edge('fb.out', 'g.frame').edge('g.frame', 'fb.in').edge('g.frame', 'out.frame').build();
    const run = await renderWatched(registry, loop, 'out', 10);
    expect(run.errors).toEqual([]);
    expect(run.after).toBe(run.settled);
  });
});
