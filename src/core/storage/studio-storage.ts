import { createAssetLibrary } from './asset-library';
import type { AssetLibrary } from './asset-library';
import { createDatasetLibrary } from './dataset-library';
import type { DatasetLibrary } from './dataset-library';
import { createDraftStore } from './drafts';
import type { DraftStore } from './drafts';
import { createGraphLibrary } from './graph-library';
import type { GraphLibrary } from './graph-library';
import { storageMessages } from './messages';
import { createModelIOHandler } from './model-io-handler';
import type { ModelIOHandler } from './model-io-handler';
import { createModelLibrary } from './model-library';
import type { ModelLibrary } from './model-library';
import { openStudioDb } from './open-database';
import { createPluginLibrary } from './plugin-library';
import type { PluginLibrary } from './plugin-library';
import { createSettingsStore } from './settings';
import type { SettingsStore } from './settings';
import { StorageError } from './storage-error';
import { createStorageUpkeep } from './storage-usage';
import type { StorageUpkeep } from './storage-usage';
import type { StorageContext } from './transaction';

export interface StudioStorageOptions {
  /** Default `'nfp-studio'`. */
  readonly dbName?: string;
  /** Revisions kept per graph, at least 1; default 50. Older ones are deleted as new ones are saved. */
  readonly revisionsKept?: number;
  /** Default `globalThis.indexedDB`; tests pass a fresh fake-indexeddb factory for isolation. */
  readonly factory?: IDBFactory;
  /** Clock for timestamps, ms since the epoch; default `Date.now`. */
  readonly now?: () => number;
}

/**
 * Everything the studio keeps in the browser: graphs with revisions and drafts, model weights,
 * frame datasets, files, accepted plugins and settings. Each write is one IndexedDB transaction, so a failure (a full
 * disk, a closed tab) leaves everything as it was. Failures the user can act on reject with a
 * {@link StorageError}.
 */
export interface StudioStorage extends GraphLibrary, DraftStore, ModelLibrary, DatasetLibrary, AssetLibrary, PluginLibrary, SettingsStore, StorageUpkeep {
  /** A tfjs IOHandler over this storage; see {@link createModelIOHandler}. */
  modelIOHandler(sha256?: string, name?: string): ModelIOHandler;
  /** Closes the connection once running transactions finish; later calls reject with `unavailable`. */
  close(): void;
}

/**
 * Opens the studio's database, creating or upgrading it.
 * @example
 * const storage = await openStudioStorage();
 * const { id } = await storage.saveGraph({ name: 'My graph', json: toGraphJson(graph) });
 * @throws StorageError `unavailable` (no IndexedDB, or it failed to open), `blocked` (a tab
 *   with an older version holds the database).
 */
export async function openStudioStorage(options: StudioStorageOptions = {}): Promise<StudioStorage> {
  const { dbName = 'nfp-studio', revisionsKept = 50, now = Date.now } = options;
  if (!Number.isInteger(revisionsKept) || revisionsKept < 1) {
    throw new RangeError(`revisionsKept must be a whole number ≥ 1, got ${revisionsKept}`);
  }
  const db = await openStudioDb(options.factory ?? defaultFactory(), dbName);

  let lost: 'closed' | 'replaced' | undefined;
  // Another tab opening a newer version waits until every connection closes: give way at
  // once instead of blocking its upgrade, and tell this tab's user to reload.
  db.addEventListener('versionchange', () => {
    db.close();
    lost ??= 'replaced';
  });
  // The browser closed the connection itself, e.g. the user cleared site data.
  db.addEventListener('close', () => {
    lost ??= 'replaced';
  });

  const context: StorageContext = {
    db: () => {
      if (lost === undefined) return db;
      throw new StorageError('unavailable', lost === 'closed' ? storageMessages.closed() : storageMessages.replaced());
    },
    now,
  };
  const models = createModelLibrary(context);
  return {
    ...createGraphLibrary(context, revisionsKept),
    ...createDraftStore(context),
    ...models,
    ...createDatasetLibrary(context),
    ...createAssetLibrary(context),
    ...createPluginLibrary(context),
    ...createSettingsStore(context),
    ...createStorageUpkeep(context),
    modelIOHandler: (sha256, name) => createModelIOHandler(models, sha256, name),
    close() {
      lost ??= 'closed';
      db.close();
    },
  };
}

function defaultFactory(): IDBFactory | undefined {
  try {
    return globalThis.indexedDB;
  } catch {
    // Some sandboxed frames throw SecurityError on merely reading `indexedDB`.
    return undefined;
  }
}
