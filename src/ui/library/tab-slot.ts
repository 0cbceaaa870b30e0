/**
 * The part of the Web Locks API (`navigator.locks`) the draft slots use. Browsers give it to
 * secure pages; Node 20 has none (the unit tests pass an in-memory one, test/setup/web-locks.ts).
 */
export interface DraftLocks {
  request<T>(name: string, options: { ifAvailable: true }, callback: (lock: unknown) => T | Promise<T>): Promise<T>;
}

const LOCK_PREFIX = 'nfp-studio.draft:';

/** The Web Lock a tab holds for as long as it owns draft slot `slot`. */
export function draftLockName(slot: string): string {
  return `${LOCK_PREFIX}${slot}`;
}

/** A fresh slot name for a tab that just opened. */
export function newSlotKey(): string {
  return `tab:${globalThis.crypto.randomUUID()}`;
}

/** The page's Web Locks, or undefined where the browser offers none (e.g. an insecure origin). */
export function pageLocks(): DraftLocks | undefined {
  return (globalThis.navigator as { locks?: DraftLocks } | undefined)?.locks;
}

/**
 * Takes the lock of `slot` if no one holds it, and holds it until the returned release is
 * called; resolves undefined when another tab holds it. Without Web Locks every other tab's
 * slot counts as held: its draft is never taken, only left in place.
 */
export function holdSlot(locks: DraftLocks | undefined, slot: string): Promise<(() => void) | undefined> {
  if (!locks) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    locks.request(draftLockName(slot), { ifAvailable: true }, (lock) => {
      if (lock === null) {
        resolve(undefined);
        return undefined;
      }
      // The lock is held until this promise settles: when the tab releases it, or closes.
      return new Promise<void>((release) => resolve(release));
    }).catch(reject);
  });
}

/**
 * This tab's crash-recovery draft slot.
 *
 * Decision (issue 23): each tab writes its draft into a slot of its own, named `tab:<uuid>`,
 * and holds the Web Lock `nfp-studio.draft:<slot>` for its whole life. The browser drops a
 * tab's locks when the tab closes or crashes, so at startup a slot whose lock is free belongs
 * to no live tab and its draft may be recovered; a slot whose lock is held belongs to a live
 * tab and is never read for recovery, cleared or overwritten. A tab that recovers a draft
 * takes over its slot (lock included), so the work goes on in the same record and no second
 * tab can recover it too. Web Locks rather than heartbeats: no timer can tell a busy tab (a
 * long training step) from a dead one, and the browser knows exactly which tabs are gone.
 * Where there are no Web Locks the tab still writes its own slot, but recovers nothing.
 */
export class TabSlot {
  #key = newSlotKey();
  #release: (() => void) | undefined;
  #disposed = false;

  constructor(readonly locks: DraftLocks | undefined) {}

  /** The slot this tab writes its draft into. */
  get key(): string {
    return this.#key;
  }

  /** Takes this tab's own slot lock; resolves once held (at once without Web Locks). */
  async claim(): Promise<void> {
    if (this.#release || this.#disposed) return;
    // A fresh uuid is never held elsewhere; a refusal would only mean a duplicate uuid.
    this.#release = await holdSlot(this.locks, this.#key);
  }

  /** Switches this tab to a recovered slot whose lock it already holds; frees the old one. */
  adopt(key: string, release: () => void): void {
    if (this.#disposed) {
      release();
      return;
    }
    this.#release?.();
    this.#key = key;
    this.#release = release;
  }

  /** Frees the slot (the tab is closing); its draft stays for the next start to recover. */
  dispose(): void {
    this.#disposed = true;
    this.#release?.();
    this.#release = undefined;
  }
}
