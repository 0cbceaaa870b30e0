import { UNSAVED_DRAFT } from '../../core';

/** A crash-recovery draft as found at startup, with the library head it belongs to. */
export interface DraftCandidate {
  /** A library graph id, or `UNSAVED_DRAFT`. */
  readonly key: string;
  readonly savedAt: number;
  readonly json: string;
  /**
   * The head revision's JSON of graph `key`; `undefined` when the graph no longer exists
   * (deleted in another tab) or for the unsaved draft.
   */
  readonly headJson: string | undefined;
}

/** What the editor opens on startup. */
export type StartupAction =
  | { readonly kind: 'recover'; readonly draft: DraftCandidate }
  | { readonly kind: 'reopen'; readonly id: string }
  | { readonly kind: 'keep' };

export interface StartupFacts {
  /** The drafts found, in any order. */
  readonly drafts: readonly DraftCandidate[];
  /** The graph open when the last session ended, from settings. */
  readonly lastOpenedId: string | undefined;
  /** Canonical JSON of the graph the editor starts with (the demo): an unsaved draft equal to it holds no work. */
  readonly startJson: string;
}

/**
 * Whether a draft holds work that exists nowhere else: a library draft that differs from its
 * graph's head, or an unsaved draft that differs from the start graph. A draft of a deleted
 * graph is not offered: deleting was the user's choice.
 */
export function draftHoldsWork(draft: DraftCandidate, startJson: string): boolean {
  if (draft.key === UNSAVED_DRAFT) return draft.json !== startJson;
  return draft.headJson !== undefined && draft.json !== draft.headJson;
}

/**
 * Decides what to open on startup: the newest draft holding work (crash recovery) wins;
 * otherwise the graph open last time; otherwise the start graph stays.
 * @example decideStartup({ drafts: [], lastOpenedId: 'g1', startJson }) // { kind: 'reopen', id: 'g1' }
 */
export function decideStartup(facts: StartupFacts): StartupAction {
  const newestFirst = [...facts.drafts].sort((a, b) => b.savedAt - a.savedAt);
  const draft = newestFirst.find((d) => draftHoldsWork(d, facts.startJson));
  if (draft) return { kind: 'recover', draft };
  if (facts.lastOpenedId !== undefined) return { kind: 'reopen', id: facts.lastOpenedId };
  return { kind: 'keep' };
}

/** Drafts that hold no work: safe to delete at startup so they are never looked at again. */
export function staleDrafts(facts: StartupFacts): DraftCandidate[] {
  return facts.drafts.filter((d) => !draftHoldsWork(d, facts.startJson));
}
