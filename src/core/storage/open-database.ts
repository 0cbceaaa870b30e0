import { wrap } from 'idb';
import { storageMessages } from './messages';
import { DB_VERSION, upgradeStudioDb } from './schema';
import type { StudioDb, UpgradeTransaction } from './schema';
import { StorageError } from './storage-error';

/**
 * Opens (creating or upgrading) the studio database with the given factory. idb's `openDB`
 * always uses the global `indexedDB`; taking a factory lets tests isolate each database.
 *
 * @throws StorageError `unavailable` when there is no IndexedDB or it fails to open,
 *   `blocked` when a tab holding an older version will not let the upgrade run.
 */
export function openStudioDb(factory: IDBFactory | undefined, name: string): Promise<StudioDb> {
  return new Promise((resolve, reject) => {
    if (!factory) {
      reject(new StorageError('unavailable', storageMessages.noIndexedDb()));
      return;
    }
    let request: IDBOpenDBRequest;
    try {
      request = factory.open(name, DB_VERSION);
    } catch (error) {
      reject(new StorageError('unavailable', storageMessages.openFailed(describe(error)), { cause: error }));
      return;
    }
    let settled = false;
    request.addEventListener('upgradeneeded', (event) => {
      const tx = request.transaction;
      if (!tx) return;
      upgradeStudioDb(wrap(request.result) as unknown as StudioDb, event.oldVersion, wrap(tx) as unknown as UpgradeTransaction);
    });
    request.addEventListener('blocked', () => {
      // Waiting could hang the app forever; say so now and let the user close the other tab.
      settled = true;
      reject(new StorageError('blocked', storageMessages.blocked()));
    });
    request.addEventListener('success', () => {
      const db = request.result;
      // The other tab let go after we reported `blocked`: nobody holds this connection.
      if (settled) return db.close();
      settled = true;
      resolve(wrap(db) as unknown as StudioDb);
    });
    request.addEventListener('error', () => {
      if (settled) return;
      settled = true;
      const error = request.error;
      const message = error?.name === 'VersionError' ? storageMessages.newerVersion() : storageMessages.openFailed(describe(error));
      reject(new StorageError('unavailable', message, { cause: error }));
    });
  });
}

function describe(error: unknown): string {
  if (error instanceof Error || (typeof error === 'object' && error !== null && 'message' in error)) {
    const { name, message } = error as { name?: string; message?: string };
    return message || name || 'unknown error';
  }
  return String(error);
}
