import { CHECKPOINT_OF } from '../graph/training';
import type { StudioSchema } from './schema';
import { utf8Length } from './bytes';
import { storageMessages } from './messages';
import { inTransaction } from './transaction';
import type { StorageContext } from './transaction';

/** Bytes stored per kind of thing, summed from the sizes each record keeps (not the browser's own accounting). */
export interface StorageUsage {
  /** Every kept revision and draft of every graph. */
  readonly graphs: number;
  /** Models a training run saved (their metadata names `checkpointOf`). */
  readonly checkpoints: number;
  /** Other models: imported files and bundles' models. */
  readonly models: number;
  /** Clips and images picked into graphs. */
  readonly assets: number;
  readonly datasets: number;
  readonly plugins: number;
}

const usageStores = ['revisions', 'drafts', 'models', 'assets', 'datasets', 'plugins'] as const;

/**
 * Sums the stored byte sizes by kind in one read-only transaction, so the figures belong
 * together. Walks records with cursors, which still reads each value: fine for a panel the
 * user opens, not for a frame loop.
 */
export function readStorageUsage(context: StorageContext): Promise<StorageUsage> {
  return inTransaction(context, usageStores, 'readonly', async (tx) => {
    const sum = async <V>(store: (typeof usageStores)[number], size: (value: V) => number, only?: (value: V) => boolean) => {
      let total = 0;
      for (let cursor = await tx.objectStore(store).openCursor(); cursor; cursor = await cursor.continue()) {
        const value = cursor.value as V;
        if (!only || only(value)) total += size(value);
      }
      return total;
    };
    type Model = StudioDbValue<'models'>;
    const isCheckpoint = (m: Model) => typeof m.userDefinedMetadata?.[CHECKPOINT_OF] === 'string';
    return {
      graphs: await sum<StudioDbValue<'revisions'>>('revisions', (r) => r.bytes) + await sum<StudioDbValue<'drafts'>>('drafts', (d) => utf8Length(d.json)),
      checkpoints: await sum<Model>('models', (m) => m.bytes, isCheckpoint),
      models: await sum<Model>('models', (m) => m.bytes, (m) => !isCheckpoint(m)),
      assets: await sum<StudioDbValue<'assets'>>('assets', (a) => a.bytes),
      datasets: await sum<StudioDbValue<'datasets'>>('datasets', (d) => d.bytes),
      plugins: await sum<StudioDbValue<'plugins'>>('plugins', (p) => p.bytes),
    };
  });
}

/**
 * Every 64-hex-digit string in the JSON of every kept graph revision and draft: the models
 * (and files) saved graphs name. Scanning text rather than parsing params needs no node
 * registry and errs on the side of keeping: a hash that merely looks like one is kept too.
 */
export function readNamedHashes(context: StorageContext): Promise<Set<string>> {
  return inTransaction(context, ['revisions', 'drafts'] as const, 'readonly', async (tx) => {
    const named = new Set<string>();
    const scan = (json: string) => {
      for (const match of json.matchAll(/[0-9a-f]{64}/gi)) named.add(match[0].toLowerCase());
    };
    for (let c = await tx.objectStore('revisions').openCursor(); c; c = await c.continue()) scan(c.value.json);
    for (let c = await tx.objectStore('drafts').openCursor(); c; c = await c.continue()) scan(c.value.json);
    return named;
  });
}

type StudioDbValue<S extends (typeof usageStores)[number]> = StudioSchema[S]['value'];


/** What the Storage panel needs beyond the libraries: figures, and deletions in bulk. */
export interface StorageUpkeep {
  /** Stored bytes by kind; see {@link readStorageUsage}. */
  storageUsage(): Promise<StorageUsage>;
  /** Hashes named by saved graphs' revisions and drafts; see {@link readNamedHashes}. */
  namedHashes(): Promise<Set<string>>;
  /**
   * Deletes these models and their weights in one transaction: all go, or none do.
   * Resolves to how many existed.
   */
  deleteModels(sha256s: readonly string[]): Promise<number>;
  /** Sets `key: value` in a stored model's metadata, e.g. to tag a run's best checkpoint. Resolves false if it is not stored. */
  tagModel(sha256: string, key: string, value: string | number | boolean): Promise<boolean>;
}

export function createStorageUpkeep(context: StorageContext): StorageUpkeep {
  return {
    storageUsage: () => readStorageUsage(context),
    namedHashes: () => readNamedHashes(context),
    deleteModels(sha256s) {
      return inTransaction(context, ['models', 'weights'] as const, 'readwrite', async (tx) => {
        let existed = 0;
        for (const sha256 of sha256s) {
          if ((await tx.objectStore('models').count(sha256)) === 0) continue;
          existed++;
          await Promise.all([tx.objectStore('models').delete(sha256), tx.objectStore('weights').delete(sha256)]);
        }
        return existed;
      }, () => storageMessages.notDeleted('the checkpoints'));
    },
    tagModel(sha256, key, value) {
      return inTransaction(context, ['models'] as const, 'readwrite', async (tx) => {
        const record = await tx.store.get(sha256);
        if (!record) return false;
        await tx.store.put({ ...record, userDefinedMetadata: { ...record.userDefinedMetadata, [key]: value } });
        return true;
      }, () => storageMessages.notWritten('the checkpoint tag'));
    },
  };
}
