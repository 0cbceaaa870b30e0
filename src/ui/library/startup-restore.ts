import { StorageError, parseGraphFile, toGraphJson, errorMessage } from '../../core';
import type { Graph, NodeRegistry, SavedGraph, StudioStorage } from '../../core';
import { formatMoment } from './format';
import { LAST_OPENED_SETTING, libraryMessages } from './messages';
import { decideStartup, staleDrafts } from './recovery';
import type { DraftCandidate } from './recovery';
import { holdSlot } from './tab-slot';
import type { DraftLocks } from './tab-slot';

/** A library graph's head, parsed (and migrated) for editing. */
export interface LoadedHead {
  readonly id: string;
  readonly revision: number;
  readonly graph: Graph;
  readonly warnings: readonly string[];
}

/**
 * Loads the head of library graph `id` through the graph-file parser, so graphs saved by an
 * older version are migrated. The library record's name wins over the name inside the JSON:
 * renaming in the library writes no revision.
 * @throws StorageError from storage; GraphFileError if the stored JSON no longer loads.
 */
export async function loadHead(storage: StudioStorage, registry: NodeRegistry, id: string): Promise<LoadedHead> {
  return parseHead(await storage.loadGraph(id), registry);
}

function parseHead(saved: SavedGraph, registry: NodeRegistry): LoadedHead {
  const parsed = parseGraphFile(saved.json, registry);
  if (!parsed.ok) throw parsed.error;
  const graph = parsed.graph.name === saved.name ? parsed.graph : { ...parsed.graph, name: saved.name };
  return { id: saved.id, revision: saved.revision, graph, warnings: parsed.warnings };
}

/** A draft kept because its graph's head did not load; the user may open it as a new graph. */
export interface DamagedDraft {
  readonly slot: string;
  readonly savedAt: number;
  /** The draft's graph name. */
  readonly name: string;
  /** Why the saved graph did not load. */
  readonly reason: string;
  readonly graph: Graph;
}

/** What startup may do to the editor; the session implements these. */
export interface StartupPorts {
  /** Makes recovered slot `key` this tab's draft slot; `release` frees its lock. */
  adopt(key: string, release: () => void): void;
  recoverUnsaved(graph: Graph): void;
  /** Opens `head` as saved, then applies the recovered `draft` on top as an undoable edit. */
  recoverSaved(head: LoadedHead, draft: Graph): void;
  /** Keeps a draft whose head did not load; the session holds its slot lock until the user decides. */
  damaged(draft: DamagedDraft, release: () => void): void;
  reopen(head: LoadedHead): void;
  recovered(notice: { graphId: string | undefined; savedAt: number; name: string }): void;
  report(message: string): void;
}

interface Claimed { readonly candidate: DraftCandidate; readonly head: LoadedHead | undefined; readonly release: () => void }

/**
 * Startup: recovers the newest draft that holds unsaved work, else reopens the graph open
 * last time, else leaves the start graph. Only drafts in slots whose Web Lock is free (their
 * tab closed or crashed) are looked at; a draft is deleted only when its head loaded and
 * matched it. Never throws: a failure is reported and the start graph stays.
 */
export async function restoreStartup(
  storage: StudioStorage, registry: NodeRegistry, startGraph: Graph, locks: DraftLocks | undefined, ports: StartupPorts,
): Promise<void> {
  const claimed = new Map<string, Claimed>();
  try {
    const [, lastOpened] = await Promise.all([
      claimFreeDrafts(storage, registry, locks, claimed),
      storage.getSetting<unknown>(LAST_OPENED_SETTING, undefined),
    ]);
    const drafts = [...claimed.values()].map((c) => c.candidate);
    const facts = { drafts, lastOpenedId: typeof lastOpened === 'string' ? lastOpened : undefined, startJson: toGraphJson(startGraph) };
    for (const stale of staleDrafts(facts)) {
      await storage.clearDraft(stale.key).catch(() => { /* retried next start */ });
    }

    const action = decideStartup(facts);
    switch (action.kind) {
      case 'recover': {
        const { head } = claimed.get(action.draft.key)!;
        return recover(action.draft, handOver(claimed, action.draft.key), ports, head, registry);
      }
      case 'damaged':
        return keepDamaged(action.draft, action.reason, handOver(claimed, action.draft.key), ports, registry);
      case 'reopen':
        return await reopen(storage, registry, action.id, ports);
      case 'keep':
        return;
      default: {
        const unknown: never = action;
        throw new Error(`unknown startup action ${JSON.stringify(unknown)}`);
      }
    }
  } catch (error) {
    ports.report(errorMessage(error));
  } finally {
    // Slots not handed over go back: the next tab to start may recover them.
    for (const { release } of claimed.values()) release();
  }
}

/** Removes `key` from the claimed slots (so `finally` leaves its lock held) and returns its release. */
function handOver(claimed: Map<string, Claimed>, key: string): () => void {
  const release = claimed.get(key)!.release;
  claimed.delete(key);
  return release;
}

/** Takes the lock of every draft slot no live tab holds, and loads those drafts with their heads. */
async function claimFreeDrafts(storage: StudioStorage, registry: NodeRegistry, locks: DraftLocks | undefined, claimed: Map<string, Claimed>): Promise<void> {
  const summaries = await storage.listDrafts();
  await Promise.all(summaries.map(async ({ key }) => {
    const release = await holdSlot(locks, key);
    if (!release) return;
    try {
      const draft = await storage.loadDraft(key);
      if (!draft) return release();
      const { graphId } = draft;
      let head: LoadedHead | undefined;
      let headState: DraftCandidate['head'];
      if (graphId !== undefined) {
        try {
          const saved = await storage.loadGraph(graphId);
          head = parseHead(saved, registry);
          headState = { json: saved.json };
        } catch (error) {
          headState = { failed: errorMessage(error) };
        }
      }
      const candidate = { key, graphId, savedAt: draft.savedAt, json: draft.json, baseRevision: draft.baseRevision, head: headState };
      claimed.set(key, { candidate, head, release });
    } catch (error) {
      release();
      throw error;
    }
  }));
}

function parseDraft(draft: DraftCandidate, registry: NodeRegistry, ports: StartupPorts): Graph | undefined {
  const parsed = parseGraphFile(draft.json, registry);
  if (parsed.ok) return parsed.graph;
  ports.report(libraryMessages.recoveryFailed(formatMoment(draft.savedAt, Date.now()), parsed.error.message));
  return undefined;
}

function recover(draft: DraftCandidate, release: () => void, ports: StartupPorts, head: LoadedHead | undefined, registry: NodeRegistry): void {
  const graph = parseDraft(draft, registry, ports);
  if (!graph) return release();
  ports.adopt(draft.key, release);
  if (draft.graphId === undefined || head === undefined) {
    ports.recoverUnsaved(graph);
  } else {
    // Edits begun before another tab's save stay based on the older revision, so saving them asks.
    ports.recoverSaved({ ...head, revision: Math.min(head.revision, draft.baseRevision ?? head.revision) }, graph);
  }
  ports.recovered({ graphId: draft.graphId, savedAt: draft.savedAt, name: graph.name });
}

function keepDamaged(draft: DraftCandidate, reason: string, release: () => void, ports: StartupPorts, registry: NodeRegistry): void {
  const graph = parseDraft(draft, registry, ports);
  if (!graph) return release();
  ports.damaged({ slot: draft.key, savedAt: draft.savedAt, name: graph.name, reason, graph }, release);
}

async function reopen(storage: StudioStorage, registry: NodeRegistry, id: string, ports: StartupPorts): Promise<void> {
  try {
    ports.reopen(await loadHead(storage, registry, id));
  } catch (error) {
    // Deleted since (perhaps in another tab): forget it quietly and keep the start graph.
    if (error instanceof StorageError && error.code === 'not-found') {
      await storage.setSetting(LAST_OPENED_SETTING, undefined);
      return;
    }
    throw error;
  }
}
