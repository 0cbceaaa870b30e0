import type { io } from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { openTestStorage, rejectionOf, withRawStore } from './storage-test-kit';

const weightSpecs: io.WeightsManifestEntry[] = [
  { name: 'dense/kernel', shape: [2, 2], dtype: 'float32' },
  { name: 'dense/bias', shape: [2], dtype: 'float32' },
];

function artifacts(values: number[] = [1, 2, 3, 4, 0.5, -0.5]): io.ModelArtifacts {
  return {
    modelTopology: { class_name: 'Sequential', config: { name: 'tiny' } },
    weightSpecs,
    weightData: new Float32Array(values).buffer,
    format: 'layers-model',
    generatedBy: 'TensorFlow.js tfjs-layers v4.22.0',
    convertedBy: null,
    userDefinedMetadata: { style: 'monet' },
  };
}

const bytesOf = (data: io.WeightData | undefined) => [...new Uint8Array(data as ArrayBuffer)];

describe('model library', () => {
  it('loads back the saved topology, weight specs, metadata and weight bytes', async () => {
    const { storage } = await openTestStorage();
    const original = artifacts();
    const { sha256, bytes } = await storage.saveModel(original, 'Tiny');
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(bytes).toBe(24);
    const loaded = await storage.loadModel(sha256);
    expect(loaded.modelTopology).toEqual(original.modelTopology);
    expect(loaded.weightSpecs).toEqual(weightSpecs);
    expect(bytesOf(loaded.weightData)).toEqual(bytesOf(original.weightData));
    expect(loaded).toMatchObject({ format: 'layers-model', convertedBy: null, userDefinedMetadata: { style: 'monet' } });
    expect(loaded).not.toHaveProperty('trainingConfig');
  });

  it('keys a model by the SHA-256 of its weight bytes', async () => {
    const { storage } = await openTestStorage();
    const empty = await storage.saveModel({ ...artifacts(), weightData: new ArrayBuffer(0) }, 'Empty');
    expect(empty.sha256).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('stores identical weights once and reports the second save as deduplicated', async () => {
    const { storage, countRecords } = await openTestStorage();
    const first = await storage.saveModel(artifacts(), 'First');
    const second = await storage.saveModel(artifacts(), 'Second');
    expect(first.deduplicated).toBe(false);
    expect(second).toEqual({ ...first, deduplicated: true });
    expect(await countRecords('weights')).toBe(1);
    expect((await storage.listModels()).map((m) => m.name)).toEqual(['Second']);
  });

  it('concatenates weight data given as several ArrayBuffers, in order', async () => {
    const { storage } = await openTestStorage();
    const whole = await storage.saveModel(artifacts(), 'Whole');
    const parts = [new Float32Array([1, 2, 3, 4]).buffer, new Float32Array([0.5, -0.5]).buffer];
    const split = await storage.saveModel({ ...artifacts(), weightData: parts }, 'Split');
    expect(split).toMatchObject({ sha256: whole.sha256, bytes: 24, deduplicated: true });
    expect(bytesOf((await storage.loadModel(split.sha256)).weightData)).toEqual(bytesOf(artifacts().weightData));
  });

  it('lists models most recently saved first, with their metadata but without their topology', async () => {
    const { storage } = await openTestStorage();
    const a = await storage.saveModel(artifacts([1]), 'A');
    const b = await storage.saveModel(artifacts([2]), 'B');
    const list = await storage.listModels();
    expect(list.map((m) => m.sha256)).toEqual([b.sha256, a.sha256]);
    expect(list[0]).toEqual({ sha256: b.sha256, name: 'B', bytes: 4, savedAt: expect.any(Number), format: 'layers-model', generatedBy: expect.any(String), metadata: { style: 'monet' } });
    expect(list[0]).not.toHaveProperty('modelTopology');
  });

  it('deletes a model together with its weight bytes', async () => {
    const { storage, countRecords } = await openTestStorage();
    const { sha256 } = await storage.saveModel(artifacts(), 'Tiny');
    expect(await storage.hasModel(sha256)).toBe(true);
    expect(await storage.deleteModel(sha256)).toBe(true);
    expect(await storage.hasModel(sha256)).toBe(false);
    expect(await countRecords('weights')).toBe(0);
    expect(await storage.deleteModel(sha256)).toBe(false);
  });

  it('rejects loading an unknown hash with not-found', async () => {
    const { storage } = await openTestStorage();
    expect(await rejectionOf(storage.loadModel('ab'.repeat(32)))).toMatchObject({ code: 'not-found' });
  });

  it('rejects loading weights that no longer match their hash with corrupt', async () => {
    const { storage, factory } = await openTestStorage();
    const { sha256 } = await storage.saveModel(artifacts(), 'Tiny');
    await withRawStore(factory, 'weights', 'readwrite', (store) => store.put(new Float32Array(6).buffer, sha256));
    expect(await rejectionOf(storage.loadModel(sha256))).toMatchObject({ code: 'corrupt', message: expect.stringContaining('"Tiny"') });
  });

  it('throws when the artifacts carry no weight data', async () => {
    const { storage } = await openTestStorage();
    await expect(storage.saveModel({ modelTopology: {} }, 'Nothing')).rejects.toThrow('no weight data');
  });
});
