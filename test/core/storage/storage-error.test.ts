import { describe, expect, it } from 'vitest';
import { StorageError } from '../../../src/core/storage';
import { toStorageError } from '../../../src/core/storage/storage-error';

const domError = (name: string) => new DOMException('browser detail', name);

describe('toStorageError', () => {
  it('maps QuotaExceededError to quota-exceeded with the caller\'s message and keeps the cause', () => {
    const cause = domError('QuotaExceededError');
    const error = toStorageError(cause, () => 'Graph "G" was not saved');
    expect(error).toBeInstanceOf(StorageError);
    expect(error).toMatchObject({ code: 'quota-exceeded', message: 'Graph "G" was not saved', cause });
  });

  it('recognises a quota error by name even when it is a plain Error', () => {
    const plain = Object.assign(new Error('full'), { name: 'QuotaExceededError' });
    expect(toStorageError(plain)).toMatchObject({ code: 'quota-exceeded' });
  });

  it.each([
    ['ConstraintError', 'conflict'],
    ['VersionError', 'unavailable'],
    ['InvalidStateError', 'unavailable'],
    ['UnknownError', 'unavailable'],
    ['AbortError', 'unavailable'],
  ])('maps %s to %s', (name, code) => {
    expect(toStorageError(domError(name))).toMatchObject({ code });
  });

  it('passes programmer errors through unchanged', () => {
    for (const error of [domError('DataCloneError'), domError('DataError'), new TypeError('bad')]) {
      expect(toStorageError(error)).toBe(error);
    }
  });

  it('passes a StorageError through unchanged', () => {
    const error = new StorageError('not-found', 'gone');
    expect(toStorageError(error)).toBe(error);
  });
});
