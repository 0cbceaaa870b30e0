import { sha256Hex } from './bytes';
import { storageMessages } from './messages';
import type { PluginRecord } from './schema';
import { StorageError } from './storage-error';
import { inTransaction } from './transaction';
import type { StorageContext } from './transaction';

/** A plugin the user accepted, as it is stored: its code, verbatim, and the hash they saw. */
export interface NewPlugin {
  readonly id: string;
  readonly version: string;
  /** SHA-256 of `code` as UTF-8; checked again here and before every later load. */
  readonly sha256: string;
  /** Where it came from: a file name or a URL, shown in the Plugins dialog. */
  readonly source: string;
  readonly code: string;
}

export type StoredPlugin = PluginRecord;

/** Accepted plugins (code + hash), one per plugin id; loaded again at every start. */
export interface PluginLibrary {
  /**
   * Stores `plugin`, replacing an earlier version with the same id.
   * @throws StorageError `corrupt` when `sha256` is not the hash of `code` (nothing stored),
   *   `quota-exceeded` (nothing stored).
   */
  savePlugin(plugin: NewPlugin): Promise<StoredPlugin>;
  /** Every stored plugin, oldest installed first (the order they are loaded in). */
  listPlugins(): Promise<StoredPlugin[]>;
  /** Deletes the plugin with `id`; resolves false if there was none. */
  deletePlugin(id: string): Promise<boolean>;
  /** Marks the plugin with `id` disabled (not loaded at start) or enabled; resolves false if there is none. */
  setPluginDisabled(id: string, disabled: boolean): Promise<boolean>;
}

export function createPluginLibrary(context: StorageContext): PluginLibrary {
  return {
    async savePlugin(plugin) {
      const bytes = new TextEncoder().encode(plugin.code);
      // The hash is the user's consent: never store code under a hash it does not have.
      if ((await sha256Hex(bytes.buffer)) !== plugin.sha256) {
        throw new StorageError('corrupt', storageMessages.pluginHashMismatch(plugin.id));
      }
      const record: PluginRecord = { ...plugin, bytes: bytes.byteLength, installedAt: context.now() };
      await inTransaction(context, ['plugins'], 'readwrite', (tx) => tx.store.put(record), () => storageMessages.notWritten(`plugin "${plugin.id}"`));
      return record;
    },

    async listPlugins() {
      const all = await inTransaction(context, ['plugins'], 'readonly', (tx) => tx.store.getAll());
      return all.sort((a, b) => a.installedAt - b.installedAt);
    },

    deletePlugin(id) {
      return inTransaction(context, ['plugins'], 'readwrite', async (tx) => {
        if ((await tx.store.count(id)) === 0) return false;
        await tx.store.delete(id);
        return true;
      }, () => storageMessages.notDeleted(`plugin "${id}"`));
    },

    setPluginDisabled(id, disabled) {
      return inTransaction(context, ['plugins'], 'readwrite', async (tx) => {
        const record = await tx.store.get(id);
        if (!record) return false;
        const { disabled: _was, ...rest } = record;
        await tx.store.put(disabled ? { ...rest, disabled: true } : rest);
        return true;
      }, () => storageMessages.notWritten(`plugin "${id}"`));
    },
  };
}
