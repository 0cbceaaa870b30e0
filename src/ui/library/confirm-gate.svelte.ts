/** A question the user must answer before a command goes on, shown by ConfirmDialog. */
export interface Confirmation {
  readonly title: string;
  readonly message: string;
  readonly confirmLabel: string;
  readonly resolve: (confirmed: boolean) => void;
}

/**
 * A question as state a `<dialog>` renders: native `window.confirm` blocks the loop and is
 * dismissed silently by test drivers. At most one is pending; a newer question answers the
 * older one with `declined`.
 */
export class QuestionGate<Question extends { readonly resolve: (answer: Answer) => void }, Answer> {
  pending: Question | undefined = $state.raw(undefined);

  constructor(private readonly declined: Answer) {}

  ask(request: Omit<Question, 'resolve'>): Promise<Answer> {
    this.pending?.resolve(this.declined);
    return new Promise((resolve) => {
      this.pending = {
        ...request,
        resolve: (answer: Answer) => {
          this.pending = undefined;
          resolve(answer);
        },
      } as Question;
    });
  }
}

/** An in-page confirm(): "no" when a newer question comes. */
export class ConfirmGate extends QuestionGate<Confirmation, boolean> {
  constructor() {
    super(false);
  }
}
