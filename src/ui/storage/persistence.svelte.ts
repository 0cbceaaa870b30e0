import type { StudioStorage } from '../../core';

/** The part of `navigator.storage` used here; absent in browsers without the Storage API. */
export type StoragePersistPort = Pick<StorageManager, 'persist' | 'persisted'>;

/**
 * - `unsupported`: no Storage API; `persisted`: already persistent when the app started;
 * - `not-asked`: best-effort storage, and nothing worth keeping stored yet in this tab;
 * - `asking`, then `granted` or `denied`: the answer to this tab's one request.
 */
export type PersistStatus = 'unsupported' | 'persisted' | 'not-asked' | 'asking' | 'granted' | 'denied';

/**
 * Whether the browser may evict the studio's storage, and the one request to make it
 * persistent. The request is made at the first graph save or stored model/checkpoint in a
 * tab, not at start: a user who only looks around is not asked (Firefox shows a prompt), and
 * Chromium grants more readily once the site has been used. At most once per tab.
 */
export class PersistenceState {
  status: PersistStatus = $state.raw('not-asked');
  readonly #port: StoragePersistPort | undefined;
  #asked = false;

  constructor(port: StoragePersistPort | undefined) {
    this.#port = port;
    if (!port || typeof port.persist !== 'function') this.status = 'unsupported';
  }

  /** Reads whether storage is persistent already (granted in an earlier visit). */
  async check(): Promise<void> {
    if (!this.#port || this.status === 'unsupported') return;
    try {
      if (await this.#port.persisted()) this.status = 'persisted';
    } catch {
      // A browser that cannot say is treated as best-effort; the request still follows.
    }
  }

  /** Asks the browser once; later calls do nothing. Never rejects. */
  async requestOnce(): Promise<void> {
    if (this.#asked || !this.#port || this.status === 'unsupported' || this.status === 'persisted') return;
    this.#asked = true;
    this.status = 'asking';
    try {
      this.status = (await this.#port.persist()) ? 'granted' : 'denied';
    } catch {
      this.status = 'denied';
    }
  }
}

/**
 * `storage` whose graph saves and model saves (checkpoints, imports) ask for persistence after
 * their first success: the moment the user has something the browser should not evict.
 */
export function withPersistenceRequest(storage: StudioStorage, persistence: PersistenceState): StudioStorage {
  const after = <A extends unknown[], R>(write: (...args: A) => Promise<R>) => async (...args: A): Promise<R> => {
    const result = await write(...args);
    void persistence.requestOnce();
    return result;
  };
  return { ...storage, saveGraph: after(storage.saveGraph), saveModel: after(storage.saveModel) };
}
