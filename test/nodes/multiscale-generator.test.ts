import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { SchedulerEvent, StudioStorage } from '../../src/core';
import { checkpointToArtifacts, encodeCheckpoint } from '../../src/nodes/unet/checkpoint';
import { createUNet, disposeUNet, unetConfig } from '../../src/nodes/unet/unet';
import { GraphBuilder } from '../helpers/graph-builder';
import { openTestStorage } from '../core/storage/storage-test-kit';
import { outputAfterStep, storeSlidingDataset, testScheduler, trainingReaches } from './node-training-kit';

const SIZE = 32;

function storedDataset(storage: StudioStorage, frames: number): Promise<string> {
  return storeSlidingDataset(storage, { size: SIZE, frames, speed: 3 });
}

/** Dataset → generator, whose 4 history inputs come from a Frame History on the procedural source. */
function graph(datasetId: string, params: Record<string, string | number | boolean> = {}) {
  return new GraphBuilder(SIZE)
    .node('data', 'dataset', { dataset: datasetId })
    .node('src', 'train-window-source')
    .node('history', 'frame-history')
    .node('gen', 'multiscale-generator', { preset: 'tiny', steps: 2, batch: 1, trainSize: '32', checkpointEvery: 1, motionThreshold: 1, ...params })
    .edge('data.dataset', 'gen.dataset').edge('src.frame', 'history.seed')
    .edge('history.t3', 'gen.t3').edge('history.t2', 'gen.t2').edge('history.t1', 'gen.t1').edge('history.t0', 'gen.t0')
    .build();
}

describe('multi-scale generator node', () => {
  it('trains through the scheduler\'s training runner: losses for the chart, samples, checkpoints the loop reloads, exact resume', async () => {
    const { storage } = await openTestStorage();
    const datasetId = await storedDataset(storage, 7);
    const scheduler = testScheduler(storage);
    const events: SchedulerEvent[] = [];
    scheduler.on((e) => events.push(e));
    await scheduler.load(graph(datasetId));
    const untrained = await outputAfterStep(scheduler, 'gen');
    const before = tf.memory().numTensors;

    const ended = trainingReaches(scheduler, 'finished', 'failed');
    await scheduler.training.start('gen');
    expect(await ended).toBe('finished');
    expect(tf.memory().numTensors).toBe(before);
    const progress = events.flatMap((e) => (e.type === 'trainingprogress' ? [e.report] : []));
    expect(progress.map((r) => r.step)).toEqual([1, 2]);
    expect(Object.keys(progress[0]!.losses)).toEqual(['l2', 'gdl', 'gAdv', 'd', 'movingClips']);
    expect(progress[0]!.samples?.map((s) => [s.label, s.width])).toEqual([['frame t', SIZE], ['prediction', SIZE], ['frame t+1', SIZE]]);
    const saved = events.flatMap((e) => (e.type === 'checkpointsaved' ? [e.checkpoint] : []));
    expect(saved.map((c) => c.step)).toEqual([1, 2]);
    expect((await storage.listModels()).find((m) => m.sha256 === saved[1]!.sha256)?.metadata?.['checkpointOf']).toBe('multiscale-generator');

    await scheduler.reset();
    const trained = await outputAfterStep(scheduler, 'gen');
    expect(trained).not.toEqual(untrained);
    const fresh = testScheduler(storage);
    await fresh.load(graph(datasetId, { checkpoint: saved[1]!.sha256 }));
    expect(await outputAfterStep(fresh, 'gen')).toEqual(trained);
    await fresh.stop();

    events.length = 0;
    const resumed = trainingReaches(scheduler, 'finished', 'failed');
    await scheduler.training.start('gen', { resumeFrom: saved[0]!.sha256 });
    expect(await resumed).toBe('finished');
    const again = events.flatMap((e) => (e.type === 'trainingprogress' ? [e.report] : []));
    expect(again.map((r) => r.step)).toEqual([2]);
    expect(again[0]!.losses).toEqual(progress[1]!.losses);
    expect(tf.memory().numTensors).toBe(before);
    await scheduler.stop();
  }, 120_000);

  it('says what is wrong: no dataset, a dataset shorter than a clip, weights of another node type or network', async () => {
    const { storage } = await openTestStorage();
    const scheduler = testScheduler(storage);
    await scheduler.load(new GraphBuilder(SIZE).node('gen', 'multiscale-generator', { preset: 'tiny' }).build());
    await scheduler.step();
    await expect(scheduler.training.start('gen')).rejects.toThrow('Wire a Dataset node (with a dataset picked) into the multi-scale generator\'s "Training data" input');
    await scheduler.load(graph(await storedDataset(storage, 4)));
    await scheduler.step();
    await expect(scheduler.training.start('gen')).rejects.toThrow('Dataset "Slide" has 4 frames; the multi-scale generator learns from clips of 5 consecutive frames');

    const errors: string[] = [];
    scheduler.on((e) => { if (e.type === 'nodeerrored') errors.push(e.message); });
    const net = createUNet(tf, unetConfig('tiny', SIZE), 1);
    const pix2pix = await storage.saveModel(checkpointToArtifacts(await encodeCheckpoint(tf, { generator: net, preset: 'tiny' })), 'pix2pix');
    disposeUNet(net);
    await scheduler.load(graph('x', { checkpoint: pix2pix.sha256 }));
    expect(await scheduler.step()).toBe(false);
    expect(errors.at(-1)).toContain('Not a multi-scale generator checkpoint (format "nfp-studio/next-frame-generator")');
    await scheduler.stop();
  }, 60_000);
});
