import * as tf from '@tensorflow/tfjs';
import type { Tensor3D } from '@tensorflow/tfjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineNode, defaultParams, emptyGraph, NodeRegistry, noAssetSource, Scheduler } from '../../../src/core';
import type { StudioStorage } from '../../../src/core';
import { extractFrames, ExtractFramesError, KEEP_EXTRACTED } from '../../../src/core/library/extract-frames';
import type { ExtractFramesOptions, ExtractProgress } from '../../../src/core/library/extract-frames';
import { trainWindowSource } from '../../../src/nodes/train-window-source';
import { testRegistry } from '../../helpers/test-nodes';
import { failWritesTo, openTestStorage, rejectionOf } from '../storage/storage-test-kit';

/** Every pixel of frame n is n/255, so the stored bytes name the frame they came from. */
const ramp = defineNode({
  type: 'test/ramp', version: 1, title: 'Ramp', category: 'Sources', volatile: true, inputs: [],
  outputs: [{ name: 'frame', type: 'frame' }], params: {},
  process: ({ tf: t, size, frame }) => ({ frame: t.fill([size.height, size.width, 3], (frame % 256) / 255) as Tensor3D }),
});

/** A source that throws on frame 3, as a broken clip would. */
const breaksAtThree = defineNode({
  type: 'test/breaks', version: 1, title: 'Broken clip', category: 'Sources', volatile: true, inputs: [],
  outputs: [{ name: 'frame', type: 'frame' }], params: {},
  process: ({ tf: t, size, frame }) => {
    if (frame === 3) throw new Error('the clip cannot be decoded (corrupt VP9 frame)');
    return { frame: t.zeros([size.height, size.width, 3]) as Tensor3D };
  },
});

function registry(): NodeRegistry {
  const r = testRegistry();
  r.registerAll([ramp, breaksAtThree, trainWindowSource]);
  return r;
}

type Overrides = Partial<ExtractFramesOptions> & { readonly storage: StudioStorage };

function extract(overrides: Overrides) {
  return extractFrames({
    tf, registry: registry(), source: { type: 'test/ramp', params: {} }, width: 4, height: 3, stride: 1, maxFrames: 5, name: 'Ramp', ...overrides,
  });
}

/** The first byte of each stored frame. */
async function firstBytes(storage: StudioStorage, id: string, count: number): Promise<number[]> {
  return (await storage.readFrames(id, 0, count)).map((f) => f[0]!);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('extractFrames', () => {
  it('stores every stride-th frame, in order, as RGB bytes of the dataset size', async () => {
    const { storage } = await openTestStorage();
    const result = await extract({ storage, stride: 3, maxFrames: 5 });
    expect(result).toMatchObject({ outcome: 'complete', frames: 5 });
    if (result.outcome === 'cancelled') throw new Error('unreachable');
    expect(await firstBytes(storage, result.id, 10)).toEqual([0, 3, 6, 9, 12]);
    const [summary] = await storage.listDatasets();
    expect(summary).toMatchObject({ id: result.id, name: 'Ramp', width: 4, height: 3, channels: 3, frameCount: 5, bytes: 5 * 4 * 3 * 3 });
  });

  it('stores exactly what the source renders at the dataset size and logical time', async () => {
    const { storage } = await openTestStorage();
    const params = { seed: 5, speed: 2, poles: true };
    const result = await extract({ storage, source: { type: 'train-window-source', params }, width: 24, height: 16, stride: 2, maxFrames: 3, fps: 25 });
    if (result.outcome === 'cancelled') throw new Error('expected frames');
    const stored = await storage.readFrames(result.id, 0, 3);
    const all = { ...defaultParams(trainWindowSource.params), ...params };
    const size = { width: 24, height: 16 };
    // Casts: the contexts grow fields this source does not read.
    const state = trainWindowSource.create!({ nodeId: 'n', params: all, size, tf, assets: noAssetSource } as never);
    for (const [i, frame] of [0, 2, 4].entries()) {
      const expected = tf.tidy(() => {
        const { frame: image } = trainWindowSource.process({ nodeId: 'n', params: all, size, tf, assets: noAssetSource, state, frame, time: frame / 25, inputs: {} } as never) as { frame: Tensor3D };
        return Array.from(tf.round(tf.mul(image, 255)).dataSync());
      });
      expect(Array.from(stored[i]!)).toEqual(expected);
    }
  });

  it('reports progress for every frame, with a rate', async () => {
    const { storage } = await openTestStorage();
    const seen: ExtractProgress[] = [];
    await extract({ storage, maxFrames: 7, onProgress: (p) => seen.push(p) });
    expect(seen.map((p) => p.done)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(seen.every((p) => p.total === 7 && p.fps >= 0 && Number.isFinite(p.fps))).toBe(true);
  });

  it('appends in batches', async () => {
    const { storage } = await openTestStorage();
    const append = vi.spyOn(storage, 'appendFrames');
    await extract({ storage, maxFrames: 10, batchSize: 4 });
    expect(append.mock.calls.map(([, frames]) => frames.length)).toEqual([4, 4, 2]);
  });

  it('leaves the tensor count flat while it runs and as it found it afterwards', async () => {
    const { storage } = await openTestStorage();
    const before = tf.memory().numTensors;
    const during: number[] = [];
    await extract({ storage, source: { type: 'train-window-source', params: {} }, width: 16, height: 16, maxFrames: 60, onProgress: () => during.push(tf.memory().numTensors) });
    expect(tf.memory().numTensors).toBe(before);
    // The count may swing by the few frames on their way back, but must not grow with the frame count.
    expect(Math.max(...during.slice(40))).toBeLessThanOrEqual(Math.max(...during.slice(5, 20)));
  });

  it('deletes the partial dataset when cancelled', async () => {
    const { storage, countRecords } = await openTestStorage();
    const controller = new AbortController();
    const result = await extract({
      storage, maxFrames: 1000, batchSize: 4, signal: controller.signal, onProgress: ({ done }) => { if (done === 9) controller.abort(); },
    });
    expect(result).toEqual({ outcome: 'cancelled', frames: 0 });
    expect(await storage.listDatasets()).toEqual([]);
    expect(await countRecords('frames')).toBe(0);
  });

  it('keeps the frames read so far when stopped with KEEP_EXTRACTED', async () => {
    const { storage } = await openTestStorage();
    const controller = new AbortController();
    const result = await extract({
      storage, maxFrames: 1000, batchSize: 4, signal: controller.signal, onProgress: ({ done }) => { if (done === 9) controller.abort(KEEP_EXTRACTED); },
    });
    expect(result.outcome).toBe('kept');
    if (result.outcome === 'cancelled') throw new Error('unreachable');
    expect(result.frames).toBeGreaterThanOrEqual(9);
    expect(result.frames).toBeLessThan(20);
    expect((await storage.listDatasets())[0]!.frameCount).toBe(result.frames);
    expect(await firstBytes(storage, result.id, 3)).toEqual([0, 1, 2]);
  });

  it('rejects with the source\'s own message when it fails, and keeps nothing', async () => {
    const { storage } = await openTestStorage();
    const error = await rejectionOf(extract({ storage, source: { type: 'test/breaks', params: {}, label: 'My clip' }, maxFrames: 10 }));
    expect(error).toBeInstanceOf(ExtractFramesError);
    expect(error).toMatchObject({ code: 'source-failed' });
    expect((error as Error).message).toBe(
      '"My clip" failed at frame 3: the clip cannot be decoded (corrupt VP9 frame). Nothing was kept; fix the source (in the inspector) and extract again.',
    );
    expect(await storage.listDatasets()).toEqual([]);
  });

  it('refuses a node that needs inputs, or is not installed, before storing anything', async () => {
    const { storage } = await openTestStorage();
    const needsInput = await rejectionOf(extract({ storage, source: { type: 'test/affine', params: {} } }));
    expect(needsInput).toMatchObject({ code: 'bad-source', message: expect.stringMatching(/needs its input "in" wired/) });
    const missing = await rejectionOf(extract({ storage, source: { type: 'plugin/gone', params: {} } }));
    expect(missing).toMatchObject({ code: 'bad-source', message: expect.stringMatching(/"plugin\/gone" is not installed/) });
    const badParams = await rejectionOf(extract({ storage, source: { type: 'train-window-source', params: { speed: 99 } } }));
    expect(badParams).toMatchObject({ code: 'bad-source', message: expect.stringMatching(/^"Train Window" cannot run: .*Speed: must be ≤ 4/) });
    expect(await storage.listDatasets()).toEqual([]);
  });

  it('deletes the partial dataset and says how far it got when storage is full', async () => {
    const { storage } = await openTestStorage();
    failWritesTo('frames');
    const error = await rejectionOf(extract({ storage, maxFrames: 40, batchSize: 8 }));
    expect(error).toMatchObject({ code: 'storage' });
    expect((error as Error).message).toMatch(/^Browser storage is full: the extraction stopped after \d+ frames and the partial dataset was deleted\. Free space/);
    vi.restoreAllMocks();
    expect(await storage.listDatasets()).toEqual([]);
  });

  it('keeps the frames already stored when storage fills up mid-way, and says so', async () => {
    const { storage } = await openTestStorage();
    // The disk fills after two batches of 4 have committed.
    const append = storage.appendFrames.bind(storage);
    let batches = 0;
    const filling = { ...storage, appendFrames: (id: string, frames: readonly Uint8Array[]) => (++batches <= 2 ? append(id, frames) : (failWritesTo('frames'), append(id, frames))) };
    const result = await extract({ storage: filling, maxFrames: 40, batchSize: 4 });
    vi.restoreAllMocks();
    expect(result).toMatchObject({ outcome: 'kept', frames: 8 });
    if (result.outcome === 'cancelled') throw new Error('unreachable');
    expect(result.notice).toMatch(/^Browser storage is full: the extraction stopped and kept the 8 frames stored so far as the dataset\. Free space/);
    expect((await storage.listDatasets())[0]!.frameCount).toBe(8);
    expect(await firstBytes(storage, result.id, 8)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('rejects sizes and counts that are not whole numbers ≥ 1', async () => {
    const { storage } = await openTestStorage();
    await expect(extract({ storage, stride: 0 })).rejects.toThrow(RangeError);
    await expect(extract({ storage, width: 1.5 })).rejects.toThrow(/width must be a whole number/);
  });

  it('runs beside another scheduler on the same tfjs without disturbing it', async () => {
    const { storage } = await openTestStorage();
    const reg = registry();
    const before = tf.memory().numTensors;
    const main = new Scheduler({ tf, registry: reg });
    await main.load({
      ...emptyGraph('main'), settings: { width: 8, height: 8, fps: 30 },
      nodes: [{ id: 'src', type: 'train-window-source', typeVersion: 1, params: {}, position: { x: 0, y: 0 } }],
    });
    main.setMode('offline');
    main.run();
    const startFrame = main.frame;
    const result = await extract({ storage, registry: reg, maxFrames: 30 });
    expect(result).toMatchObject({ outcome: 'complete', frames: 30 });
    expect(main.frame).toBeGreaterThan(startFrame);
    expect(main.state).toBe('running');
    await main.stop();
    expect(tf.memory().numTensors).toBe(before);
  });
});
