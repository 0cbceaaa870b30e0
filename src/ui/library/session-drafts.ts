import type { DraftOrigin, StudioStorage } from '../../core';
import { createDraftAutosave } from './draft-autosave';
import type { DraftAutosave } from './draft-autosave';
import { libraryMessages } from './messages';
import { watchPageLifecycle } from './page-lifecycle';

export interface SessionDraftsOptions {
  /** Quiet time after the last edit before the draft is written. */
  readonly delayMs: number;
  readonly storage: () => StudioStorage | undefined;
  /** This tab's draft slot (src/ui/library/tab-slot.ts). */
  readonly key: () => string;
  /** The library graph open and the revision its edits started from; empty for an unsaved graph. */
  readonly origin: () => DraftOrigin;
  readonly hasEdits: () => boolean;
  /** The open graph as graph-file text. */
  readonly graphJson: () => string;
  /** Shows a failure in the error banner. */
  readonly report: (message: string) => void;
}

/**
 * The open graph's crash-recovery draft: written a quiet time after the last edit while there
 * are edits, cleared when there are none. Writes and clears run one at a time, in order, and a
 * run of failures is reported once, not on every keystroke.
 */
export class SessionDrafts {
  readonly #options: SessionDraftsOptions;
  readonly #autosave: DraftAutosave;
  #failed = false;

  constructor(options: SessionDraftsOptions) {
    this.#options = options;
    this.#autosave = createDraftAutosave({ delayMs: options.delayMs, write: () => this.#write(), onerror: (error) => this.#error(error) });
  }

  /** The open graph's draft slot now. */
  key(): string {
    return this.#options.key();
  }

  /** Notes an edit: the draft is written `delayMs` after the last one. */
  schedule(): void {
    this.#autosave.schedule();
  }

  /** Drops a pending write (the document is about to be replaced or saved). */
  cancel(): void {
    this.#autosave.cancel();
  }

  /** Writes a pending draft now; resolves when every draft write so far is done. */
  flush(): Promise<void> {
    return this.#autosave.flush();
  }

  /** Clears the drafts in `keys` (each once, in order) after every write started so far. */
  clear(...keys: string[]): void {
    const storage = this.#options.storage();
    if (!storage) return;
    void this.#autosave.enqueue(async () => {
      for (const key of new Set(keys)) await storage.clearDraft(key);
    });
  }

  /**
   * Writes drafts as `document` changes, and at once when the page is hidden. Returns the
   * disposer, which also stops any later write.
   */
  follow(document: { onChange(listener: () => void): () => void }): () => void {
    const offChange = document.onChange(() => this.schedule());
    const offWindow = typeof window === 'undefined'
      ? () => {}
      : watchPageLifecycle(window, { flush: () => void this.flush(), hasEdits: this.#options.hasEdits });
    return () => {
      offChange();
      offWindow();
      this.#autosave.destroy();
    };
  }

  async #write(): Promise<void> {
    const storage = this.#options.storage();
    if (!storage) return;
    const key = this.key();
    if (this.#options.hasEdits()) await storage.saveDraft(key, this.#options.graphJson(), this.#options.origin());
    else await storage.clearDraft(key);
    this.#failed = false;
  }

  #error(error: unknown): void {
    if (this.#failed) return;
    this.#failed = true;
    this.#options.report(libraryMessages.draftFailed(error));
  }
}
