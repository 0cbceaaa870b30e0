import type { io } from '@tensorflow/tfjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StorageError } from '../../../src/core/storage';
import { failWritesTo, openTestStorage, rejectionOf } from './storage-test-kit';

afterEach(() => {
  vi.restoreAllMocks();
});

const modelArtifacts = (): io.ModelArtifacts => ({
  modelTopology: { class_name: 'Sequential' },
  weightSpecs: [{ name: 'w', shape: [2], dtype: 'float32' }],
  weightData: new Float32Array([1, 2]).buffer,
});

describe('when browser storage is full', () => {
  // Both stores a save writes, and both ways a browser reports quota: whichever write fails,
  // the other one must be rolled back too.
  it.each([
    ['revisions', 'throw'],
    ['revisions', 'abort'],
    ['graphs', 'throw'],
    ['graphs', 'abort'],
  ] as const)('keeps the previous revision when writing to %s fails (%s)', async (store, how) => {
    const { storage } = await openTestStorage();
    const { id } = await storage.saveGraph({ name: 'My graph', json: '{"v":1}' });
    await storage.saveGraph({ id, name: 'My graph', json: '{"v":2}' });
    const revisionsBefore = await storage.listRevisions(id);

    failWritesTo(store, how);
    const error = await rejectionOf(storage.saveGraph({ id, name: 'My graph', json: '{"v":3}' }));
    vi.restoreAllMocks();

    expect(error).toBeInstanceOf(StorageError);
    expect(error).toMatchObject({ code: 'quota-exceeded' });
    expect((error as StorageError).message).toBe(
      'Browser storage is full: "My graph" was not saved and its previous revision is kept. Free space in Storage (top bar) by deleting old checkpoints, or delete old graphs or datasets.',
    );
    expect(await storage.loadGraph(id)).toMatchObject({ revision: 2, json: '{"v":2}' });
    expect(await storage.listRevisions(id)).toEqual(revisionsBefore);
  });

  it('stores nothing when a new graph does not fit, and says it was not saved', async () => {
    const { storage, countRecords } = await openTestStorage();
    failWritesTo('graphs');
    const error = await rejectionOf(storage.saveGraph({ name: 'Fresh', json: '{}' }));
    expect(error).toMatchObject({ code: 'quota-exceeded', message: expect.stringMatching(/^Browser storage is full: "Fresh" was not saved\. /) });
    vi.restoreAllMocks();
    expect(await storage.listGraphs()).toEqual([]);
    expect(await countRecords('revisions')).toBe(0);
  });

  it.each(['throw', 'abort'] as const)('leaves no half-written model when its record does not fit (%s)', async (how) => {
    const { storage, countRecords } = await openTestStorage();
    failWritesTo('models', how);
    const error = await rejectionOf(storage.saveModel(modelArtifacts(), 'Monet'));
    vi.restoreAllMocks();
    expect(error).toMatchObject({ code: 'quota-exceeded', message: expect.stringContaining('model "Monet" was not saved') });
    expect(await countRecords('weights')).toBe(0);
    expect(await countRecords('models')).toBe(0);
  });

  it('keeps the frames already in a dataset when appending does not fit', async () => {
    const { storage, countRecords } = await openTestStorage();
    const id = await storage.createDataset({ name: 'Clip', width: 1, height: 1 });
    await storage.appendFrames(id, [new Uint8Array([1, 2, 3])]);
    failWritesTo('datasets', 'abort');
    const error = await rejectionOf(storage.appendFrames(id, [new Uint8Array([4, 5, 6]), new Uint8Array([7, 8, 9])]));
    vi.restoreAllMocks();
    expect(error).toMatchObject({ code: 'quota-exceeded', message: expect.stringContaining('2 frames were not added to dataset "Clip"') });
    expect(await countRecords('frames')).toBe(1);
    expect((await storage.listDatasets())[0]!.frameCount).toBe(1);
  });
});
