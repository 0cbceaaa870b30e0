/** A short-lived line confirming the last command ("Saved … (revision 3)"), shown in a polite live region. */
export class StatusMessage {
  current: { readonly id: number; readonly text: string } | undefined = $state.raw(undefined);
  #id = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly showMs = 4000) {}

  show(text: string): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.current = { id: ++this.#id, text };
    this.#timer = setTimeout(() => (this.current = undefined), this.showMs);
  }
}
