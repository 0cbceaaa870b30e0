import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { modelArtifactsInfo } from '../../../src/core/storage';
import { openTestStorage } from './storage-test-kit';

function tinyModel(): tf.Sequential {
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [3], units: 4, activation: 'relu' }));
  model.add(tf.layers.dense({ units: 2 }));
  return model;
}

describe('model IOHandler', () => {
  it('saves a tfjs model and loads it back with the same predictions', async () => {
    const { storage } = await openTestStorage();
    const model = tinyModel();
    const handler = storage.modelIOHandler(undefined, 'Tiny dense');
    const result = await model.save(handler);
    expect(result.modelArtifactsInfo).toMatchObject({ modelTopologyType: 'JSON', weightDataBytes: (3 * 4 + 4 + 4 * 2 + 2) * 4 });
    expect(handler.savedSha256).toMatch(/^[0-9a-f]{64}$/);

    const loaded = await tf.loadLayersModel(storage.modelIOHandler(handler.savedSha256));
    const input = tf.tensor2d([[1, -2, 3], [0.5, 0.25, -1]]);
    const [expected, actual] = [model.predict(input), loaded.predict(input)] as tf.Tensor[];
    expect(await actual!.array()).toEqual(await expected!.array());
    tf.dispose([input, expected!, actual!]);
    model.dispose();
    loaded.dispose();
  });

  it('loads through the same handler what it saved', async () => {
    const { storage } = await openTestStorage();
    const model = tinyModel();
    const handler = storage.modelIOHandler(undefined, 'Tiny dense');
    await model.save(handler);
    const loaded = await tf.loadLayersModel(handler);
    expect(loaded.countParams()).toBe(model.countParams());
    expect((await storage.listModels())[0]!.name).toBe('Tiny dense');
    model.dispose();
    loaded.dispose();
  });

  it('rejects load when it was given no hash and saved nothing', async () => {
    const { storage } = await openTestStorage();
    await expect(storage.modelIOHandler().load()).rejects.toThrow('nothing to load');
  });

  it('reports artifact sizes as tfjs does for JSON topologies', () => {
    const info = modelArtifactsInfo({
      modelTopology: { a: 'é' },
      weightSpecs: [],
      weightData: [new ArrayBuffer(3), new ArrayBuffer(5)],
    });
    expect(info).toMatchObject({ modelTopologyType: 'JSON', modelTopologyBytes: 10, weightSpecsBytes: 2, weightDataBytes: 8 });
    expect(info.dateSaved).toBeInstanceOf(Date);
  });
});
