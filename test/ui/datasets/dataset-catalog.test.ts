import { describe, expect, it } from 'vitest';
import { DatasetCatalog } from '../../../src/ui/datasets/dataset-catalog.svelte';
import { openTestStorage } from '../../core/storage/storage-test-kit';

/** A 2×1 RGB frame whose bytes all equal `value`. */
const frame = (value: number) => new Uint8Array(6).fill(value);

describe('DatasetCatalog', () => {
  it('lists datasets, newest change first', async () => {
    const { storage } = await openTestStorage();
    const a = await storage.createDataset({ name: 'A', width: 2, height: 1 });
    await storage.createDataset({ name: 'B', width: 2, height: 1 });
    await storage.appendFrames(a, [frame(1)]);
    const catalog = new DatasetCatalog(storage);
    expect(catalog.loaded).toBe(false);
    await catalog.refresh();
    expect(catalog.datasets.map((d) => d.name)).toEqual(['A', 'B']);
    expect(catalog.find(a)?.frameCount).toBe(1);
  });

  it('reads thumbnails spread over the frames, as opaque RGBA', async () => {
    const { storage } = await openTestStorage();
    const id = await storage.createDataset({ name: 'Clip', width: 2, height: 1 });
    await storage.appendFrames(id, Array.from({ length: 10 }, (_, i) => frame(i)));
    const catalog = new DatasetCatalog(storage);
    await catalog.refresh();
    const thumbs = await catalog.thumbnails(catalog.datasets[0]!);
    expect(thumbs.map((t) => t.index)).toEqual([0, 3, 6, 9]);
    expect(Array.from(thumbs[1]!.rgba)).toEqual([3, 3, 3, 255, 3, 3, 3, 255]);
  });

  it('deletes and re-lists', async () => {
    const { storage } = await openTestStorage();
    await storage.createDataset({ name: 'Doomed', width: 2, height: 1 });
    const catalog = new DatasetCatalog(storage);
    await catalog.refresh();
    await catalog.remove(catalog.datasets[0]!);
    expect(catalog.datasets).toEqual([]);
  });

  it('says why it has nothing when storage is off', async () => {
    const catalog = new DatasetCatalog(undefined);
    await catalog.refresh();
    expect(catalog.available).toBe(false);
    expect(catalog.error).toMatch(/Browser storage is unavailable/);
    await expect(catalog.remove({ id: 'x', name: 'X' } as never)).rejects.toThrow(/Browser storage is unavailable/);
  });
});
