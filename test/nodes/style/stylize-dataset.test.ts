import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { KEEP_EXTRACTED } from '../../../src/core';
import type { StudioStorage } from '../../../src/core';
import { encodeStyleCheckpoint, styleCheckpointToArtifacts } from '../../../src/nodes/style/style-checkpoint';
import { stylizeDataset, stylizeMessages } from '../../../src/nodes/style/stylize-dataset';
import { createStylizer, disposeStylizer, stylizeFrame, stylizerConfig } from '../../../src/nodes/style/stylizer';
import { openTestStorage } from '../../core/storage/storage-test-kit';
import { translatingClip } from '../generator/synthetic-clip';

const SIZE = 16;
const FRAMES = 5;

/** A stored clip and stored (untrained, but real) style weights. */
async function stored(storage: StudioStorage): Promise<{ source: string; weights: string; frames: Uint8Array[] }> {
  const clip = translatingClip(tf, { size: SIZE, frames: FRAMES, speed: 2 });
  const bytes = await tf.tidy(() => tf.cast(tf.round(tf.mul(clip, 255)), 'int32')).data();
  clip.dispose();
  const plane = SIZE * SIZE * 3;
  const frames = Array.from({ length: FRAMES }, (_, i) => Uint8Array.from(bytes.subarray(i * plane, (i + 1) * plane)));
  const source = await storage.createDataset({ name: 'Slide', width: SIZE, height: SIZE });
  await storage.appendFrames(source, frames);
  const net = createStylizer(tf, stylizerConfig('tiny'), 4);
  const artifacts = styleCheckpointToArtifacts(await encodeStyleCheckpoint(tf, { net, preset: 'tiny', step: 0, style: '', size: SIZE }));
  disposeStylizer(net);
  const saved = await storage.saveModel({ ...artifacts, userDefinedMetadata: { ...artifacts.userDefinedMetadata, checkpointOf: 'style-transfer' } }, 'S');
  return { source, weights: saved.sha256, frames };
}

describe('stylized datasets', () => {
  it('stores every frame of the source stylized, as the node would stylize it, with a flat tensor count', async () => {
    const { storage } = await openTestStorage();
    const { source, weights, frames } = await stored(storage);
    const before = tf.memory().numTensors;
    const progress: number[] = [];
    const result = await stylizeDataset({ tf, storage, models: storage, source, weights, strength: 1, name: 'Slide · styled', batchSize: 2, onProgress: (done) => progress.push(done) });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.outcome).toBe('complete');
    if (result.outcome !== 'complete') return;
    expect(progress).toEqual([2, 4, 5]);
    const info = await storage.getDataset(result.id);
    expect(info).toMatchObject({ name: 'Slide · styled', width: SIZE, height: SIZE, channels: 3, frameCount: FRAMES });
    const [styled] = await storage.readFrames(result.id, 3, 1);
    const net = createStylizer(tf, stylizerConfig('tiny'), 4);
    const expected = tf.tidy(() => tf.round(tf.mul(stylizeFrame(tf, net, tf.div(tf.tensor3d(frames[3]!, [SIZE, SIZE, 3], 'int32'), 255)), 255)));
    const want = await expected.data();
    expected.dispose();
    disposeStylizer(net);
    const differences = Array.from(styled!, (value, i) => Math.abs(value - want[i]!));
    expect(Math.max(...differences)).toBeLessThanOrEqual(1);
    expect(Array.from(styled!)).not.toEqual(Array.from(frames[3]!));
  });

  it('cancelling deletes the partial dataset and leaves the source as it was', async () => {
    const { storage } = await openTestStorage();
    const { source, weights } = await stored(storage);
    const controller = new AbortController();
    const result = await stylizeDataset({
      tf, storage, models: storage, source, weights, strength: 1, name: 'Cancelled', batchSize: 2, signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    expect(result).toEqual({ outcome: 'cancelled', frames: 0 });
    const names = (await storage.listDatasets()).map((d) => d.name);
    expect(names).toEqual(['Slide']);
    expect((await storage.getDataset(source))?.frameCount).toBe(FRAMES);
  });

  it('"Stop and keep" ends after the batch in flight and keeps the frames stylized so far as the dataset', async () => {
    const { storage } = await openTestStorage();
    const { source, weights } = await stored(storage);
    const controller = new AbortController();
    const before = tf.memory().numTensors;
    const result = await stylizeDataset({
      tf, storage, models: storage, source, weights, strength: 1, name: 'Kept', batchSize: 2, signal: controller.signal,
      onProgress: (done) => { if (done >= 2) controller.abort(KEEP_EXTRACTED); },
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(result).toMatchObject({ outcome: 'kept', frames: 2 });
    if (result.outcome !== 'kept') return;
    expect((await storage.getDataset(result.id))?.frameCount).toBe(2);
    // Stopped before any frame was stylized: nothing to keep, so no empty dataset is left behind.
    const early = new AbortController();
    early.abort(KEEP_EXTRACTED);
    expect(await stylizeDataset({ tf, storage, models: storage, source, weights, strength: 1, name: 'Empty', signal: early.signal })).toEqual({ outcome: 'cancelled', frames: 0 });
    expect((await storage.listDatasets()).map((d) => d.name).sort()).toEqual(['Kept', 'Slide']);
  });

  it('refuses a node without weights, a deleted source and weights of another node type, storing nothing', async () => {
    const { storage } = await openTestStorage();
    const { source, weights } = await stored(storage);
    const base = { tf, storage, models: storage, strength: 1, name: 'Never' };
    await expect(stylizeDataset({ ...base, source, weights: '' })).rejects.toThrow(stylizeMessages.noWeights());
    await expect(stylizeDataset({ ...base, source: 'gone', weights })).rejects.toThrow(stylizeMessages.sourceGone());
    const other = await storage.saveModel({ format: 'something-else', weightSpecs: [], weightData: new ArrayBuffer(4) }, 'Other');
    await expect(stylizeDataset({ ...base, source, weights: other.sha256 })).rejects.toThrow(/Weights cannot be used: .*not a Style Transfer checkpoint/);
    expect((await storage.listDatasets()).map((d) => d.name)).toEqual(['Slide']);
  });
});
