/** A crash-recovery draft found at startup in a slot no live tab holds, with the head it edits. */
export interface DraftCandidate {
  /** The draft slot. */
  readonly key: string;
  /** The library graph the draft edits; undefined for a graph never saved. */
  readonly graphId: string | undefined;
  readonly savedAt: number;
  readonly json: string;
  readonly baseRevision?: number | undefined;
  /**
   * The head of graph `graphId`: its JSON when it loaded, or why it did not (damaged, deleted,
   * unreadable); undefined for a graph never saved.
   */
  readonly head: { readonly json: string } | { readonly failed: string } | undefined;
}

/** What the editor opens on startup. */
export type StartupAction =
  | { readonly kind: 'recover'; readonly draft: DraftCandidate }
  /** The newest work is a draft whose graph's head did not load: keep it and tell the user. */
  | { readonly kind: 'damaged'; readonly draft: DraftCandidate; readonly reason: string }
  | { readonly kind: 'reopen'; readonly id: string }
  | { readonly kind: 'keep' };

export interface StartupFacts {
  /** The drafts found in free slots, in any order. */
  readonly drafts: readonly DraftCandidate[];
  /** The graph open when the last session ended, from settings. */
  readonly lastOpenedId: string | undefined;
  /** Canonical JSON of the graph the editor starts with (the demo): an unsaved draft equal to it holds no work. */
  readonly startJson: string;
}

/**
 * Whether a draft may hold work that exists nowhere else. A library draft holds none only
 * when its head loaded and equals it; a head that failed to load for any reason (damaged,
 * deleted, storage error) proves nothing, so the draft is kept. An unsaved draft holds none
 * when it equals the start graph.
 */
export function draftHoldsWork(draft: DraftCandidate, startJson: string): boolean {
  if (draft.graphId === undefined) return draft.json !== startJson;
  if (draft.head === undefined || 'failed' in draft.head) return true;
  return draft.json !== draft.head.json;
}

/**
 * Decides what to open on startup: the newest draft holding work (crash recovery) wins;
 * otherwise the graph open last time; otherwise the start graph stays.
 * @example decideStartup({ drafts: [], lastOpenedId: 'g1', startJson }) // { kind: 'reopen', id: 'g1' }
 */
export function decideStartup(facts: StartupFacts): StartupAction {
  const newestFirst = [...facts.drafts].sort((a, b) => b.savedAt - a.savedAt);
  const draft = newestFirst.find((d) => draftHoldsWork(d, facts.startJson));
  if (draft) {
    const head = draft.head;
    if (head !== undefined && 'failed' in head) return { kind: 'damaged', draft, reason: head.failed };
    return { kind: 'recover', draft };
  }
  if (facts.lastOpenedId !== undefined) return { kind: 'reopen', id: facts.lastOpenedId };
  return { kind: 'keep' };
}

/** Drafts that provably hold no work: safe to delete at startup so they are never looked at again. */
export function staleDrafts(facts: StartupFacts): DraftCandidate[] {
  return facts.drafts.filter((d) => !draftHoldsWork(d, facts.startJson));
}
