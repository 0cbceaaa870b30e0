import { MAX_GRAPH_FILE_BYTES, StorageError, UNSAVED_DRAFT, emptyGraph, parseGraphFile, saveGraphToLibrary, toGraphJson } from '../../core';
import type { Graph, StudioStorage } from '../../core';
import type { EditorApp } from '../editor-app';
import { ConfirmGate } from './confirm-gate.svelte';
import { createDraftAutosave } from './draft-autosave';
import type { DraftAutosave } from './draft-autosave';
import { exportFileName } from './file-name';
import { formatMoment } from './format';
import { LibraryCatalog } from './library-catalog.svelte';
import { copyText, downloadText } from './graph-file-io';
import { LAST_OPENED_SETTING, LIBRARY_OFF, libraryMessages } from './messages';
import { watchPageLifecycle } from './page-lifecycle';
import { loadHead, restoreStartup } from './startup-restore';
import { StatusMessage } from './status-message.svelte';
import type { LoadedHead } from './startup-restore';

/** Quiet time after the last edit before the crash-recovery draft is written. */
export const DRAFT_DELAY_MS = 1500;

/** Shown after startup put a draft back: what was recovered and from when. */
export interface RecoveryNotice { readonly key: string; readonly savedAt: number; readonly name: string }

export interface LibrarySessionOptions {
  readonly draftDelayMs?: number;
  readonly now?: () => number;
}

/**
 * The graph library seen from the editor: opening, saving, importing and exporting the
 * document, crash-recovery drafts, and the state of the library's dialogs. Components call
 * these commands and read these fields; they hold no library logic of their own.
 *
 * Policy: every edit writes a *draft* (debounced, one slot per graph) for crash recovery;
 * only an explicit Save writes a *revision*. Autosaving into revisions would fill the
 * capped history (50) with slider drags and push out the versions the user chose to keep.
 */
export class LibrarySession {
  libraryOpen = $state.raw(false);
  examplesOpen = $state.raw(false);
  recovery: RecoveryNotice | undefined = $state.raw(undefined);
  /** Questions waiting for the user (discard unsaved changes?). */
  readonly confirmations = new ConfirmGate();
  /** A short-lived confirmation of the last command, read out politely. */
  readonly status = new StatusMessage();
  saving = $state.raw(false);
  /** The library's list, history and per-graph commands, for the library dialog. */
  readonly catalog: LibraryCatalog;

  /** The unsaved graph as opened (new, example, import); undefined when it is recovered work. */
  #pristine: Graph | undefined = $state.raw(undefined);
  #startGraph: Graph;
  #started: Promise<() => void> | undefined;
  #draftFailed = false;
  readonly #app: EditorApp;
  readonly #autosave: DraftAutosave;
  readonly #now: () => number;

  /** Whether the document holds work that is not in the library (a new graph as opened does not). */
  readonly hasEdits: boolean = $derived.by(() => {
    const doc = this.#app.document;
    if (doc.libraryId !== undefined) return doc.dirty;
    return this.#pristine === undefined || doc.graph !== this.#pristine;
  });

  constructor(app: EditorApp, options: LibrarySessionOptions = {}) {
    this.#app = app;
    this.#now = options.now ?? Date.now;
    this.#startGraph = app.document.graph;
    this.#pristine = app.document.graph;
    this.catalog = new LibraryCatalog({
      storage: () => this.storage,
      document: app.document,
      loadHead: (id) => this.#loadHead(id),
      confirmDiscard: () => this.confirmDiscard(),
      open: (head) => {
        this.#replace(head.graph, { id: head.id, revision: head.revision }, true);
        for (const warning of head.warnings) this.#app.studio.report('file', warning);
        void this.#remember(head.id);
        this.libraryOpen = false;
      },
      detach: () => {
        // The open graph left the library: it stays open as unsaved work.
        this.#replace(app.document.graph, undefined, false);
        this.#pristine = undefined;
        void this.#remember(undefined);
      },
      fail: (error) => this.#fail(error),
      status: (text) => this.status.show(text),
    });
    this.#autosave = createDraftAutosave({
      delayMs: options.draftDelayMs ?? DRAFT_DELAY_MS,
      write: () => this.#writeDraft(),
      onerror: (error) => this.#draftError(error),
    });
  }

  get storage(): StudioStorage | undefined {
    return this.#app.storage;
  }

  /**
   * Recovers a draft or reopens the last graph, then starts writing drafts. Idempotent.
   * Returns the disposer.
   */
  start(): Promise<() => void> {
    this.#started ??= this.#start();
    return this.#started;
  }

  async #start(): Promise<() => void> {
    const doc = this.#app.document;
    this.#startGraph = doc.graph;
    this.#pristine = doc.graph;
    const storage = this.storage;
    if (storage) {
      await restoreStartup(storage, this.#app.registry, this.#startGraph, {
        recoverUnsaved: (graph) => {
          this.#replace(graph, undefined, false);
          // Recovered work: nothing to compare it with, so it counts as edits until saved.
          this.#pristine = undefined;
        },
        recoverSaved: (head, draft) => {
          this.#replace(head.graph, { id: head.id, revision: head.revision }, false);
          doc.apply(draft, 'structure');
        },
        reopen: (head) => this.#replace(head.graph, { id: head.id, revision: head.revision }, false),
        recovered: (notice) => (this.recovery = notice),
        report: (message) => this.#app.studio.report('file', message),
      });
    }
    const offChange = doc.onChange(() => this.#autosave.schedule());
    const offWindow = typeof window === 'undefined'
      ? () => {}
      : watchPageLifecycle(window, { flush: () => void this.#autosave.flush(), hasEdits: () => this.hasEdits });
    return () => {
      offChange();
      offWindow();
      this.#autosave.destroy();
    };
  }

  /** Writes a pending draft now (tests, page hide); resolves when all draft writes are done. */
  flushDraft(): Promise<void> {
    return this.#autosave.flush();
  }

  // ── Document commands ──────────────────────────────────────────────────────────────────

  /** Saves the document as a new revision (or a new library graph). Never loses edits: on failure the document stays as it is. */
  async save(): Promise<boolean> {
    const storage = this.storage;
    if (!storage) return this.#fail(LIBRARY_OFF);
    if (this.saving) return false;
    this.saving = true;
    const doc = this.#app.document;
    const graph = doc.graph;
    const oldKey = this.#draftKey();
    try {
      let head: { id: string; revision: number };
      try {
        head = await saveGraphToLibrary(storage, graph, doc.libraryId);
      } catch (error) {
        // Deleted in another tab since it was opened: keep the work as a new library graph.
        if (!(doc.libraryId !== undefined && error instanceof StorageError && error.code === 'not-found')) throw error;
        head = await saveGraphToLibrary(storage, graph);
      }
      doc.markSaved(head.id, head.revision, graph);
      this.recovery = undefined;
      this.status.show(libraryMessages.saved(graph.name, head.revision));
      this.#autosave.cancel();
      void this.#autosave.enqueue(async () => {
        await storage.clearDraft(head.id);
        if (oldKey !== head.id) await storage.clearDraft(oldKey);
      });
      // Edited while the save was running: those edits need their draft.
      if (this.hasEdits) this.#autosave.schedule();
      void this.#remember(head.id);
      await this.catalog.refresh();
      return true;
    } catch (error) {
      return this.#fail(error);
    } finally {
      this.saving = false;
    }
  }

  /** Starts an empty, unsaved graph (after confirming if there are unsaved edits). */
  async newGraph(): Promise<boolean> {
    if (!(await this.confirmDiscard())) return false;
    this.#replace(emptyGraph('Untitled'), undefined, true);
    void this.#remember(undefined);
    this.status.show(libraryMessages.created());
    return true;
  }

  /**
   * Opens graph-file text as a new unsaved graph. A bad file is reported (naming JSON paths)
   * and changes nothing: neither the document nor the library.
   */
  async openGraphText(text: string, source: string): Promise<boolean> {
    const parsed = parseGraphFile(text, this.#app.registry);
    if (!parsed.ok) return this.#fail(libraryMessages.badFile(source, parsed.error.message), 'file');
    if (!(await this.confirmDiscard())) return false;
    this.#openUnsaved(parsed.graph, parsed.warnings);
    this.status.show(libraryMessages.imported(parsed.graph.name, source));
    return true;
  }

  /** Opens a built-in example as a new unsaved graph (after confirming if there are unsaved edits). */
  async openExample(example: { readonly title: string; readonly text: string }): Promise<boolean> {
    const parsed = parseGraphFile(example.text, this.#app.registry);
    if (!parsed.ok) return this.#fail(libraryMessages.badExample(example.title, parsed.error.message), 'file');
    if (!(await this.confirmDiscard())) return false;
    this.#openUnsaved(parsed.graph, parsed.warnings);
    this.status.show(libraryMessages.openedExample(example.title));
    return true;
  }

  #openUnsaved(graph: Graph, warnings: readonly string[]): void {
    this.#replace(graph, undefined, true);
    for (const warning of warnings) this.#app.studio.report('file', warning);
    void this.#remember(undefined);
  }

  /** Reads a dropped or picked file and opens it like {@link openGraphText}. */
  async openFile(file: File): Promise<boolean> {
    if (file.size > MAX_GRAPH_FILE_BYTES) return this.#fail(libraryMessages.tooLarge(file.name, file.size, MAX_GRAPH_FILE_BYTES), 'file');
    let text: string;
    try {
      text = await file.text();
    } catch (error) {
      return this.#fail(libraryMessages.unreadable(file.name, error), 'file');
    }
    return this.openGraphText(text, `“${file.name}”`);
  }

  /** Downloads the document as `<name>.nfpgraph.json`. */
  exportFile(): void {
    const graph = this.#app.document.graph;
    const fileName = exportFileName(graph.name);
    downloadText(toGraphJson(graph), fileName);
    this.status.show(libraryMessages.exported(fileName));
  }

  async copyAsText(): Promise<boolean> {
    if (!(await copyText(toGraphJson(this.#app.document.graph)))) return this.#fail(libraryMessages.clipboardRefused());
    this.status.show(libraryMessages.copied());
    return true;
  }

  /** Renames the open graph: an edit like any other (undoable, saved with the next Save). */
  renameDocument(name: string): void {
    const doc = this.#app.document;
    const trimmed = name.trim();
    if (trimmed === '' || trimmed === doc.graph.name) return;
    doc.apply({ ...doc.graph, name: trimmed }, 'params');
  }

  /** Asks before unsaved edits would be thrown away; resolves true at once when there are none. */
  confirmDiscard(): Promise<boolean> {
    if (!this.hasEdits) return Promise.resolve(true);
    return this.confirmations.ask({
      title: 'Discard unsaved changes?',
      message: libraryMessages.discardQuestion(this.#app.document.graph.name),
      confirmLabel: 'Discard changes',
    });
  }

  /** Puts back what the recovered draft replaced: the saved head, or the start graph. */
  async discardRecovery(): Promise<void> {
    const notice = this.recovery;
    const storage = this.storage;
    if (!notice || !storage) return;
    this.recovery = undefined;
    try {
      if (notice.key === UNSAVED_DRAFT) {
        this.#replace(this.#startGraph, undefined, true);
      } else {
        const head = await this.#loadHead(notice.key);
        this.#replace(head.graph, { id: head.id, revision: head.revision }, true);
      }
      this.status.show(libraryMessages.discarded());
    } catch (error) {
      this.#fail(error);
    }
  }

  dismissRecovery(): void {
    this.recovery = undefined;
  }

  openLibrary(): void {
    this.examplesOpen = false;
    this.libraryOpen = true;
    void this.catalog.refresh();
  }

  // ── Internals ──────────────────────────────────────────────────────────────────────────

  /** Replaces the document; `dropOldDraft` clears the draft of what was open (its edits were discarded). */
  #replace(graph: Graph, saved: { id: string; revision: number } | undefined, dropOldDraft: boolean): void {
    const oldKey = this.#draftKey();
    const storage = this.storage;
    this.#autosave.cancel();
    this.recovery = undefined;
    this.#pristine = saved ? undefined : graph;
    this.#app.document.replace(graph, saved);
    if (dropOldDraft && storage) void this.#autosave.enqueue(() => storage.clearDraft(oldKey));
  }

  async #loadHead(id: string): Promise<LoadedHead> {
    const storage = this.storage;
    if (!storage) throw new Error(LIBRARY_OFF);
    return loadHead(storage, this.#app.registry, id);
  }

  #draftKey(): string {
    return this.#app.document.libraryId ?? UNSAVED_DRAFT;
  }

  async #writeDraft(): Promise<void> {
    const storage = this.storage;
    if (!storage) return;
    const key = this.#draftKey();
    if (this.hasEdits) await storage.saveDraft(key, toGraphJson(this.#app.document.graph));
    else await storage.clearDraft(key);
    this.#draftFailed = false;
  }

  #draftError(error: unknown): void {
    // Shown once per run of failures, not on every keystroke.
    if (this.#draftFailed) return;
    this.#draftFailed = true;
    this.#app.studio.report('command', libraryMessages.draftFailed(error));
  }

  async #remember(id: string | undefined): Promise<void> {
    try {
      await this.storage?.setSetting(LAST_OPENED_SETTING, id);
    } catch (error) {
      console.warn('Could not remember the open graph.', error);
    }
  }

  #fail(error: unknown, kind: 'file' | 'command' = 'command'): false {
    this.#app.studio.report(kind, error instanceof Error ? error.message : String(error));
    return false;
  }

  /** For the recovery notice: when the draft was written, as the user's clock shows it. */
  momentOf(at: number): string {
    return formatMoment(at, this.#now());
  }
}

const sessions = new WeakMap<EditorApp, LibrarySession>();

/** The one library session of `app`, shared by the menu, the dialogs and startup. */
export function librarySession(app: EditorApp): LibrarySession {
  let session = sessions.get(app);
  if (!session) {
    session = new LibrarySession(app);
    sessions.set(app, session);
  }
  return session;
}
