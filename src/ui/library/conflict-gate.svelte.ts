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

/**
 * Save conflicts as state a `<dialog>` renders (see ConfirmGate for why not `window.confirm`).
 * At most one is pending; a newer one answers the older with `cancel`.
 */
export class ConflictGate {
  pending: SaveConflict | undefined = $state.raw(undefined);

  ask(request: Omit<SaveConflict, 'resolve'>): Promise<ConflictChoice> {
    this.pending?.resolve('cancel');
    return new Promise((resolve) => {
      this.pending = {
        ...request,
        resolve: (choice) => {
          this.pending = undefined;
          resolve(choice);
        },
      };
    });
  }
}
