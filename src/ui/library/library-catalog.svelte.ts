import type { GraphSummary, RevisionSummary, StudioStorage } from '../../core';
import type { GraphDocument } from '../graph-document.svelte';
import { LIBRARY_OFF, libraryMessages } from './messages';
import type { LibraryChange } from './other-tabs.svelte';
import type { LoadedHead } from './startup-restore';

/** What the catalog needs from the session: narrow, so it can be read (and faked) on its own. */
export interface CatalogPorts {
  storage(): StudioStorage | undefined;
  readonly document: GraphDocument;
  loadHead(id: string): Promise<LoadedHead>;
  confirmDiscard(): Promise<boolean>;
  /** Opens a library head in the editor, replacing the document (its draft is dropped). */
  open(head: LoadedHead): void;
  /** The open graph was deleted from the library: keep it open as unsaved work. */
  detach(): void;
  /** Tells the other tabs that a graph changed. */
  announce(change: LibraryChange): void;
  fail(error: unknown): false;
  status(text: string): void;
}

/**
 * The graph library as the library dialog shows it: the list of graphs, one graph's
 * revision history, and the per-graph commands (open, rename, duplicate, delete, restore).
 */
export class LibraryCatalog {
  /** The library's graphs, most recently changed first; undefined until loaded. */
  graphs: readonly GraphSummary[] | undefined = $state.raw(undefined);
  /** The graph whose history is shown, with its revisions, newest first. */
  history: { readonly id: string; readonly revisions: readonly RevisionSummary[] } | undefined = $state.raw(undefined);

  readonly #ports: CatalogPorts;

  constructor(ports: CatalogPorts) {
    this.#ports = ports;
  }

  /** Reloads the list (and the history shown, if any). */
  async refresh(): Promise<void> {
    const storage = this.#ports.storage();
    if (!storage) return;
    try {
      this.graphs = await storage.listGraphs();
      if (this.history) await this.showHistory(this.history.id);
    } catch (error) {
      this.#ports.fail(error);
    }
  }

  /** Opens library graph `id` (after confirming if the document has unsaved edits). */
  async open(id: string): Promise<boolean> {
    try {
      const head = await this.#ports.loadHead(id);
      if (!(await this.#ports.confirmDiscard())) return false;
      this.#ports.open(head);
      this.#ports.status(libraryMessages.opened(head.graph.name));
      return true;
    } catch (error) {
      return this.#ports.fail(error);
    }
  }

  /** Shows the revisions of `id`, or hides the history when `id` is undefined. */
  async showHistory(id: string | undefined): Promise<void> {
    const storage = this.#ports.storage();
    if (id === undefined || !storage) {
      this.history = undefined;
      return;
    }
    try {
      this.history = { id, revisions: await storage.listRevisions(id) };
    } catch (error) {
      this.history = undefined;
      this.#ports.fail(error);
    }
  }

  /** Makes an old revision the head (a new revision; the history in between stays) and opens it. */
  async restore(id: string, revision: number): Promise<boolean> {
    const storage = this.#ports.storage();
    if (!storage) return this.#ports.fail(LIBRARY_OFF);
    if (!(await this.#ports.confirmDiscard())) return false;
    try {
      await storage.restoreRevision(id, revision);
      const head = await this.#ports.loadHead(id);
      this.#ports.announce({ type: 'graphsaved', id, revision: head.revision, name: head.graph.name });
      this.#ports.open(head);
      this.#ports.status(libraryMessages.restored(head.graph.name, revision, head.revision));
      await this.refresh();
      return true;
    } catch (error) {
      return this.#ports.fail(error);
    }
  }

  /** Renames a library graph without writing a revision; the open document follows if it is that graph. */
  async rename(id: string, name: string): Promise<boolean> {
    const storage = this.#ports.storage();
    const trimmed = name.trim();
    if (!storage || trimmed === '') return false;
    try {
      await storage.renameGraph(id, trimmed);
      const doc = this.#ports.document;
      if (doc.libraryId === id && doc.graph.name !== trimmed) {
        const clean = !doc.dirty;
        const renamed = { ...doc.graph, name: trimmed };
        doc.apply(renamed, 'params');
        // The library record's name is the graph's name: a clean document stays clean.
        if (clean && doc.savedRevision !== undefined) doc.markSaved(id, doc.savedRevision, renamed);
      }
      await this.refresh();
      return true;
    } catch (error) {
      return this.#ports.fail(error);
    }
  }

  /** Copies a graph's head as a new graph named "<name> copy" (history is not copied). */
  async duplicate(id: string): Promise<boolean> {
    const storage = this.#ports.storage();
    const source = this.graphs?.find((g) => g.id === id);
    if (!storage || !source) return false;
    try {
      await storage.duplicateGraph(id, libraryMessages.copyName(source.name));
      await this.refresh();
      return true;
    } catch (error) {
      return this.#ports.fail(error);
    }
  }

  /** Deletes a library graph and its history. If it is open, the editor keeps it as an unsaved graph. */
  async remove(id: string): Promise<boolean> {
    const storage = this.#ports.storage();
    if (!storage) return false;
    try {
      const name = this.graphs?.find((g) => g.id === id)?.name ?? id;
      if (await storage.deleteGraph(id)) this.#ports.announce({ type: 'graphdeleted', id, name });
      if (this.#ports.document.libraryId === id) this.#ports.detach();
      if (this.history?.id === id) this.history = undefined;
      await this.refresh();
      return true;
    } catch (error) {
      return this.#ports.fail(error);
    }
  }
}
