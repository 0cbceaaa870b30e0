import type { DatasetSummary, StudioStorage } from '../../core';
import { datasetMessages } from './messages';
import { rgbToRgba, thumbnailIndices } from './extract-plan';
import { errorMessage } from '../../core';

/** The part of the studio's storage the datasets UI uses. */
export type DatasetStore = Pick<StudioStorage, 'listDatasets' | 'readFrames' | 'deleteDataset'>;

/** A frame ready for `putImageData`. */
export interface Thumbnail {
  readonly index: number;
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8ClampedArray<ArrayBuffer>;
}

/** Frames shown per dataset in the list. */
export const THUMBNAILS = 4;

/**
 * The stored datasets as the editor sees them: the list (re-read on demand, e.g. when a
 * picker opens or an extraction ends), deleting, and a few frames of each for thumbnails.
 */
export class DatasetCatalog {
  datasets: readonly DatasetSummary[] = $state.raw([]);
  /** True once the list was read at least once. */
  loaded = $state.raw(false);
  /** Why the last listing failed; cleared by the next good one. */
  error: string | undefined = $state.raw(undefined);
  readonly #storage: DatasetStore | undefined;
  /** Thumbnails by dataset id and change time: a dataset that grew gets new ones. */
  readonly #thumbnails = new Map<string, Promise<Thumbnail[]>>();
  #listing: Promise<void> | undefined;

  constructor(storage: DatasetStore | undefined) {
    this.#storage = storage;
    if (!storage) this.error = datasetMessages.storageOff();
  }

  get available(): boolean {
    return this.#storage !== undefined;
  }

  find(id: string): DatasetSummary | undefined {
    return this.datasets.find((d) => d.id === id);
  }

  /** Re-reads the list; calls made while one runs share it. */
  refresh(): Promise<void> {
    const storage = this.#storage;
    if (!storage) return Promise.resolve();
    this.#listing ??= storage.listDatasets().then(
      (datasets) => { this.datasets = datasets; this.error = undefined; },
      (error: unknown) => { this.error = datasetMessages.listFailed(errorMessage(error)); },
    ).finally(() => {
      this.loaded = true;
      this.#listing = undefined;
    });
    return this.#listing;
  }

  /** Deletes a dataset and its frames. @throws Error with a message for the user. */
  async remove(dataset: DatasetSummary): Promise<void> {
    const storage = this.#storage;
    if (!storage) throw new Error(datasetMessages.storageOff());
    try {
      await storage.deleteDataset(dataset.id);
    } catch (error) {
      throw new Error(datasetMessages.deleteFailed(dataset.name, errorMessage(error)), { cause: error });
    } finally {
      this.#thumbnails.delete(thumbnailKey(dataset));
      await this.refresh();
    }
  }

  /** Up to THUMBNAILS frames spread over the dataset (first and last included). */
  thumbnails(dataset: DatasetSummary): Promise<Thumbnail[]> {
    const key = thumbnailKey(dataset);
    let thumbs = this.#thumbnails.get(key);
    if (!thumbs) {
      thumbs = this.#readThumbnails(dataset);
      this.#thumbnails.set(key, thumbs);
      // A failed read is retried next time rather than cached.
      thumbs.catch(() => this.#thumbnails.delete(key));
    }
    return thumbs;
  }

  async #readThumbnails(dataset: DatasetSummary): Promise<Thumbnail[]> {
    const storage = this.#storage;
    if (!storage) return [];
    const { width, height, channels } = dataset;
    const thumbs: Thumbnail[] = [];
    for (const index of thumbnailIndices(dataset.frameCount, THUMBNAILS)) {
      const [bytes] = await storage.readFrames(dataset.id, index, 1);
      if (!bytes) continue;
      const rgba = channels === 4 ? new Uint8ClampedArray(bytes) : rgbToRgba(bytes, width * height);
      thumbs.push({ index, width, height, rgba });
    }
    return thumbs;
  }
}

function thumbnailKey(dataset: DatasetSummary): string {
  return `${dataset.id}@${dataset.updatedAt}`;
}
