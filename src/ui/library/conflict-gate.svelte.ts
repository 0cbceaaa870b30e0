import { QuestionGate } from './confirm-gate.svelte';

/** The user's answer when a save finds that another tab saved the graph first. */
export type ConflictChoice = 'keep-mine' | 'take-theirs' | 'save-copy' | 'cancel';

/** A save conflict waiting for the user, shown by ConflictDialog. */
export interface SaveConflict {
  readonly name: string;
  /** The revision this tab's edits started from. */
  readonly baseRevision: number;
  /** The library's head now, saved by another tab. */
  readonly theirRevision: number;
  readonly resolve: (choice: ConflictChoice) => void;
}

/** Save conflicts as state ConflictDialog renders (see QuestionGate); a newer one answers the older with `cancel`. */
export class ConflictGate extends QuestionGate<SaveConflict, ConflictChoice> {
  constructor() {
    super('cancel');
  }
}
