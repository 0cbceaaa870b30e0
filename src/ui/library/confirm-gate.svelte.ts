/** A question the user must answer before a command goes on, shown by ConfirmDialog. */
export interface Confirmation {
  readonly title: string;
  readonly message: string;
  readonly confirmLabel: string;
  readonly resolve: (confirmed: boolean) => void;
}

/**
 * An in-page confirm(): native `window.confirm` blocks the loop and is dismissed silently by
 * test drivers, so questions are state that a `<dialog>` renders. At most one is pending; a
 * newer question answers the older one with "no".
 */
export class ConfirmGate {
  pending: Confirmation | undefined = $state.raw(undefined);

  ask(request: Omit<Confirmation, 'resolve'>): Promise<boolean> {
    this.pending?.resolve(false);
    return new Promise((resolve) => {
      this.pending = {
        ...request,
        resolve: (confirmed) => {
          this.pending = undefined;
          resolve(confirmed);
        },
      };
    });
  }
}
