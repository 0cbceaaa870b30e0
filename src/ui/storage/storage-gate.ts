import { StorageError, errorMessage } from '../../core';
import type { StudioStorage } from '../../core';
import { storagePanelMessages } from './messages';

/**
 * Where opening storage stands at start-up:
 * - `opening`: under the time limit, nothing shown yet;
 * - `slow`: past the limit and still waiting (the attempt goes on: a slow disk may yet answer);
 * - `failed`: refused, e.g. `blocked` by another tab holding an older version;
 * - `open`: the app starts with its library; `skipped`: the user chose to go on without it.
 */
export type StorageGateState =
  | { readonly status: 'opening' }
  | { readonly status: 'slow'; readonly message: string }
  | { readonly status: 'failed'; readonly code: string; readonly message: string }
  | { readonly status: 'open' }
  | { readonly status: 'skipped' };

export interface StorageGate {
  readonly state: StorageGateState;
  /** Settles once the gate is `open` (with the storage) or `skipped` (undefined). Never rejects. */
  readonly result: Promise<StudioStorage | undefined>;
  /** Tries to open again (after closing the other tab, say); earlier attempts still count if they answer first. */
  retry(): void;
  /** Goes on without a library; a connection that opens later is closed, not leaked. */
  skip(): void;
  onChange(listener: (state: StorageGateState) => void): () => void;
}

export interface StorageGateOptions {
  readonly open: () => Promise<StudioStorage>;
  /** How long an attempt may take before the user is told; the attempt itself is not abandoned. */
  readonly slowAfterMs: number;
  /** Injectable for tests; default `setTimeout`. Returns a canceller. */
  readonly setTimer?: (callback: () => void, ms: number) => () => void;
}

/**
 * Opens storage without ever hanging start-up silently (issue 23): a slow or blocked open
 * becomes a state the boot screen shows, with Retry and "continue without library".
 * @example
 * const gate = openStorageGate({ open: () => openStudioStorage(), slowAfterMs: 2000 });
 * gate.onChange((state) => render(state));
 * const storage = await gate.result;
 */
export function openStorageGate(options: StorageGateOptions): StorageGate {
  const setTimer = options.setTimer ?? ((callback, ms) => {
    const handle = setTimeout(callback, ms);
    return () => clearTimeout(handle);
  });
  const listeners = new Set<(state: StorageGateState) => void>();
  let state: StorageGateState = { status: 'opening' };
  let resolve!: (storage: StudioStorage | undefined) => void;
  const result = new Promise<StudioStorage | undefined>((r) => { resolve = r; });
  let attempt = 0;
  let cancelTimer = () => {};

  const settled = () => state.status === 'open' || state.status === 'skipped';
  const set = (next: StorageGateState) => {
    state = next;
    for (const listener of listeners) listener(next);
  };

  const start = () => {
    const mine = ++attempt;
    cancelTimer();
    set({ status: 'opening' });
    cancelTimer = setTimer(() => {
      if (mine === attempt && state.status === 'opening') set({ status: 'slow', message: storagePanelMessages.slowOpen(options.slowAfterMs) });
    }, options.slowAfterMs);
    options.open().then(
      (storage) => {
        // Any attempt that answers first wins; one answering after the gate settled is closed.
        if (settled()) {
          storage.close();
          return;
        }
        cancelTimer();
        set({ status: 'open' });
        resolve(storage);
      },
      (error: unknown) => {
        // Only the newest attempt's refusal is news: an older one failing says nothing about the retry.
        if (settled() || mine !== attempt) return;
        cancelTimer();
        set({ status: 'failed', code: error instanceof StorageError ? error.code : 'unavailable', message: describe(error) });
      },
    );
  };

  start();
  return {
    get state() { return state; },
    result,
    retry() {
      if (!settled()) start();
    },
    skip() {
      if (settled()) return;
      cancelTimer();
      set({ status: 'skipped' });
      resolve(undefined);
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function describe(error: unknown): string {
  return error instanceof StorageError ? error.message : storagePanelMessages.openFailed(errorMessage(error));
}
