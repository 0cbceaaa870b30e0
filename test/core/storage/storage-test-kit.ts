// Helpers for storage tests: an isolated database per test, and raw IndexedDB access that
// bypasses the code under test, to check what is really stored.
import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { vi } from 'vitest';
import { openStudioStorage } from '../../../src/core/storage';
import type { StudioStorage, StudioStorageOptions } from '../../../src/core/storage';

const DB_NAME = 'studio-test';

export interface TestStorage {
  readonly storage: StudioStorage;
  readonly factory: IDBFactory;
  /** Records in `storeName`, counted with plain IndexedDB. */
  readonly countRecords: (storeName: string) => Promise<number>;
}

/** Storage on a fresh fake IndexedDB, with a clock that ticks one second per call so order is deterministic. */
export async function openTestStorage(options: StudioStorageOptions = {}): Promise<TestStorage> {
  const factory = new IDBFactory();
  let clock = Date.UTC(2025, 0, 1);
  const storage = await openStudioStorage({ factory, dbName: DB_NAME, now: () => (clock += 1000), ...options });
  return { storage, factory, countRecords: (storeName) => withRawStore(factory, storeName, 'readonly', (store) => store.count()) };
}

/** Runs one request on `storeName` through a separate plain connection. */
export function withRawStore<T>(
  factory: IDBFactory, storeName: string, mode: IDBTransactionMode, request: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const open = factory.open(DB_NAME);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(storeName, mode);
      const req = request(tx.objectStore(storeName));
      tx.oncomplete = () => {
        db.close();
        resolve(req.result);
      };
      tx.onabort = () => reject(tx.error);
    };
  });
}

/**
 * Makes every put/add into `storeName` fail as a full disk does, until `vi.restoreAllMocks()`.
 * - `throw`: the call throws QuotaExceededError, as browsers may for a large value.
 * - `abort`: the write succeeds, then the browser aborts the transaction with a
 *   QuotaExceededError (fake-indexeddb's internal `_abort`), as when quota is checked late.
 */
export function failWritesTo(storeName: string, how: 'throw' | 'abort' = 'throw'): void {
  const fail = <A extends unknown[]>(original: (this: IDBObjectStore, ...args: A) => IDBRequest<IDBValidKey>) =>
    function (this: IDBObjectStore, ...args: A): IDBRequest<IDBValidKey> {
      if (this.name !== storeName) return original.apply(this, args);
      if (how === 'throw') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      const request = original.apply(this, args);
      const tx = this.transaction as IDBTransaction & { _abort(errorName: string): void };
      request.addEventListener('success', () => tx._abort('QuotaExceededError'));
      return request;
    };
  const { put, add } = IDBObjectStore.prototype;
  vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(fail(put));
  vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(fail(add));
}

/** Awaits `promise`, expecting it to reject, and returns the rejection. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}
