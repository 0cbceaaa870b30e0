import { StorageError, UNSAVED_DRAFT, emptyGraph, saveGraphToLibrary, toGraphJson } from '../../core';
import type { Graph, StudioStorage } from '../../core';
import type { EditorApp } from '../editor-app';
import { warningsBesidesPluginNotice } from '../plugins/placeholder-warnings';
import { ConfirmGate } from './confirm-gate.svelte';
import { DraftRecovery } from './draft-recovery.svelte';
import type { RecoveryNotice } from './draft-recovery.svelte';
import { GraphFileCommands } from './graph-file-commands';
import type { ExampleText } from './graph-file-commands';
import { LibraryCatalog } from './library-catalog.svelte';
import { LAST_OPENED_SETTING, LIBRARY_OFF, libraryMessages } from './messages';
import { SessionDrafts } from './session-drafts';
import { loadHead } from './startup-restore';
import { StatusMessage } from './status-message.svelte';
import type { LoadedHead } from './startup-restore';

/** Quiet time after the last edit before the crash-recovery draft is written. */
export const DRAFT_DELAY_MS = 1500;

export type { RecoveryNotice } from './draft-recovery.svelte';

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
  /** Questions waiting for the user (discard unsaved changes?). */
  readonly confirmations = new ConfirmGate();
  /** A short-lived confirmation of the last command, read out politely. */
  readonly status = new StatusMessage();
  saving = $state.raw(false);
  /** The library's list, history and per-graph commands, for the library dialog. */
  readonly catalog: LibraryCatalog;

  /** The unsaved graph as opened (new, example, import); undefined when it is recovered work. */
  #pristine: Graph | undefined = $state.raw(undefined);
  #started: Promise<() => void> | undefined;
  readonly #app: EditorApp;
  readonly #drafts: SessionDrafts;
  readonly #recovery: DraftRecovery;
  readonly #files: GraphFileCommands;

  /** Whether the document holds work that is not in the library (a new graph as opened does not). */
  readonly hasEdits: boolean = $derived.by(() => {
    const doc = this.#app.document;
    if (doc.libraryId !== undefined) return doc.dirty;
    return this.#pristine === undefined || doc.graph !== this.#pristine;
  });

  constructor(app: EditorApp, options: LibrarySessionOptions = {}) {
    this.#app = app;
    this.#pristine = app.document.graph;
    this.catalog = new LibraryCatalog({
      storage: () => this.storage,
      document: app.document,
      loadHead: (id) => this.#loadHead(id),
      confirmDiscard: () => this.confirmDiscard(),
      open: (head) => {
        this.#replace(head.graph, { id: head.id, revision: head.revision }, true);
        this.#reportWarnings(head.graph, head.warnings);
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
    this.#drafts = new SessionDrafts({
      delayMs: options.draftDelayMs ?? DRAFT_DELAY_MS,
      storage: () => this.storage,
      key: () => app.document.libraryId ?? UNSAVED_DRAFT,
      hasEdits: () => this.hasEdits,
      graphJson: () => toGraphJson(app.document.graph),
      report: (message) => app.studio.report('command', message),
    });
    this.#recovery = new DraftRecovery({
      registry: app.registry,
      storage: () => this.storage,
      loadHead: (id) => this.#loadHead(id),
      replace: (graph, saved, dropOldDraft) => this.#replace(graph, saved, dropOldDraft),
      applyDraft: (draft) => app.document.apply(draft, 'structure'),
      markRecovered: () => (this.#pristine = undefined),
      report: (message) => app.studio.report('file', message),
      fail: (error) => this.#fail(error),
      status: (text) => this.status.show(text),
      now: options.now ?? Date.now,
    }, app.document.graph);
    this.#files = new GraphFileCommands({
      registry: app.registry,
      graph: () => app.document.graph,
      confirmDiscard: () => this.confirmDiscard(),
      openUnsaved: (graph, warnings) => {
        this.#replace(graph, undefined, true);
        this.#reportWarnings(graph, warnings);
        void this.#remember(undefined);
      },
      fail: (error, kind) => this.#fail(error, kind),
      status: (text) => this.status.show(text),
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
    this.#pristine = doc.graph;
    await this.#recovery.restore(doc.graph);
    return this.#drafts.follow(doc);
  }

  /** What startup recovered from a draft, until the user dismisses or discards it or the document changes. */
  get recovery(): RecoveryNotice | undefined {
    return this.#recovery.notice;
  }

  /** Writes a pending draft now (tests, page hide); resolves when all draft writes are done. */
  flushDraft(): Promise<void> {
    return this.#drafts.flush();
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
    const oldKey = this.#drafts.key();
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
      this.#recovery.notice = undefined;
      this.status.show(libraryMessages.saved(graph.name, head.revision));
      this.#drafts.cancel();
      this.#drafts.clear(head.id, oldKey);
      // Edited while the save was running: those edits need their draft.
      if (this.hasEdits) this.#drafts.schedule();
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

  // Graph files in and out: the commands live in GraphFileCommands.

  /** Opens graph-file text as a new unsaved graph; a bad file is reported and changes nothing. */
  openGraphText(text: string, source: string, options: { discardConfirmed?: boolean } = {}): Promise<boolean> {
    return this.#files.openText(text, source, options);
  }

  openExample(example: ExampleText): Promise<boolean> {
    return this.#files.openExample(example);
  }

  openFile(file: File): Promise<boolean> {
    return this.#files.openFile(file);
  }

  exportFile(): void {
    this.#files.exportFile();
  }

  copyAsText(): Promise<boolean> {
    return this.#files.copyAsText();
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
  discardRecovery(): Promise<void> {
    return this.#recovery.discard();
  }

  dismissRecovery(): void {
    this.#recovery.notice = undefined;
  }

  /** For the recovery notice: when the draft was written, as the user's clock shows it. */
  momentOf(at: number): string {
    return this.#recovery.momentOf(at);
  }

  openLibrary(): void {
    this.examplesOpen = false;
    this.libraryOpen = true;
    void this.catalog.refresh();
  }

  // ── Internals ──────────────────────────────────────────────────────────────────────────

  /** Replaces the document; `dropOldDraft` clears the draft of what was open (its edits were discarded). */
  #replace(graph: Graph, saved: { id: string; revision: number } | undefined, dropOldDraft: boolean): void {
    const oldKey = this.#drafts.key();
    this.#drafts.cancel();
    this.#recovery.notice = undefined;
    this.#pristine = saved ? undefined : graph;
    this.#app.document.replace(graph, saved);
    if (dropOldDraft) this.#drafts.clear(oldKey);
  }

  /** A loaded graph's warnings, less what the missing-plugins notice already says. */
  #reportWarnings(graph: Graph, warnings: readonly string[]): void {
    const installed = new Set(this.#app.plugins.list().filter((p) => p.status === 'active').map((p) => p.id));
    for (const warning of warningsBesidesPluginNotice(graph, warnings, (id) => installed.has(id))) this.#app.studio.report('file', warning);
  }

  async #loadHead(id: string): Promise<LoadedHead> {
    const storage = this.storage;
    if (!storage) throw new Error(LIBRARY_OFF);
    return loadHead(storage, this.#app.registry, id);
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
