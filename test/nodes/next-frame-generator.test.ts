import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { SchedulerEvent, StudioStorage } from '../../src/core';
import { migrateNode } from '../../src/core/graph-file';
import { checkpointFromArtifacts } from '../../src/nodes/unet/checkpoint';
import { DEFAULT_RECIPE, GENERATOR_RECIPES, PIX2PIX_RECIPE } from '../../src/nodes/generator/recipes';
import { nextFrameGenerator } from '../../src/nodes/next-frame-generator';
import { GraphBuilder } from '../helpers/graph-builder';
import { openTestStorage } from '../core/storage/storage-test-kit';
import { outputAfterStep, storeSlidingDataset, testScheduler, trainingReaches } from './node-training-kit';

const SIZE = 32;
/** What a new node trains with; tests read it here, so a recipe tuned in recipes.ts needs no test edits. */
const DEFAULTS = GENERATOR_RECIPES[DEFAULT_RECIPE];
/** pix2pix's network shape, for the tests of its checkpoint messages. */
const { output, upsample, fullResSkip } = GENERATOR_RECIPES[PIX2PIX_RECIPE];
const PIX2PIX_NET = { output, upsample, fullResSkip };

/** A stored 32×32 dataset of a pattern sliding right, 12 frames. */
function translatingDataset(storage: StudioStorage): Promise<string> {
  return storeSlidingDataset(storage, { size: SIZE, frames: 12, speed: 2 });
}

function graph(datasetId: string, params: Record<string, string | number | boolean> = {}) {
  return new GraphBuilder(SIZE)
    .node('data', 'dataset', { dataset: datasetId })
    .node('src', 'solid-color', { color: '#808080' })
    .node('gen', 'next-frame-generator', { steps: 12, batch: 2, cycles: 2, driftDepth: 3, driftStarts: 2, longDrifts: 1, longDriftDepth: 6, checkpointEvery: 6, size: '32', ...params })
    .edge('data.dataset', 'gen.dataset').edge('src.frame', 'gen.frame')
    .build();
}

describe('next-frame generator node', () => {
  it('trains on a wired dataset with its default recipe and feedback pairs, the loop uses the new weights, and the checkpoint reloads them exactly', async () => {
    const { storage } = await openTestStorage();
    const id = await translatingDataset(storage);
    const scheduler = testScheduler(storage);
    const events: SchedulerEvent[] = [];
    scheduler.on((e) => events.push(e));
    await scheduler.load(graph(id));
    const untrained = await outputAfterStep(scheduler, 'gen');
    const before = tf.memory().numTensors;

    const ended = trainingReaches(scheduler, 'finished', 'failed');
    await scheduler.training.start('gen');
    expect(await ended).toBe('finished');
    expect(tf.memory().numTensors).toBe(before);
    const progress = events.filter((e) => e.type === 'trainingprogress');
    expect(progress).toHaveLength(12);
    expect(Object.keys(progress[0]!.report.losses)).toEqual([DEFAULTS.frameLoss.toLowerCase(), ...(DEFAULTS.adversarialWeight > 0 ? ['gAdv', 'd'] : [])]);
    expect(progress[0]!.report.samples?.map((s) => [s.label, s.width])).toEqual([['input', SIZE], ['prediction', SIZE], ['target', SIZE]]);
    const saved = events.flatMap((e) => (e.type === 'checkpointsaved' ? [e.checkpoint] : []));
    expect(saved.map((c) => c.step)).toEqual([6, 12]);

    const trained = await outputAfterStep(scheduler, 'gen');
    expect(trained).not.toEqual(untrained);

    const fresh = testScheduler(storage);
    await fresh.load(graph(id, { checkpoint: saved[1]!.sha256 }));
    expect(await outputAfterStep(fresh, 'gen')).toEqual(trained);
    await Promise.all([scheduler.stop(), fresh.stop()]);
  }, 120_000);

  it('learns online: the loop keeps running offline through weight swaps, every frame computed once, tensor count flat', async () => {
    const { storage } = await openTestStorage();
    const id = await translatingDataset(storage);
    const scheduler = testScheduler(storage);
    const frames: number[] = [];
    let swapsSeen = 0;
    let last: Float32Array | undefined;
    scheduler.on((e) => { if (e.type === 'framecompleted') frames.push(e.frame); });
    const online = new GraphBuilder(SIZE)
      .node('data', 'dataset', { dataset: id }).node('src', 'train-window-source').node('loop', 'feedback')
      .node('gen', 'next-frame-generator', { steps: 8, batch: 1, feedbackPairs: false, checkpointEvery: 100, size: '32', swapSeconds: 0.001 })
      .edge('data.dataset', 'gen.dataset').edge('src.frame', 'loop.seed').edge('loop.out', 'gen.frame').edge('gen.frame', 'loop.in')
      .build();
    await scheduler.load(online);
    scheduler.setMode('offline');
    const unwatch = scheduler.watch('gen');
    await scheduler.renderFrames(2);
    const before = tf.memory().numTensors;
    const ended = trainingReaches(scheduler, 'finished', 'failed');
    await scheduler.training.start('gen');
    // Frames and training steps share the scheduler's queue: render while it trains.
    while (scheduler.training.status('gen') === 'running') {
      // Like the scheduler's own offline loop, let timers (the training loop's turn) run between frames.
      await new Promise((resolve) => setTimeout(resolve, 0));
      await scheduler.renderFrames(1);
      await scheduler.withLatestFrame('gen', (frame) => {
        const now = Float32Array.from(frame.dataSync());
        if (last && now.some((v, i) => Math.abs(v - last![i]!) > 0)) swapsSeen++;
        last = now;
      });
    }
    expect(await ended).toBe('finished');
    await scheduler.renderFrames(200);
    unwatch();
    expect(frames).toEqual(Array.from({ length: frames.length }, (_, i) => i));
    expect(swapsSeen).toBeGreaterThan(1);
    expect(tf.memory().numTensors).toBe(before);
    await scheduler.stop();
  }, 120_000);

  it('trains with the frame loss and adversarial weight it is set to, names the loss after it, and brings older graphs to pix2pix\'s', async () => {
    const { storage } = await openTestStorage();
    const id = await translatingDataset(storage);
    const scheduler = testScheduler(storage);
    const reports: Array<Readonly<Record<string, number>>> = [];
    scheduler.on((e) => { if (e.type === 'trainingprogress') reports.push(e.report.losses); });
    await scheduler.load(graph(id, { steps: 2, feedbackPairs: false, frameLoss: 'L2', frameWeight: 300, adversarialWeight: 0.05, jitter: true, checkpointEvery: 2 }));
    await scheduler.step();
    const ended = trainingReaches(scheduler, 'finished', 'failed');
    await scheduler.training.start('gen');
    expect(await ended).toBe('finished');
    expect(Object.keys(reports[0]!)).toEqual(['l2', 'gAdv', 'd']);
    const [model] = await storage.listModels();
    const { manifest } = checkpointFromArtifacts(await storage.loadModel(model!.sha256));
    expect(manifest.training?.settings).toMatchObject({ frameDistance: 'L2', frameWeight: 300, adversarialWeight: 0.05, jitterScale: 286 / 256 });
    await scheduler.stop();

    const v2 = { id: 'gen', type: 'next-frame-generator', typeVersion: 2, params: { output: 'change' }, position: { x: 0, y: 0 } };
    const migrated = migrateNode(v2, nextFrameGenerator);
    expect(migrated).toMatchObject({ ok: true, node: { typeVersion: 6, params: { output: 'change', frameLoss: 'L1', frameWeight: 100, adversarialWeight: 1, upsample: 'transposed', fullResSkip: false, jitter: true, heldOut: 0, recipe: 'Custom' } } });
    // Graphs saved before "Held-out frames" keep training on every frame; new nodes hold out what their recipe says.
    expect(nextFrameGenerator.params.heldOut.default).toBe(DEFAULTS.heldOut);
  }, 60_000);

  it('trains a resize-convolution decoder with a full-resolution skip and no jitter, whose checkpoint says so and fits only a node set to it', async () => {
    const { storage } = await openTestStorage();
    const id = await translatingDataset(storage);
    const scheduler = testScheduler(storage);
    await scheduler.load(graph(id, { steps: 2, feedbackPairs: false, adversarialWeight: 0, upsample: 'resize', fullResSkip: true, jitter: false, output: 'change', checkpointEvery: 2 }));
    await scheduler.step();
    const ended = trainingReaches(scheduler, 'finished', 'failed');
    await scheduler.training.start('gen');
    expect(await ended).toBe('finished');
    const [model] = await storage.listModels();
    const { manifest } = checkpointFromArtifacts(await storage.loadModel(model!.sha256));
    expect(manifest.generator).toMatchObject({ residual: true, upsample: 'resize', fullResolutionSkip: true });
    expect(manifest.training?.settings).toMatchObject({ jitterScale: 1 });

    const errors: string[] = [];
    scheduler.on((e) => { if (e.type === 'nodeerrored') errors.push(e.message); });
    await scheduler.load(graph(id, { checkpoint: model!.sha256, output: 'change', upsample: 'transposed', fullResSkip: true }));
    expect(await scheduler.step()).toBe(false);
    expect(errors.at(-1)).toContain('These weights are a tiny network at 32px predicting the change upsampling by resize-convolution with a full-resolution skip; set Network to "tiny", Model size to 32, Predicts to "change", Upsampling to "resize" and Full-resolution skip on');
    await scheduler.load(graph(id, { checkpoint: model!.sha256, output: 'change', upsample: 'resize', fullResSkip: false }));
    expect(await scheduler.step()).toBe(false);
    expect(errors.at(-1)).toContain('set Network to "tiny", Model size to 32, Predicts to "change", Upsampling to "resize" and Full-resolution skip on');
    await scheduler.load(graph(id, { checkpoint: model!.sha256, output: 'change', upsample: 'resize', fullResSkip: true }));
    expect(await scheduler.step()).toBe(true);
    await scheduler.stop();
  }, 60_000);

  it('says what to wire when there is no dataset, and what to set when a checkpoint does not fit', async () => {
    const { storage } = await openTestStorage();
    const scheduler = testScheduler(storage);
    await scheduler.load(new GraphBuilder(SIZE).node('gen', 'next-frame-generator').build());
    await scheduler.step();
    await expect(scheduler.training.start('gen')).rejects.toThrow('Wire a Dataset node');

    const id = await translatingDataset(storage);
    await scheduler.load(graph(id, { ...PIX2PIX_NET, steps: 1, checkpointEvery: 10 }));
    await scheduler.step();
    const ended = trainingReaches(scheduler, 'finished', 'failed');
    await scheduler.training.start('gen');
    await ended;
    const [checkpoint] = await storage.listModels();
    const errors: string[] = [];
    scheduler.on((e) => { if (e.type === 'nodeerrored') errors.push(e.message); });
    await scheduler.load(graph(id, { ...PIX2PIX_NET, checkpoint: checkpoint!.sha256, size: '64' }));
    expect(await scheduler.step()).toBe(false);
    expect(errors[0]).toContain('These weights are a tiny network at 32px; set Network to "tiny" and Model size to 32');
    await scheduler.load(graph(id, { ...PIX2PIX_NET, checkpoint: checkpoint!.sha256, output: 'change' }));
    expect(await scheduler.step()).toBe(false);
    expect(errors.at(-1)).toContain('These weights are a tiny network at 32px predicting frames; set Network to "tiny", Model size to 32 and Predicts to "frame"');
    await scheduler.stop();
  }, 60_000);
});
