import { emptyGraph, toGraphJson, errorMessage } from '../../core';
import type { Graph, StudioStorage } from '../../core';
import type { EditorApp } from '../editor-app';
import { warningsBesidesPluginNotice } from '../plugins/placeholder-warnings';
import { ConfirmGate } from './confirm-gate.svelte';
import { ConflictGate } from './conflict-gate.svelte';
import { saveDocument } from './document-save';
import { DraftRecovery } from './draft-recovery.svelte';
import { storeExampleFiles } from './example-files';
import { GraphFileCommands } from './graph-file-commands';
import { LibraryCatalog } from './library-catalog.svelte';
import { LAST_OPENED_SETTING, LIBRARY_OFF, libraryMessages } from './messages';
import { SessionDrafts } from './session-drafts';
import { loadHead } from './startup-restore';
import { OtherTabs, openChangeChannel } from './other-tabs.svelte';
import type { ChangeChannel } from './other-tabs.svelte';
import { StatusMessage } from './status-message.svelte';
import type { LoadedHead } from './startup-restore';
import { TabSlot, pageLocks } from './tab-slot';
import type { DraftLocks } from './tab-slot';

/** Quiet time after the last edit before the crash-recovery draft is written. */
export const DRAFT_DELAY_MS = 1500;


export interface LibrarySessionOptions {
  readonly draftDelayMs?: number;
  readonly now?: () => number;
  /** Default `navigator.locks`: tells live tabs' draft slots from those of closed ones. */
  readonly locks?: DraftLocks;
  /** Default a BroadcastChannel shared by the studio's tabs. */
  readonly channel?: () => ChangeChannel | undefined;
}

/**
 * The graph library seen from the editor: opening, saving, importing and exporting the
 * document, crash-recovery drafts, and the state of the library's dialogs. Components call
 * these commands and read these fields; they hold no library logic of their own.
 *
 * Policy: every edit writes a *draft* (debounced, one slot per tab, see TabSlot) for crash
 * recovery; only an explicit Save writes a *revision*. Autosaving into revisions would fill the
 * capped history (50) with slider drags and push out the versions the user chose to keep.
 * A save names the revision its edits started from, so another tab's save is never overwritten
 * unasked (DocumentSave), and tells the other tabs (OtherTabs).
 */
export class LibrarySession {
  libraryOpen = $state.raw(false);
  examplesOpen = $state.raw(false);
  /** Questions waiting for the user (discard unsaved changes?). */
  readonly confirmations = new ConfirmGate();
  /** A save that found another tab's newer revision, waiting for the user's choice. */
  readonly conflicts = new ConflictGate();
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
  /** Crash recovery: what startup recovered (`notice`) or kept because its graph did not load (`damaged`). */
  readonly crashRecovery: DraftRecovery;
  readonly #slot: TabSlot;
  /** Opening, importing and exporting graph files. */
  readonly files: GraphFileCommands;
  /** What other tabs changed in the library: the "saved in another tab" notice. */
  readonly otherTabs: OtherTabs;

  /** Whether the document holds work that is not in the library (a new graph as opened does not). */
  readonly hasEdits: boolean = $derived.by(() => {
    const doc = this.#app.document;
    if (doc.libraryId !== undefined) return doc.dirty;
    return this.#pristine === undefined || doc.graph !== this.#pristine;
  });

  constructor(app: EditorApp, options: LibrarySessionOptions = {}) {
    this.#app = app;
    this.#pristine = app.document.graph;
    this.#slot = new TabSlot(options.locks ?? pageLocks());
    this.otherTabs = new OtherTabs({
      channel: options.channel ?? openChangeChannel,
      open: () => ({ id: app.document.libraryId, revision: app.document.savedRevision }),
      changed: () => void (this.libraryOpen ? this.catalog.refresh() : undefined),
    });
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
      announce: (change) => this.otherTabs.announce(change),
      fail: (error) => this.#fail(error),
      status: (text) => this.status.show(text),
    });
    this.#drafts = new SessionDrafts({
      delayMs: options.draftDelayMs ?? DRAFT_DELAY_MS,
      storage: () => this.storage,
      key: () => this.#slot.key,
      origin: () => (app.document.libraryId === undefined ? {} : { graphId: app.document.libraryId, baseRevision: app.document.savedRevision }),
      hasEdits: () => this.hasEdits,
      graphJson: () => toGraphJson(app.document.graph),
      report: (message) => app.studio.report('command', message),
    });
    this.crashRecovery = new DraftRecovery({
      registry: app.registry,
      storage: () => this.storage,
      locks: this.#slot.locks,
      loadHead: (id) => this.#loadHead(id),
      adopt: (key, release) => {
        this.#slot.adopt(key, release);
        // The slot's record still names what it was a draft of: rewrite it as what is open now.
        this.#drafts.schedule();
      },
      replace: (graph, saved, dropOldDraft) => this.#replace(graph, saved, dropOldDraft),
      applyDraft: (draft) => app.document.apply(draft, 'structure'),
      markRecovered: () => (this.#pristine = undefined),
      confirmDiscard: () => this.confirmDiscard(),
      report: (message) => app.studio.report('file', message),
      fail: (error) => this.#fail(error),
      status: (text) => this.status.show(text),
      now: options.now ?? Date.now,
    }, app.document.graph);
    this.files = new GraphFileCommands({
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
      storeExampleFiles: (files) => storeExampleFiles(files, { storage: app.storage, importFiles: app.media.importFiles }),
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
    await this.#slot.claim();
    await this.crashRecovery.restore(doc.graph);
    const stopDrafts = this.#drafts.follow(doc);
    const stopTabs = this.otherTabs.start();
    return () => {
      stopDrafts();
      stopTabs();
      // Like closing the tab: the draft stays, and the next start may recover it.
      this.#slot.dispose();
    };
  }

  /** Opens the library's version of the open graph (after confirming if there are edits). */
  async reloadFromLibrary(): Promise<boolean> {
    const id = this.#app.document.libraryId;
    return id !== undefined && (await this.catalog.open(id));
  }

  /** Writes a pending draft now (tests, page hide); resolves when all draft writes are done. */
  flushDraft(): Promise<void> {
    return this.#drafts.flush();
  }

  /**
   * Saves the document as a new revision (or a new library graph). Never loses edits: on
   * failure the document stays as it is; when another tab saved first, the user chooses.
   */
  async save(): Promise<boolean> {
    const storage = this.storage;
    if (!storage) return this.#fail(LIBRARY_OFF);
    if (this.saving) return false;
    this.saving = true;
    const doc = this.#app.document;
    const before = doc.graph;
    try {
      const outcome = await saveDocument({ storage, document: doc, conflicts: this.conflicts, loadHead: (id) => this.#loadHead(id) });
      if (outcome.kind === 'cancelled') return false;
      if (outcome.kind === 'took-theirs') {
        this.#replace(outcome.head.graph, { id: outcome.head.id, revision: outcome.head.revision }, true);
        this.status.show(libraryMessages.opened(outcome.head.graph.name));
        return true;
      }
      const { id, revision, graph } = outcome;
      // A copy is renamed: the open document follows unless it was edited meanwhile.
      if (outcome.asCopy && doc.graph === before) doc.apply(graph, 'params');
      doc.markSaved(id, revision, graph);
      this.crashRecovery.notice = undefined;
      this.status.show(libraryMessages.saved(graph.name, revision));
      this.#drafts.cancel();
      this.#drafts.clear(this.#drafts.key());
      // Edited while the save was running: those edits need their draft.
      if (this.hasEdits) this.#drafts.schedule();
      this.otherTabs.announce({ type: 'graphsaved', id, revision, name: graph.name });
      void this.#remember(id);
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
    this.crashRecovery.notice = undefined;
    this.otherTabs.dismiss();
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
    this.#app.studio.report(kind, errorMessage(error));
    return false;
  }
}
