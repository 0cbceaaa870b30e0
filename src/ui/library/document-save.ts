import { StorageError, saveGraphToLibrary } from '../../core';
import type { Graph, StudioStorage } from '../../core';
import type { GraphDocument } from '../graph-document.svelte';
import type { ConflictGate } from './conflict-gate.svelte';
import { libraryMessages } from './messages';
import type { LoadedHead } from './startup-restore';

export interface DocumentSavePorts {
  readonly storage: StudioStorage;
  readonly document: GraphDocument;
  readonly conflicts: ConflictGate;
  loadHead(id: string): Promise<LoadedHead>;
}

/** How a save ended; the session updates the document, drafts and status from it. */
export type SaveOutcome =
  /** `graph` is what was saved: the document's graph, or its renamed copy. */
  | { readonly kind: 'saved'; readonly id: string; readonly revision: number; readonly graph: Graph; readonly asCopy: boolean }
  /** The user chose the other tab's version: open `head`, dropping this tab's edits. */
  | { readonly kind: 'took-theirs'; readonly head: LoadedHead }
  | { readonly kind: 'cancelled' };

function failedWith(error: unknown, code: StorageError['code']): boolean {
  return error instanceof StorageError && error.code === code;
}

/**
 * Saves the document as a new revision, passing the revision its edits started from. When
 * another tab saved first, storage refuses (`conflict`) and the user chooses: keep mine as
 * a new revision on top of theirs (theirs stays in the history), take theirs, or save mine
 * as a copy. Nothing is overwritten without that answer.
 * @throws StorageError for every other failure (the document is left as it is).
 */
export async function saveDocument(ports: DocumentSavePorts): Promise<SaveOutcome> {
  const { storage, document } = ports;
  const graph = document.graph;
  const id = document.libraryId;
  const base = document.savedRevision;
  const saved = async (target: Graph, targetId?: string, baseRevision?: number, asCopy = false): Promise<SaveOutcome> =>
    ({ kind: 'saved', ...(await saveGraphToLibrary(storage, target, targetId, baseRevision)), graph: target, asCopy });
  try {
    return await saved(graph, id, base);
  } catch (error) {
    // Deleted in another tab since it was opened: keep the work as a new library graph.
    if (id !== undefined && failedWith(error, 'not-found')) return saved(graph);
    if (id === undefined || base === undefined || !failedWith(error, 'conflict')) throw error;
  }

  const theirs = await storage.loadGraph(id);
  const choice = await ports.conflicts.ask({ name: graph.name, baseRevision: base, theirRevision: theirs.revision });
  switch (choice) {
    case 'keep-mine':
      // Based on the head just read: a third tab saving meanwhile is a conflict again.
      return saved(graph, id, theirs.revision);
    case 'save-copy':
      return saved({ ...graph, name: libraryMessages.copyName(graph.name) }, undefined, undefined, true);
    case 'take-theirs':
      return { kind: 'took-theirs', head: await ports.loadHead(id) };
    case 'cancel':
      return { kind: 'cancelled' };
    default: {
      const unknown: never = choice;
      throw new Error(`unknown conflict choice ${String(unknown)}`);
    }
  }
}
