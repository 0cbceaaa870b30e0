import { createContext } from 'svelte';
import type { ModelSummary } from '../../core';

/** What a checkpoint picker deep in the inspector needs; App.svelte provides it once. */
export interface CheckpointShelf {
  /** Every stored model; undefined when storage is unavailable. */
  list(): Promise<ModelSummary[]> | undefined;
  /** Changes whenever a checkpoint is saved, so pickers re-list. */
  readonly revision: number;
}

export const [getCheckpointShelf, setCheckpointShelf] = createContext<CheckpointShelf>();
