// An in-memory Web Locks manager (exclusive locks and `ifAvailable` only: what the draft slots
// use). Node 20, which the unit tests run on, has no `navigator` at all, and `navigator.locks`
// only came in Node 22. It is passed to the code under test through its options rather than
// installed as a global: a global `navigator` would change unrelated code paths (clipboard,
// webcam) in other tests. One manager stands for one browser profile, shared by its tabs; a
// tab "closes" by releasing its locks, as the browser does when a tab closes or crashes.
import type { DraftLocks } from '../../src/ui/library/tab-slot';

interface Waiter { run(): void }

export class InMemoryLocks implements DraftLocks {
  readonly #held = new Set<string>();
  readonly #queues = new Map<string, Waiter[]>();

  /** Names held now, like `(await navigator.locks.query()).held`. */
  held(): string[] {
    return [...this.#held];
  }

  request<T>(name: string, options: { ifAvailable: true } | Record<string, never>, callback: (lock: unknown) => T | Promise<T>): Promise<T> {
    const ifAvailable = 'ifAvailable' in options && options.ifAvailable;
    if (this.#held.has(name) && ifAvailable) {
      // As in browsers, the callback still runs (with null) and its result is the answer.
      return Promise.resolve().then(() => callback(null));
    }
    return new Promise<T>((resolve, reject) => {
      const run = (): void => {
        this.#held.add(name);
        Promise.resolve()
          .then(() => callback({ name, mode: 'exclusive' }))
          .then(resolve, reject)
          .finally(() => this.#release(name));
      };
      if (this.#held.has(name)) this.#queue(name).push({ run });
      else run();
    });
  }

  #queue(name: string): Waiter[] {
    let queue = this.#queues.get(name);
    if (!queue) this.#queues.set(name, (queue = []));
    return queue;
  }

  #release(name: string): void {
    this.#held.delete(name);
    this.#queues.get(name)?.shift()?.run();
  }
}
