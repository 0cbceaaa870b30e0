import type { IDBPTransaction, StoreNames } from 'idb';
import type { StudioDb, StudioSchema } from './schema';
import { toStorageError } from './storage-error';

/** What each part of storage needs from the connection: a narrow port, not the whole object. */
export interface StorageContext {
  /** The open connection. @throws StorageError `unavailable` once closed or taken over by another tab. */
  readonly db: () => StudioDb;
  /** Milliseconds since the epoch; injectable so tests can order records deterministically. */
  readonly now: () => number;
}

type StoreName = StoreNames<StudioSchema>;
/** An idb transaction over the studio schema, typed by its stores and mode. */
export type Tx<Names extends readonly StoreName[], Mode extends IDBTransactionMode> = IDBPTransaction<StudioSchema, Names, Mode>;

/**
 * Runs `body` in one transaction over `storeNames` and resolves once it has committed, so a
 * logical write either lands whole or not at all.
 *
 * `body` may await only requests of `tx` (anything else lets the transaction auto-commit
 * half-way): hash and validate before calling this.
 *
 * @param whenFull the message for `quota-exceeded`, built only if the write fails that way.
 */
export async function inTransaction<const Names extends readonly StoreName[], Mode extends 'readonly' | 'readwrite', T>(
  context: StorageContext,
  storeNames: Names,
  mode: Mode,
  body: (tx: Tx<Names, Mode>) => Promise<T>,
  whenFull?: () => string,
): Promise<T> {
  let tx: Tx<Names, Mode> | undefined;
  try {
    tx = context.db().transaction(storeNames, mode);
    const result = await body(tx);
    await tx.done;
    return result;
  } catch (error) {
    if (!tx) throw toStorageError(error, whenFull);
    // A request that throws synchronously (e.g. QuotaExceededError from put) does not abort
    // the transaction by itself: abort so the writes made before it are rolled back.
    try {
      tx.abort();
    } catch {
      // Already aborted or committed: nothing left to undo.
    }
    tx.done.catch(() => undefined); // handled here; do not let it surface as an unhandled rejection
    // When the browser aborts a transaction (quota is often reported at commit), requests fail
    // with a bland AbortError and the real reason is on the transaction.
    throw toStorageError(tx.error ?? error, whenFull);
  }
}
