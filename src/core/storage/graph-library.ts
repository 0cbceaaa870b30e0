import { utf8Length } from './bytes';
import { storageMessages } from './messages';
import type { GraphRecord, RevisionRecord } from './schema';
import { StorageError } from './storage-error';
import { inTransaction } from './transaction';
import type { StorageContext, Tx } from './transaction';

/** A graph as the library lists it. */
export type GraphSummary = GraphRecord;

/** A graph's head revision, as loaded for editing. */
export interface SavedGraph {
  readonly id: string;
  readonly name: string;
  readonly revision: number;
  /** The graph file's JSON text, exactly as it was saved. */
  readonly json: string;
  readonly updatedAt: number;
}

export interface RevisionSummary { readonly revision: number; readonly savedAt: number; readonly bytes: number }
export interface GraphRevision { readonly id: string; readonly revision: number; readonly json: string; readonly savedAt: number }
export interface GraphHead { readonly id: string; readonly revision: number }

/**
 * Saved graphs with a capped history of revisions. Storage keeps the graph file's JSON text
 * as given: the caller parses and validates it. The name shown in the library is the
 * record's; keeping it equal to the name inside the JSON is up to the caller.
 */
export interface GraphLibrary {
  /**
   * Creates a graph (no `id`; a new id is generated) or appends a revision to one, dropping
   * revisions beyond the kept count in the same transaction.
   *
   * When `json` equals the head revision's JSON no revision is written and the head is
   * returned (only a changed name is recorded), so autosave can call this freely.
   *
   * @param input.baseRevision the head revision this edit started from; if another tab has
   *   saved since, fails with `conflict` instead of overwriting that work.
   * @throws StorageError `not-found` (unknown id), `conflict`, `quota-exceeded` (the previous
   *   revision is kept).
   */
  saveGraph(input: { id?: string; name: string; json: string; baseRevision?: number }): Promise<GraphHead>;
  /** All graphs, most recently changed first. */
  listGraphs(): Promise<GraphSummary[]>;
  /** The head revision. @throws StorageError `not-found`, `corrupt`. */
  loadGraph(id: string): Promise<SavedGraph>;
  /** The kept revisions, newest first. @throws StorageError `not-found`. */
  listRevisions(id: string): Promise<RevisionSummary[]>;
  /** One kept revision. @throws StorageError `not-found` (graph or revision). */
  loadRevision(id: string, revision: number): Promise<GraphRevision>;
  /**
   * Makes an old revision current by copying it as a new head revision, so the history in
   * between stays available. Restoring content equal to the head writes nothing.
   */
  restoreRevision(id: string, revision: number): Promise<GraphHead>;
  /** Renames the graph in the library; writes no revision. */
  renameGraph(id: string, name: string): Promise<void>;
  /** A new graph whose only revision is a copy of `id`'s head (history is not copied). */
  duplicateGraph(id: string, newName: string): Promise<GraphHead>;
  /**
   * Deletes the graph, all its revisions and its draft from before per-tab slots. Tabs' drafts
   * of it stay: a tab may still be editing it, and its work is kept as a new graph.
   * Resolves false if it did not exist.
   */
  deleteGraph(id: string): Promise<boolean>;
}

type GraphTx = Tx<readonly ['graphs', 'revisions'], 'readwrite'>;
/** The one method the helpers need, so they take a store from a transaction of any scope or mode. */
interface Reader<K, V> { get(key: K): Promise<V | undefined> }

const MAX_REVISION = Number.MAX_SAFE_INTEGER;

/** Key range over every revision of `graphId` up to and including `last`. */
function revisionsUpTo(graphId: string, last = MAX_REVISION): IDBKeyRange {
  return IDBKeyRange.bound([graphId, 0], [graphId, last]);
}

async function getGraph(tx: { objectStore(name: 'graphs'): Reader<string, GraphRecord> }, id: string): Promise<GraphRecord> {
  const graph = await tx.objectStore('graphs').get(id);
  if (!graph) throw new StorageError('not-found', storageMessages.graphNotFound(id));
  return graph;
}

async function headJson(tx: { objectStore(name: 'revisions'): Reader<[string, number], RevisionRecord> }, graph: GraphRecord): Promise<string> {
  const head = await tx.objectStore('revisions').get([graph.id, graph.revision]);
  if (!head) throw new StorageError('corrupt', storageMessages.graphHeadMissing(graph.name, graph.revision));
  return head.json;
}

/** The graph library over `context`, keeping `revisionsKept` revisions per graph. */
export function createGraphLibrary(context: StorageContext, revisionsKept: number): GraphLibrary {
  const graphStores = ['graphs', 'revisions'] as const;

  /** Writes `json` as the revision after `graph`'s head and prunes history beyond the cap. */
  async function appendRevision(tx: GraphTx, graph: GraphRecord, json: string): Promise<GraphHead> {
    const now = context.now();
    const revision = graph.revision + 1;
    const bytes = utf8Length(json);
    const revisions = tx.objectStore('revisions');
    await revisions.put({ graphId: graph.id, revision, json, savedAt: now, bytes });
    await tx.objectStore('graphs').put({ ...graph, revision, updatedAt: now, bytes });
    // A range, not a single key: it also clears what a larger cap in an earlier session kept.
    const lastDropped = revision - revisionsKept;
    if (lastDropped >= 1) await revisions.delete(revisionsUpTo(graph.id, lastDropped));
    return { id: graph.id, revision };
  }

  return {
    async saveGraph({ id, name, json, baseRevision }) {
      const existed = id !== undefined;
      return inTransaction(context, graphStores, 'readwrite', async (tx) => {
        if (id === undefined) {
          const now = context.now();
          const graph = { id: globalThis.crypto.randomUUID(), name, revision: 0, createdAt: now, updatedAt: now, bytes: 0 };
          return appendRevision(tx, graph, json);
        }
        const graph = await getGraph(tx, id);
        if (baseRevision !== undefined && baseRevision !== graph.revision) {
          throw new StorageError('conflict', storageMessages.headChanged(graph.name, baseRevision, graph.revision));
        }
        if ((await headJson(tx, graph)) === json) {
          if (graph.name !== name) await tx.objectStore('graphs').put({ ...graph, name, updatedAt: context.now() });
          return { id, revision: graph.revision };
        }
        return appendRevision(tx, { ...graph, name }, json);
      }, () => storageMessages.graphNotSaved(name, existed));
    },

    async listGraphs() {
      const graphs = await inTransaction(context, ['graphs'], 'readonly', (tx) => tx.store.index('by-updated').getAll());
      return graphs.reverse();
    },

    loadGraph(id) {
      return inTransaction(context, graphStores, 'readonly', async (tx) => {
        const graph = await getGraph(tx, id);
        return { id, name: graph.name, revision: graph.revision, json: await headJson(tx, graph), updatedAt: graph.updatedAt };
      });
    },

    listRevisions(id) {
      return inTransaction(context, graphStores, 'readonly', async (tx) => {
        await getGraph(tx, id);
        const revisions = await tx.objectStore('revisions').getAll(revisionsUpTo(id));
        return revisions.reverse().map(({ revision, savedAt, bytes }) => ({ revision, savedAt, bytes }));
      });
    },

    loadRevision(id, revision) {
      return inTransaction(context, graphStores, 'readonly', async (tx) => {
        const graph = await getGraph(tx, id);
        const found = await tx.objectStore('revisions').get([id, revision]);
        if (!found) throw new StorageError('not-found', storageMessages.revisionNotFound(graph.name, revision, revisionsKept));
        return { id, revision, json: found.json, savedAt: found.savedAt };
      });
    },

    restoreRevision(id, revision) {
      let name = id;
      return inTransaction(context, graphStores, 'readwrite', async (tx) => {
        const graph = await getGraph(tx, id);
        name = graph.name;
        const old = await tx.objectStore('revisions').get([id, revision]);
        if (!old) throw new StorageError('not-found', storageMessages.revisionNotFound(graph.name, revision, revisionsKept));
        if (old.json === (await headJson(tx, graph))) return { id, revision: graph.revision };
        return appendRevision(tx, graph, old.json);
      }, () => storageMessages.graphNotChanged(name, 'restored'));
    },

    renameGraph(id, name) {
      let oldName = id;
      return inTransaction(context, ['graphs'], 'readwrite', async (tx) => {
        const graph = await getGraph(tx, id);
        oldName = graph.name;
        await tx.store.put({ ...graph, name, updatedAt: context.now() });
      }, () => storageMessages.graphNotChanged(oldName, 'renamed'));
    },

    duplicateGraph(id, newName) {
      return inTransaction(context, graphStores, 'readwrite', async (tx) => {
        const source = await getGraph(tx, id);
        const json = await headJson(tx, source);
        const now = context.now();
        const copy = { id: globalThis.crypto.randomUUID(), name: newName, revision: 0, createdAt: now, updatedAt: now, bytes: 0 };
        return appendRevision(tx, copy, json);
      }, () => storageMessages.graphNotSaved(newName, false));
    },

    deleteGraph(id) {
      return inTransaction(context, ['graphs', 'revisions', 'drafts'], 'readwrite', async (tx) => {
        if ((await tx.objectStore('graphs').count(id)) === 0) return false;
        await Promise.all([
          tx.objectStore('graphs').delete(id),
          tx.objectStore('revisions').delete(revisionsUpTo(id)),
          tx.objectStore('drafts').delete(id),
        ]);
        return true;
      }, () => storageMessages.notDeleted('the graph'));
    },
  };
}
