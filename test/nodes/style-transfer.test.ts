import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { Tensor3D } from '@tensorflow/tfjs';
import { defaultParams, NodeRegistry, Scheduler } from '../../src/core';
import type { StudioStorage } from '../../src/core';
import { builtInNodes } from '../../src/nodes';
import { styleTransfer } from '../../src/nodes/style-transfer';
import { createLiveStylizer, followStylizerParams } from '../../src/nodes/style/live-stylizer';
import type { StyleImageSource } from '../../src/nodes/style/live-stylizer';
import { MISSING_STYLE, startStyleTraining } from '../../src/nodes/style/style-job';
import { encodeStyleCheckpoint, styleCheckpointToArtifacts } from '../../src/nodes/style/style-checkpoint';
import { createStylizer, disposeStylizer, stylizerConfig } from '../../src/nodes/style/stylizer';
import { GraphBuilder } from '../helpers/graph-builder';
import { bareContext } from '../helpers/node-context';
import { openTestStorage } from '../core/storage/storage-test-kit';
import { translatingClip } from './generator/synthetic-clip';
import { stripes, toBytes } from './style/style-images';

const registry = new NodeRegistry();
registry.registerAll(builtInNodes);
const SIZE = 32;
const STYLE = 'c'.repeat(64);

async function storedClip(storage: StudioStorage): Promise<string> {
  const clip = translatingClip(tf, { size: SIZE, frames: 4, speed: 2 });
  const bytes = await tf.tidy(() => tf.cast(tf.round(tf.mul(clip, 255)), 'int32')).data();
  clip.dispose();
  const id = await storage.createDataset({ name: 'Slide', width: SIZE, height: SIZE });
  const plane = SIZE * SIZE * 3;
  await storage.appendFrames(id, Array.from({ length: 4 }, (_, i) => Uint8Array.from(bytes.subarray(i * plane, (i + 1) * plane))));
  return id;
}

/** Style images as the node's asset reader would give them (any hash reads as stripes), at the training size. */
async function stripeImages(): Promise<StyleImageSource> {
  const image = stripes(tf, SIZE);
  const bytes = await toBytes(tf, image);
  image.dispose();
  return { read: (_sha256, size) => (size === SIZE ? Promise.resolve(bytes) : Promise.reject(new Error(`no image at ${size}px`))) };
}

const params = (extra: Record<string, unknown> = {}) => ({ ...defaultParams(styleTransfer.params), style: STYLE, size: String(SIZE), steps: 4, batch: 1, ...extra });

describe('style transfer training', () => {
  it('learns the style from a dataset, hands the loop its weights, saves a checkpoint that resumes exactly, and keeps the tensor count flat', async () => {
    const { storage } = await openTestStorage();
    const datasetId = await storedClip(storage);
    const live = createLiveStylizer(tf, params(), await stripeImages());
    const before = tf.memory().numTensors;
    const context = { tf, nodeId: 'style', params: params(), size: { width: SIZE, height: SIZE }, state: live, inputs: { dataset: { kind: 'dataset' as const, id: datasetId } }, datasets: storage };
    const job = await startStyleTraining(context);
    const first = await job.step();
    expect(Object.keys(first.losses)).toEqual(['style', 'content', 'tv']);
    expect(first.samples?.map((s) => [s.label, s.width, s.height])).toEqual([['content', SIZE, SIZE], ['stylized', SIZE, SIZE], ['style', SIZE, SIZE]]);
    await job.step();
    const saved = await job.save();
    const [third, fourth] = [await job.step(), await job.step()];
    expect(job.stepsDone).toBe(job.totalSteps);
    await job.save();
    const liveWeights = await live.net.weights['out/kernel']!.data();
    job.dispose();

    const resumed = await startStyleTraining({ ...context, resumeFrom: saved });
    expect(resumed.stepsDone).toBe(2);
    expect((await resumed.step()).losses).toEqual(third.losses);
    expect((await resumed.step()).losses).toEqual(fourth.losses);
    // save() copies the trained weights into the loop's network.
    await resumed.save();
    expect(await live.net.weights['out/kernel']!.data()).toEqual(liveWeights);
    resumed.dispose();
    expect(tf.memory().numTensors).toBe(before);
    await expect(startStyleTraining({ ...context, params: params({ style: 'd'.repeat(64) }), resumeFrom: saved })).rejects.toThrow('That checkpoint learnt another style image');
    disposeStylizer(live.net);
  }, 60_000);

  it('asks for a style image, a wired dataset and a readable picture before training, each with its own message', async () => {
    const { storage } = await openTestStorage();
    const datasetId = await storedClip(storage);
    const scheduler = new Scheduler({ tf, registry, models: storage, datasets: storage, assets: storage, nodeTiming: 'dispatch' });
    const graph = (style: string, wired: boolean) => {
      const builder = new GraphBuilder(SIZE).node('data', 'dataset', { dataset: datasetId }).node('style', 'style-transfer', { style, size: String(SIZE) });
      return (wired ? builder.edge('data.dataset', 'style.dataset') : builder).build();
    };
    await scheduler.load(graph('', true));
    await scheduler.step();
    await expect(scheduler.training.start('style')).rejects.toThrow(MISSING_STYLE);
    await scheduler.load(graph(STYLE, false));
    await scheduler.step();
    await expect(scheduler.training.start('style')).rejects.toThrow('Wire a Dataset node (with a dataset picked) into the Style Transfer node\'s "Training data" input');
    await scheduler.load(graph(STYLE, true));
    await scheduler.step();
    await expect(scheduler.training.start('style')).rejects.toThrow('The picture picked in "Style image" cannot be read:');
    await scheduler.stop();
  });
});

describe('style transfer in the loop', () => {
  const size = { width: 18, height: 14 };
  const input = tf.tidy(() => tf.randomUniform([size.height, size.width, 3], 0, 1, 'float32', 4)) as Tensor3D;

  function outputs(extra: Record<string, unknown>): Float32Array {
    const all = { ...defaultParams(styleTransfer.params), ...extra } as never;
    const state = styleTransfer.create!({ nodeId: 's', params: all, size, ...bareContext() });
    const before = tf.memory().numTensors;
    const values = tf.tidy(() => {
      const out = styleTransfer.process({ nodeId: 's', params: all, size, ...bareContext(), state, frame: 0, time: 0, inputs: { frame: input } })['frame'] as Tensor3D;
      expect(out.shape).toEqual([size.height, size.width, 3]);
      return Float32Array.from(out.dataSync());
    });
    expect(tf.memory().numTensors).toBe(before);
    styleTransfer.dispose!(state);
    return values;
  }

  it('stylizes a frame of any size at that size, passes it through at strength 0 and blends in between', () => {
    const original = input.dataSync();
    expect(outputs({ strength: 0 })).toEqual(Float32Array.from(original));
    const styled = outputs({ strength: 1 });
    expect(styled).not.toEqual(Float32Array.from(original));
    const quarter = outputs({ strength: 0.25 });
    const worst = quarter.reduce((max, value, i) => Math.max(max, Math.abs(value - (0.75 * original[i]! + 0.25 * styled[i]!))), 0);
    expect(worst).toBeLessThan(1e-5);
  });

  it('loads its Weights param, and refuses weights of another network size with the params to set', async () => {
    const { storage } = await openTestStorage();
    const small = createStylizer(tf, stylizerConfig('small'), 2);
    const artifacts = styleCheckpointToArtifacts(await encodeStyleCheckpoint(tf, { net: small, preset: 'small', step: 0, style: '', size: SIZE }));
    const saved = await storage.saveModel(artifacts, 'small');
    const live = createLiveStylizer(tf, { preset: 'tiny', checkpoint: '', seed: 1 }, await stripeImages());
    await expect(followStylizerParams(live, { preset: 'tiny', checkpoint: saved.sha256, seed: 1 }, storage)).rejects.toThrow('set Network to "small"');
    await followStylizerParams(live, { preset: 'small', checkpoint: saved.sha256, seed: 1 }, storage);
    expect(await live.net.weights['in/kernel']!.data()).toEqual(await small.weights['in/kernel']!.data());
    disposeStylizer(small);
    disposeStylizer(live.net);
  });
});
