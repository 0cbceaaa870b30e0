import { storageMessages } from './messages';
import { inTransaction } from './transaction';
import type { StorageContext } from './transaction';

/** The key of the draft of a graph that was never saved. */
export const UNSAVED_DRAFT = 'unsaved';

export interface Draft { readonly json: string; readonly savedAt: number }
export interface DraftSummary { readonly key: string; readonly savedAt: number }

/**
 * One crash-recovery slot per graph (keyed by graph id, or `'unsaved'`), overwritten on every
 * edit. Saving a graph does not clear its draft: a draft whose JSON equals the head revision
 * is simply not offered for recovery, so a crash between save and clear loses nothing.
 */
export interface DraftStore {
  /** Replaces the draft of `key` (a graph id or `'unsaved'`). */
  saveDraft(key: string, json: string): Promise<void>;
  /** The draft of `key`, or undefined. */
  loadDraft(key: string): Promise<Draft | undefined>;
  clearDraft(key: string): Promise<void>;
  /** Every draft, newest first: what to offer for recovery after a crash. */
  listDrafts(): Promise<DraftSummary[]>;
}

/** The draft slots over `context`. */
export function createDraftStore(context: StorageContext): DraftStore {
  return {
    saveDraft(key, json) {
      return inTransaction(context, ['drafts'], 'readwrite', async (tx) => {
        await tx.store.put({ key, json, savedAt: context.now() });
      }, () => storageMessages.notWritten('the recovery draft'));
    },

    async loadDraft(key) {
      const draft = await inTransaction(context, ['drafts'], 'readonly', (tx) => tx.store.get(key));
      return draft && { json: draft.json, savedAt: draft.savedAt };
    },

    clearDraft(key) {
      return inTransaction(context, ['drafts'], 'readwrite', (tx) => tx.store.delete(key));
    },

    async listDrafts() {
      const drafts = await inTransaction(context, ['drafts'], 'readonly', (tx) => tx.store.getAll());
      return drafts.map(({ key, savedAt }) => ({ key, savedAt })).sort((a, b) => b.savedAt - a.savedAt);
    },
  };
}
