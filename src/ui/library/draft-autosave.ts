export interface DraftAutosaveOptions {
  /** Quiet time after the last change before the draft is written. */
  readonly delayMs: number;
  /** Writes (or clears) the draft for the document as it is now. */
  readonly write: () => Promise<void>;
  readonly onerror: (error: unknown) => void;
}

export interface DraftAutosave {
  /** Notes a change: the write happens `delayMs` after the last one. */
  schedule(): void;
  /** Writes now if a write is pending; resolves when every write so far has finished. */
  flush(): Promise<void>;
  /** Drops a pending write (the caller is about to write or clear the draft itself). */
  cancel(): void;
  /** Runs `task` after every write started so far, and before any later one (e.g. clearing an old draft). */
  enqueue(task: () => Promise<void>): Promise<void>;
  /** Resolves when every write started so far has finished. */
  idle(): Promise<void>;
  destroy(): void;
}

/**
 * Debounced draft writing. Writes run one at a time, in order, so an older draft can never
 * land after a newer one.
 */
export function createDraftAutosave(options: DraftAutosaveOptions): DraftAutosave {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let chain: Promise<void> = Promise.resolve();
  let destroyed = false;

  const run = (): Promise<void> => {
    timer = undefined;
    chain = chain.then(() => options.write()).catch(options.onerror);
    return chain;
  };

  return {
    schedule() {
      if (destroyed) return;
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(() => void run(), options.delayMs);
    },
    flush() {
      if (timer === undefined) return chain;
      clearTimeout(timer);
      return run();
    },
    cancel() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
    enqueue(task) {
      chain = chain.then(task).catch(options.onerror);
      return chain;
    },
    idle: () => chain,
    destroy() {
      destroyed = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
