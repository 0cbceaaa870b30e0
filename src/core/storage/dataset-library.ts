import { ownBuffer } from './bytes';
import { storageMessages } from './messages';
import type { DatasetRecord } from './schema';
import { StorageError } from './storage-error';
import { inTransaction } from './transaction';
import type { StorageContext } from './transaction';

export type DatasetSummary = DatasetRecord;

export interface NewDataset {
  readonly name: string;
  readonly width: number;
  readonly height: number;
  /** 3 (RGB, the default) or 4 (RGBA) bytes per pixel. */
  readonly channels?: 3 | 4;
}

/** Recorded video frames for training, stored one record per frame so they can be read in batches. */
export interface DatasetLibrary {
  /** Creates an empty dataset and resolves to its id. @throws RangeError on a size that is not a positive integer. */
  createDataset(input: NewDataset): Promise<string>;
  /**
   * Appends `frames` (each width × height × channels bytes, row-major) after the existing ones,
   * all or none, and resolves to the new frame count.
   * @throws RangeError on a frame of the wrong size; StorageError `not-found`, `quota-exceeded`.
   */
  appendFrames(id: string, frames: readonly Uint8Array[]): Promise<number>;
  /** Up to `count` frames from index `start`; fewer when the dataset ends first. @throws StorageError `not-found`, `corrupt`. */
  readFrames(id: string, start: number, count: number): Promise<Uint8Array[]>;
  /** One dataset's facts, or undefined when there is none with `id`. */
  getDataset(id: string): Promise<DatasetSummary | undefined>;
  /** All datasets, most recently changed first. */
  listDatasets(): Promise<DatasetSummary[]>;
  /** Deletes the dataset and its frames. Resolves false if it did not exist. */
  deleteDataset(id: string): Promise<boolean>;
}

const datasetStores = ['datasets', 'frames'] as const;

function framesBetween(id: string, first: number, last: number): IDBKeyRange {
  return IDBKeyRange.bound([id, first], [id, last]);
}

/** The dataset library over `context`. */
export function createDatasetLibrary(context: StorageContext): DatasetLibrary {
  return {
    async createDataset({ name, width, height, channels = 3 }) {
      for (const [label, value] of [['width', width], ['height', height]] as const) {
        if (!Number.isInteger(value) || value < 1) throw new RangeError(`Dataset ${label} must be a positive integer, got ${value}`);
      }
      const now = context.now();
      const record: DatasetRecord = {
        id: globalThis.crypto.randomUUID(), name, width, height, channels, frameCount: 0, bytes: 0, createdAt: now, updatedAt: now,
      };
      return inTransaction(context, ['datasets'], 'readwrite', async (tx) => {
        // add, not put: a (vanishingly unlikely) id collision must not replace another dataset.
        await tx.store.add(record);
        return record.id;
      }, () => storageMessages.notWritten(`dataset "${name}"`));
    },

    appendFrames(id, frames) {
      let name = id;
      return inTransaction(context, datasetStores, 'readwrite', async (tx) => {
        const dataset = await getDataset(tx.objectStore('datasets'), id);
        name = dataset.name;
        const frameBytes = dataset.width * dataset.height * dataset.channels;
        frames.forEach((frame, i) => {
          if (frame.byteLength !== frameBytes) {
            throw new RangeError(`Frame ${i} for dataset "${dataset.name}" has ${frame.byteLength} bytes; ${dataset.width}×${dataset.height}×${dataset.channels} needs ${frameBytes}`);
          }
        });
        const store = tx.objectStore('frames');
        await Promise.all(frames.map((frame, i) => store.put(ownBuffer(frame), [id, dataset.frameCount + i])));
        const frameCount = dataset.frameCount + frames.length;
        await tx.objectStore('datasets').put({
          ...dataset, frameCount, bytes: dataset.bytes + frames.length * frameBytes, updatedAt: context.now(),
        });
        return frameCount;
      }, () => storageMessages.framesNotAdded(name, frames.length));
    },

    async readFrames(id, start, count) {
      if (!Number.isInteger(start) || start < 0 || !Number.isInteger(count) || count < 0) {
        throw new RangeError(`readFrames needs whole numbers start ≥ 0 and count ≥ 0, got ${start} and ${count}`);
      }
      return inTransaction(context, datasetStores, 'readonly', async (tx) => {
        const dataset = await getDataset(tx.objectStore('datasets'), id);
        const end = Math.min(start + count, dataset.frameCount);
        if (end <= start) return [];
        const frames = await tx.objectStore('frames').getAll(framesBetween(id, start, end - 1));
        if (frames.length !== end - start) throw new StorageError('corrupt', storageMessages.framesMissing(dataset.name));
        return frames;
      });
    },

    getDataset(id) {
      return inTransaction(context, ['datasets'], 'readonly', (tx) => tx.store.get(id));
    },

    async listDatasets() {
      const datasets = await inTransaction(context, ['datasets'], 'readonly', (tx) => tx.store.index('by-updated').getAll());
      return datasets.reverse();
    },

    deleteDataset(id) {
      return inTransaction(context, datasetStores, 'readwrite', async (tx) => {
        if ((await tx.objectStore('datasets').count(id)) === 0) return false;
        await Promise.all([
          tx.objectStore('datasets').delete(id),
          tx.objectStore('frames').delete(framesBetween(id, 0, Number.MAX_SAFE_INTEGER)),
        ]);
        return true;
      }, () => storageMessages.notDeleted('the dataset'));
    },
  };
}

async function getDataset(store: { get(id: string): Promise<DatasetRecord | undefined> }, id: string): Promise<DatasetRecord> {
  const dataset = await store.get(id);
  if (!dataset) throw new StorageError('not-found', storageMessages.datasetNotFound(id));
  return dataset;
}
