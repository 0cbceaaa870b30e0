/** Counts holders per node id (watchers, demands); `onLast` runs when an id's last holder lets go. */
export class RefCounts {
  readonly #counts = new Map<string, number>();
  constructor(private readonly onLast: (id: string) => void = () => {}) {}

  /** Adds a holder of `id`; returns its release, which is safe to call twice. */
  hold(id: string): () => void {
    this.#counts.set(id, (this.#counts.get(id) ?? 0) + 1);
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      const left = (this.#counts.get(id) ?? 1) - 1;
      if (left > 0) this.#counts.set(id, left);
      else { this.#counts.delete(id); this.onLast(id); }
    };
  }

  has(id: string): boolean { return this.#counts.has(id); }
  keys(): IterableIterator<string> { return this.#counts.keys(); }
}
