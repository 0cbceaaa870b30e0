import { storageMessages } from './messages';
import type { DraftRecord } from './schema';
import { inTransaction } from './transaction';
import type { StorageContext } from './transaction';

/** The key older versions gave the draft of a graph that was never saved (before per-tab slots). */
export const UNSAVED_DRAFT = 'unsaved';

export interface Draft {
  readonly json: string;
  readonly savedAt: number;
  /** The library graph the draft edits; undefined for a graph never saved. */
  readonly graphId: string | undefined;
  readonly baseRevision: number | undefined;
}
export interface DraftSummary { readonly key: string; readonly savedAt: number }
/** What a draft belongs to: the library graph it edits (absent: never saved) and the revision it started from. */
export interface DraftOrigin { readonly graphId?: string; readonly baseRevision?: number }

/**
 * Crash-recovery slots, each overwritten on every edit of what its tab has open. Saving a
 * graph does not clear its draft: a draft whose JSON equals the head revision is simply not
 * offered for recovery, so a crash between save and clear loses nothing.
 */
export interface DraftStore {
  /** Replaces the draft in slot `key`. Without `origin.graphId` the draft is of an unsaved graph. */
  saveDraft(key: string, json: string, origin?: DraftOrigin): Promise<void>;
  /** The draft in slot `key`, or undefined. */
  loadDraft(key: string): Promise<Draft | undefined>;
  clearDraft(key: string): Promise<void>;
  /** Every draft, newest first: what to offer for recovery after a crash. */
  listDrafts(): Promise<DraftSummary[]>;
}

/** A record from before per-tab slots names its graph by its key. */
function graphIdOf(record: DraftRecord): string | undefined {
  if (record.graphId !== undefined) return record.graphId ?? undefined;
  return record.key === UNSAVED_DRAFT ? undefined : record.key;
}

/** The draft slots over `context`. */
export function createDraftStore(context: StorageContext): DraftStore {
  return {
    saveDraft(key, json, origin = {}) {
      return inTransaction(context, ['drafts'], 'readwrite', async (tx) => {
        const record: DraftRecord = { key, json, savedAt: context.now(), graphId: origin.graphId ?? null };
        await tx.store.put(origin.baseRevision === undefined ? record : { ...record, baseRevision: origin.baseRevision });
      }, () => storageMessages.notWritten('the recovery draft'));
    },

    async loadDraft(key) {
      const draft = await inTransaction(context, ['drafts'], 'readonly', (tx) => tx.store.get(key));
      return draft && { json: draft.json, savedAt: draft.savedAt, graphId: graphIdOf(draft), baseRevision: draft.baseRevision };
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
