import { StorageError, UNSAVED_DRAFT, parseGraphFile, toGraphJson } from '../../core';
import type { Graph, NodeRegistry, StudioStorage } from '../../core';
import { formatMoment } from './format';
import { LAST_OPENED_SETTING, libraryMessages } from './messages';
import { decideStartup, staleDrafts } from './recovery';
import type { DraftCandidate } from './recovery';

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
  const saved = await storage.loadGraph(id);
  const parsed = parseGraphFile(saved.json, registry);
  if (!parsed.ok) throw parsed.error;
  const graph = parsed.graph.name === saved.name ? parsed.graph : { ...parsed.graph, name: saved.name };
  return { id, revision: saved.revision, graph, warnings: parsed.warnings };
}

/** What startup may do to the editor; the session implements these. */
export interface StartupPorts {
  recoverUnsaved(graph: Graph): void;
  /** Opens `head` as saved, then applies the recovered `draft` on top as an undoable edit. */
  recoverSaved(head: LoadedHead, draft: Graph): void;
  reopen(head: LoadedHead): void;
  recovered(notice: { key: string; savedAt: number; name: string }): void;
  report(message: string): void;
}

/**
 * Startup: recovers the newest draft that holds unsaved work, else reopens the graph open
 * last time, else leaves the start graph. Never throws: a failure is reported and the
 * start graph stays.
 */
export async function restoreStartup(storage: StudioStorage, registry: NodeRegistry, startGraph: Graph, ports: StartupPorts): Promise<void> {
  try {
    const [drafts, lastOpened] = await Promise.all([
      loadDraftCandidates(storage),
      storage.getSetting<unknown>(LAST_OPENED_SETTING, undefined),
    ]);
    const facts = { drafts, lastOpenedId: typeof lastOpened === 'string' ? lastOpened : undefined, startJson: toGraphJson(startGraph) };
    for (const stale of staleDrafts(facts)) void storage.clearDraft(stale.key).catch(() => { /* retried next start */ });

    const action = decideStartup(facts);
    switch (action.kind) {
      case 'recover':
        await recover(storage, registry, action.draft, ports);
        return;
      case 'reopen':
        await reopen(storage, registry, action.id, ports);
        return;
      case 'keep':
        return;
      default: {
        const unknown: never = action;
        throw new Error(`unknown startup action ${JSON.stringify(unknown)}`);
      }
    }
  } catch (error) {
    ports.report(error instanceof Error ? error.message : String(error));
  }
}

async function loadDraftCandidates(storage: StudioStorage): Promise<DraftCandidate[]> {
  const summaries = await storage.listDrafts();
  const candidates = await Promise.all(summaries.map(async ({ key }): Promise<DraftCandidate | undefined> => {
    const draft = await storage.loadDraft(key);
    if (!draft) return undefined;
    // A graph deleted elsewhere, or one whose head is damaged, has no head to compare with.
    const headJson = key === UNSAVED_DRAFT ? undefined : await storage.loadGraph(key).then((h) => h.json, () => undefined);
    return { key, savedAt: draft.savedAt, json: draft.json, headJson };
  }));
  return candidates.filter((c) => c !== undefined);
}

async function recover(storage: StudioStorage, registry: NodeRegistry, draft: DraftCandidate, ports: StartupPorts): Promise<void> {
  const parsed = parseGraphFile(draft.json, registry);
  if (!parsed.ok) {
    ports.report(libraryMessages.recoveryFailed(formatMoment(draft.savedAt, Date.now()), parsed.error.message));
    return;
  }
  if (draft.key === UNSAVED_DRAFT) {
    ports.recoverUnsaved(parsed.graph);
  } else {
    ports.recoverSaved(await loadHead(storage, registry, draft.key), parsed.graph);
  }
  ports.recovered({ key: draft.key, savedAt: draft.savedAt, name: parsed.graph.name });
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
