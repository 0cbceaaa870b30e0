import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { Tensor3D } from '@tensorflow/tfjs';
import { defaultParams, NodeRegistry, Scheduler } from '../../src/core';
import type { SchedulerEvent, StudioStorage, TrainingStatus } from '../../src/core';
import { builtInNodes } from '../../src/nodes';
import { checkpointToArtifacts, encodeCheckpoint } from '../../src/nodes/unet/checkpoint';
import { createUNet, disposeUNet, unetConfig } from '../../src/nodes/unet/unet';
import { restoration } from '../../src/nodes/restoration';
import { nextFrameGenerator } from '../../src/nodes/next-frame-generator';
import { migrateNode } from '../../src/core/graph-file';
import { GraphBuilder } from '../helpers/graph-builder';
import { bareContext } from '../helpers/node-context';
import { openTestStorage } from '../core/storage/storage-test-kit';
import { translatingClip } from './generator/synthetic-clip';

const registry = new NodeRegistry();
registry.registerAll(builtInNodes);
const SIZE = 32;
const FRAMES = 8;

/** A stored dataset of a pattern sliding right, and a stored (untrained, but real) generator checkpoint. */
async function stored(storage: StudioStorage): Promise<{ datasetId: string; generator: string }> {
  const clip = translatingClip(tf, { size: SIZE, frames: FRAMES, speed: 2 });
  const bytes = await tf.tidy(() => tf.cast(tf.round(tf.mul(clip, 255)), 'int32')).data();
  clip.dispose();
  const datasetId = await storage.createDataset({ name: 'Slide', width: SIZE, height: SIZE });
  const plane = SIZE * SIZE * 3;
  await storage.appendFrames(datasetId, Array.from({ length: FRAMES }, (_, i) => Uint8Array.from(bytes.subarray(i * plane, (i + 1) * plane))));
  const net = createUNet(tf, unetConfig('tiny', SIZE), 11);
  const artifacts = checkpointToArtifacts(await encodeCheckpoint(tf, { generator: net, preset: 'tiny', step: 0 }));
  disposeUNet(net);
  const saved = await storage.saveModel({ ...artifacts, userDefinedMetadata: { ...artifacts.userDefinedMetadata, checkpointOf: 'next-frame-generator' } }, 'G');
  return { datasetId, generator: saved.sha256 };
}

function graph(datasetId: string, params: Record<string, string | number | boolean> = {}) {
  return new GraphBuilder(SIZE)
    .node('data', 'dataset', { dataset: datasetId })
    .node('src', 'train-window-source')
    .node('rest', 'restoration', { steps: 6, batch: 2, maxApplications: 3, maxAhead: 3, pool: 4, cycles: 2, checkpointEvery: 3, size: '32', ...params })
    .edge('data.dataset', 'rest.dataset').edge('src.frame', 'rest.frame')
    .build();
}

function until(scheduler: Scheduler, ...statuses: TrainingStatus[]): Promise<TrainingStatus> {
  return new Promise((resolve) => {
    const off = scheduler.on((e) => { if (e.type === 'trainingchanged' && statuses.includes(e.status)) { off(); resolve(e.status); } });
  });
}

/** The node's output after one more frame, in floats. */
async function output(scheduler: Scheduler): Promise<Float32Array> {
  const unwatch = scheduler.watch('rest');
  await scheduler.step();
  let values: Float32Array = new Float32Array();
  await scheduler.withLatestFrame('rest', (frame) => { values = Float32Array.from(frame.dataSync()); });
  unwatch();
  return values;
}

describe('restoration node', () => {
  it('trains through the scheduler on drifted pairs, the loop uses the new weights, its checkpoint reloads them exactly, and training resumes from one', async () => {
    const { storage } = await openTestStorage();
    const { datasetId, generator } = await stored(storage);
    const scheduler = new Scheduler({ tf, registry, models: storage, datasets: storage, nodeTiming: 'dispatch' });
    const events: SchedulerEvent[] = [];
    scheduler.on((e) => events.push(e));
    await scheduler.load(graph(datasetId, { generator }));
    const untrained = await output(scheduler);
    const before = tf.memory().numTensors;

    const ended = until(scheduler, 'finished', 'failed');
    await scheduler.training.start('rest');
    expect(await ended).toBe('finished');
    expect(tf.memory().numTensors).toBe(before);
    const progress = events.flatMap((e) => (e.type === 'trainingprogress' ? [e.report] : []));
    expect(progress.map((r) => r.step)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Object.keys(progress[0]!.losses)).toEqual(['l1', 'gAdv', 'd']);
    expect(progress[0]!.samples?.map((s) => [s.label, s.width])).toEqual([['drifted', SIZE], ['restored', SIZE], ['target', SIZE]]);
    const saved = events.flatMap((e) => (e.type === 'checkpointsaved' ? [e.checkpoint] : []));
    expect(saved.map((c) => c.step)).toEqual([3, 6]);
    expect((await storage.listModels()).find((m) => m.sha256 === saved[1]!.sha256)?.metadata?.['checkpointOf']).toBe('restoration');

    await scheduler.reset();
    const trained = await output(scheduler);
    expect(trained).not.toEqual(untrained);
    const fresh = new Scheduler({ tf, registry, models: storage, datasets: storage, nodeTiming: 'dispatch' });
    await fresh.load(graph(datasetId, { generator, checkpoint: saved[1]!.sha256 }));
    expect(await output(fresh)).toEqual(trained);
    await fresh.stop();

    // Resume rebuilds the pool from the checkpoint's random stream and finishes the planned steps.
    events.length = 0;
    const resumed = until(scheduler, 'finished', 'failed');
    await scheduler.training.start('rest', { resumeFrom: saved[0]!.sha256 });
    expect(await resumed).toBe('finished');
    expect(events.flatMap((e) => (e.type === 'trainingprogress' ? [e.report.step] : []))).toEqual([4, 5, 6]);
    expect(tf.memory().numTensors).toBe(before);
    await scheduler.stop();
  }, 60_000);

  it('asks for a trained generator it can read, then for a dataset long enough for J, before training', async () => {
    const { storage } = await openTestStorage();
    const { datasetId, generator } = await stored(storage);
    const scheduler = new Scheduler({ tf, registry, models: storage, datasets: storage, nodeTiming: 'dispatch' });
    await scheduler.load(graph(datasetId));
    await scheduler.step();
    await expect(scheduler.training.start('rest')).rejects.toThrow('Pick the trained generator whose drift this node should learn to undo');
    await scheduler.load(graph(datasetId, { generator: 'f'.repeat(64) }));
    await scheduler.step();
    await expect(scheduler.training.start('rest')).rejects.toThrow('The generator picked in "Generator" cannot be read: No stored model with hash ffffffffffff');
    await scheduler.load(new GraphBuilder(SIZE).node('rest', 'restoration', { generator, size: '32' }).build());
    await scheduler.step();
    await expect(scheduler.training.start('rest')).rejects.toThrow('Wire a Dataset node (with a dataset picked) into the restoration node\'s "Training data" input');
    await scheduler.load(graph(datasetId, { generator, maxAhead: FRAMES }));
    await scheduler.step();
    await expect(scheduler.training.start('rest')).rejects.toThrow(`Dataset "Slide" has ${FRAMES} frames; targets up to ${FRAMES} frames ahead (J) need at least ${FRAMES + 1}`);
    await scheduler.stop();
  });
});

describe('"Predicts" migration', () => {
  it('keeps restorers and generators saved before the param predicting frames, as they did', () => {
    for (const definition of [restoration, nextFrameGenerator]) {
      const old = { id: 'n', type: definition.type, typeVersion: 1, params: { size: '32', preset: 'tiny' }, position: { x: 0, y: 0 } };
      const migrated = migrateNode(old, definition);
      expect(migrated.ok && migrated.node.typeVersion).toBe(definition.version);
      expect(migrated.ok && migrated.node.params['output']).toBe('frame');
      // Restorers from before "Drift with dropout" drifted without it.
      if (definition === restoration) expect(migrated.ok && migrated.node.params['generatorDropout']).toBe(false);
    }
  });
});

describe('restoration in the loop', () => {
  const size = { width: SIZE, height: 24 };
  const input = tf.tidy(() => tf.randomUniform([size.height, size.width, 3], 0, 1, 'float32', 4)) as Tensor3D;

  /** The node's output for `input` at each of `frames`, with one node instance. */
  function outputs(params: Record<string, unknown>, frames: readonly number[]): Float32Array[] {
    const all = { ...defaultParams(restoration.params), size: '32', ...params } as never;
    const state = restoration.create!({ nodeId: 'r', params: all, size, ...bareContext() });
    const values = frames.map((frame) => tf.tidy(() => {
      const out = restoration.process({ nodeId: 'r', params: all, size, ...bareContext(), state, frame, time: frame / 30, inputs: { frame: input } });
      return Float32Array.from((out['frame'] as Tensor3D).dataSync());
    }));
    restoration.dispose!(state);
    return values;
  }

  it('is the identity at strength 0', () => {
    const [out] = outputs({ strength: 0 }, [0]);
    expect(out).toEqual(Float32Array.from(input.dataSync()));
  });

  it('runs on every second frame with every = 2 and passes the odd frames through unchanged', () => {
    const original = Float32Array.from(input.dataSync());
    // A frame-predicting restorer, so the frames it runs on visibly change.
    const [f0, f1, f2, f3] = outputs({ every: 2, output: 'frame' }, [0, 1, 2, 3]);
    expect(f1).toEqual(original);
    expect(f3).toEqual(original);
    expect(f0).not.toEqual(original);
    expect(f2).toEqual(f0);
  });

  it('passes frames through untrained when it predicts the change (the default); a frame-predicting one starts as noise', () => {
    const square = { width: SIZE, height: SIZE };
    const frame = tf.tidy(() => tf.randomUniform([SIZE, SIZE, 3], 0.05, 0.95, 'float32', 9)) as Tensor3D;
    const run = (output: string): Float32Array => {
      const all = { ...defaultParams(restoration.params), size: '32', output } as never;
      const state = restoration.create!({ nodeId: 'r', params: all, size: square, ...bareContext() });
      const values = tf.tidy(() => Float32Array.from((restoration.process({ nodeId: 'r', params: all, size: square, ...bareContext(), state, frame: 0, time: 0, inputs: { frame } })['frame'] as Tensor3D).dataSync()));
      restoration.dispose!(state);
      return values;
    };
    expect(restoration.params.output.default).toBe('change');
    const original = frame.dataSync();
    const worst = (values: Float32Array) => values.reduce((max, v, i) => Math.max(max, Math.abs(v - original[i]!)), 0);
    expect(worst(run('change'))).toBeLessThan(1e-5);
    expect(worst(run('frame'))).toBeGreaterThan(0.1);
    frame.dispose();
  });

  it('blends input and restored frame by strength', () => {
    const original = input.dataSync();
    const [restored] = outputs({ strength: 1, output: 'frame' }, [0]);
    const [half] = outputs({ strength: 0.25, output: 'frame' }, [0]);
    const worst = half!.reduce((max, value, i) => Math.max(max, Math.abs(value - (0.75 * original[i]! + 0.25 * restored![i]!))), 0);
    expect(worst).toBeLessThan(1e-6);
  });
});
