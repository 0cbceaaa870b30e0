import { storageMessages } from './messages';

/** Why a storage call failed; the UI may branch on it, e.g. offer to free space on `quota-exceeded`. */
export type StorageErrorCode = 'quota-exceeded' | 'not-found' | 'unavailable' | 'blocked' | 'corrupt' | 'conflict';

/** A storage failure the user can act on. `message` is written for the user; `cause` keeps the browser's error. */
export class StorageError extends Error {
  override readonly name = 'StorageError';
  readonly code: StorageErrorCode;

  constructor(code: StorageErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/**
 * Turns an error from IndexedDB into a StorageError. Programmer errors (DataCloneError,
 * DataError, TransactionInactiveError, TypeError, …) and StorageErrors pass through unchanged,
 * so bugs stay loud.
 *
 * @param whenFull builds the `quota-exceeded` message, lazily, because only the failing
 *   operation knows what was lost (e.g. which graph was not saved).
 */
export function toStorageError(error: unknown, whenFull: () => string = () => storageMessages.notWritten('the change')): unknown {
  if (error instanceof StorageError || !isNamedError(error)) return error;
  const detail = error.message || error.name;
  switch (error.name) {
    case 'QuotaExceededError':
      return new StorageError('quota-exceeded', whenFull(), { cause: error });
    case 'ConstraintError':
      return new StorageError('conflict', storageMessages.duplicateKey(detail), { cause: error });
    case 'VersionError':
      return new StorageError('unavailable', storageMessages.newerVersion(), { cause: error });
    // The connection was closed under us, the disk failed, or the browser aborted for its own reasons.
    case 'InvalidStateError':
    case 'UnknownError':
    case 'AbortError':
    case 'SecurityError':
      return new StorageError('unavailable', storageMessages.failed(detail), { cause: error });
    default:
      return error;
  }
}

function isNamedError(error: unknown): error is { name: string; message: string } {
  // DOMException is not an Error subclass in every runtime, so test the shape.
  return typeof error === 'object' && error !== null && typeof (error as { name?: unknown }).name === 'string'
    && typeof (error as { message?: unknown }).message === 'string';
}
