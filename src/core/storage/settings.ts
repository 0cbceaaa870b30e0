import { storageMessages } from './messages';
import { inTransaction } from './transaction';
import type { StorageContext } from './transaction';

/** App preferences as key → structured-cloneable value (plain JSON is the safe subset). */
export interface SettingsStore {
  /** The stored value of `key`, or `fallback` if none. The value is not validated: check it if its shape may have changed. */
  getSetting<T>(key: string, fallback: T): Promise<T>;
  /** Stores `value` under `key`; `undefined` removes the key, so `getSetting` falls back again. */
  setSetting<T>(key: string, value: T): Promise<void>;
}

/** The settings store over `context`. */
export function createSettingsStore(context: StorageContext): SettingsStore {
  return {
    async getSetting<T>(key: string, fallback: T) {
      const value = await inTransaction(context, ['settings'], 'readonly', (tx) => tx.store.get(key));
      return value === undefined ? fallback : (value as T);
    },

    setSetting(key, value) {
      return inTransaction(context, ['settings'], 'readwrite', async (tx) => {
        if (value === undefined) await tx.store.delete(key);
        else await tx.store.put(value, key);
      }, () => storageMessages.notWritten(`the setting "${key}"`));
    },
  };
}
