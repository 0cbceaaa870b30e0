import { IDBFactory } from 'fake-indexeddb';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { openStudioStorage } from '../../../src/core';
import { CHECKPOINT_FORMAT, checkpointFromArtifacts, checkpointToArtifacts, encodeCheckpoint, loadGenerator, loadGeneratorWeights } from '../../../src/nodes/unet/checkpoint';
import { createUNet, disposeUNet, runUNet, unetConfig } from '../../../src/nodes/unet/unet';
import type { UNet } from '../../../src/nodes/unet/unet';

const config = unetConfig('tiny', 16);
const frames = tf.randomUniform([2, 16, 16, 3], -1, 1, 'float32', 9) as tf.Tensor4D;
afterAll(() => frames.dispose());

/** Byte equality, so -0, NaN payloads and every last bit count (and fast: toEqual walks arrays element by element). */
function sameBytes(a: tf.Tensor, b: tf.Tensor): boolean {
  const bytes = (t: tf.Tensor) => Buffer.from((t.dataSync() as Float32Array).buffer);
  return bytes(a).equals(bytes(b));
}

function expectSameWeights(a: UNet, b: UNet): void {
  expect(Object.keys(b.weights)).toEqual(Object.keys(a.weights));
  for (const [name, weight] of Object.entries(a.weights)) expect(sameBytes(b.weights[name]!, weight), name).toBe(true);
}

describe('generator checkpoints', () => {
  it('load back bit-exactly and predict exactly the same frames', async () => {
    const net = createUNet(tf, config, 4);
    const checkpoint = await encodeCheckpoint(tf, { generator: net, preset: 'tiny', step: 120, losses: { frame: 0.1, gAdv: 0.7, d: 0.6 } });
    const loaded = loadGenerator(tf, checkpoint);
    expectSameWeights(net, loaded);
    expect(sameBytes(runUNet(tf, loaded, frames), runUNet(tf, net, frames))).toBe(true);
    disposeUNet(net);
    disposeUNet(loaded);
  });

  it('describe the network, the step and the losses in a JSON manifest beside one weight buffer', async () => {
    const net = createUNet(tf, config, 4);
    const { manifest, weightData } = await encodeCheckpoint(tf, { generator: net, preset: 'tiny', step: 120, losses: { frame: 0.1, gAdv: 0.7, d: 0.6 } });
    disposeUNet(net);
    expect(manifest).toMatchObject({ format: CHECKPOINT_FORMAT, version: 1, preset: 'tiny', generator: config, step: 120, losses: { frame: 0.1, gAdv: 0.7, d: 0.6 } });
    expect(manifest.training).toBeUndefined();
    expect(manifest.weightSpecs[0]).toEqual({ name: 'generator/enc0/kernel', shape: [4, 4, 3, 16], dtype: 'float32' });
    expect(weightData.byteLength).toBe(4 * 256_755);
  });

  it('go through the content-addressed model library and come back bit-exact', async () => {
    const storage = await openStudioStorage({ factory: new IDBFactory(), dbName: 'checkpoint-test' });
    const net = createUNet(tf, config, 5);
    const checkpoint = await encodeCheckpoint(tf, { generator: net, preset: 'tiny', step: 7 });
    const handler = storage.modelIOHandler(undefined, 'Slide, step 7');
    await handler.save(checkpointToArtifacts(checkpoint));
    expect(handler.savedSha256).toMatch(/^[0-9a-f]{64}$/);

    const stored = await storage.modelIOHandler(handler.savedSha256).load();
    const restored = checkpointFromArtifacts(stored);
    expect(restored.manifest).toEqual(checkpoint.manifest);
    const loaded = loadGenerator(tf, restored);
    expectSameWeights(net, loaded);
    expect((await storage.listModels())[0]).toMatchObject({ name: 'Slide, step 7', format: CHECKPOINT_FORMAT });
    disposeUNet(net);
    disposeUNet(loaded);
    storage.close();
  });

  it('refuse artifacts that are not generator checkpoints', () => {
    expect(() => checkpointFromArtifacts({ format: 'layers-model', modelTopology: {} })).toThrow(/Not a next-frame generator checkpoint/);
    expect(() => checkpointFromArtifacts({ format: CHECKPOINT_FORMAT, modelTopology: { version: 2, generator: config } })).toThrow(/version 2/);
    expect(() => checkpointFromArtifacts({ format: CHECKPOINT_FORMAT, modelTopology: { version: 1, generator: { ...config, size: 12 } } })).toThrow(/not divisible/);
  });

  it('refuse to load weights into a network of another shape, and leak nothing doing so', async () => {
    const net = createUNet(tf, config, 4);
    const checkpoint = await encodeCheckpoint(tf, { generator: net });
    const other = createUNet(tf, { ...config, baseChannels: 8 }, 4);
    const before = tf.memory().numTensors;
    expect(() => loadGeneratorWeights(tf, other, checkpoint)).toThrow(/enc0\/kernel" has shape \[4, 4, 3, 16\]; the network needs \[4, 4, 3, 8\]/);
    expect(tf.memory().numTensors).toBe(before);
    disposeUNet(net);
    disposeUNet(other);
  });
});
