import { describe, expect, it } from 'vitest';
import { openTestStorage, rejectionOf } from './storage-test-kit';

/** A 2×2 RGB frame whose every byte is `value`. */
const frame = (value: number) => new Uint8Array(2 * 2 * 3).fill(value);

describe('dataset library', () => {
  it('appends frames and reads them back by index', async () => {
    const { storage } = await openTestStorage();
    const id = await storage.createDataset({ name: 'Clip', width: 2, height: 2 });
    expect(await storage.appendFrames(id, [frame(0), frame(1)])).toBe(2);
    expect(await storage.appendFrames(id, [frame(2)])).toBe(3);
    expect(await storage.readFrames(id, 1, 2)).toEqual([frame(1), frame(2)]);
    expect((await storage.listDatasets())[0]).toMatchObject({ id, name: 'Clip', frameCount: 3, bytes: 36, channels: 3 });
  });

  it('returns fewer frames when the range runs past the end', async () => {
    const { storage } = await openTestStorage();
    const id = await storage.createDataset({ name: 'Clip', width: 2, height: 2 });
    await storage.appendFrames(id, [frame(0), frame(1)]);
    expect(await storage.readFrames(id, 1, 10)).toEqual([frame(1)]);
    expect(await storage.readFrames(id, 5, 1)).toEqual([]);
  });

  it('accepts RGBA frames in a four-channel dataset', async () => {
    const { storage } = await openTestStorage();
    const id = await storage.createDataset({ name: 'Alpha', width: 2, height: 2, channels: 4 });
    const rgba = new Uint8Array(16).fill(7);
    await storage.appendFrames(id, [rgba]);
    expect(await storage.readFrames(id, 0, 1)).toEqual([rgba]);
  });

  it('stores only a frame\'s own bytes when it is a view into a larger buffer', async () => {
    const { storage } = await openTestStorage();
    const id = await storage.createDataset({ name: 'Clip', width: 2, height: 2 });
    const big = new Uint8Array(1000).fill(9);
    await storage.appendFrames(id, [big.subarray(100, 112)]);
    const [read] = await storage.readFrames(id, 0, 1);
    expect(read!.buffer.byteLength).toBe(12);
  });

  it('rejects a frame of the wrong size and stores none of the batch', async () => {
    const { storage, countRecords } = await openTestStorage();
    const id = await storage.createDataset({ name: 'Clip', width: 2, height: 2 });
    await expect(storage.appendFrames(id, [frame(0), new Uint8Array(5)])).rejects.toThrow(RangeError);
    expect(await countRecords('frames')).toBe(0);
    expect((await storage.listDatasets())[0]!.frameCount).toBe(0);
  });

  it('rejects appending to an unknown dataset with not-found', async () => {
    const { storage } = await openTestStorage();
    expect(await rejectionOf(storage.appendFrames('nope', [frame(0)]))).toMatchObject({ code: 'not-found' });
  });

  it('deletes a dataset together with its frames and leaves other datasets alone', async () => {
    const { storage, countRecords } = await openTestStorage();
    const doomed = await storage.createDataset({ name: 'Doomed', width: 2, height: 2 });
    const kept = await storage.createDataset({ name: 'Kept', width: 2, height: 2 });
    await storage.appendFrames(doomed, [frame(0), frame(1)]);
    await storage.appendFrames(kept, [frame(2)]);
    expect(await storage.deleteDataset(doomed)).toBe(true);
    expect((await storage.listDatasets()).map((d) => d.id)).toEqual([kept]);
    expect(await countRecords('frames')).toBe(1);
    expect(await storage.readFrames(kept, 0, 1)).toEqual([frame(2)]);
  });

  it('lists datasets most recently changed first', async () => {
    const { storage } = await openTestStorage();
    const a = await storage.createDataset({ name: 'A', width: 2, height: 2 });
    const b = await storage.createDataset({ name: 'B', width: 2, height: 2 });
    await storage.appendFrames(a, [frame(0)]);
    expect((await storage.listDatasets()).map((d) => d.id)).toEqual([a, b]);
  });

  it('rejects a dataset size that is not a positive integer', async () => {
    const { storage } = await openTestStorage();
    await expect(storage.createDataset({ name: 'Bad', width: 0, height: 2 })).rejects.toThrow(RangeError);
  });
});
