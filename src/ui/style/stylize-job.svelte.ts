import { KEEP_EXTRACTED, errorMessage } from '../../core';
import type { StylizeResult } from './stylize-kit';

/** `stopping`: Cancel or Stop and keep was pressed; the batch in flight finishes first, then the partial dataset is deleted or kept. */
export type StylizePhase = 'running' | 'stopping' | 'done' | 'cancelled' | 'failed';

/** Runs `stylizeDataset` with this signal and progress callback. */
export type StylizeRunner = (signal: AbortSignal, onProgress: (done: number, total: number) => void) => Promise<StylizeResult>;

/**
 * One stylized-dataset run as the UI sees it: phase, progress and outcome as reactive state, Cancel
 * and Stop and keep. It outlives the inspector panel that started it (select another node, come back: the
 * progress is still there), so it lives in the per-editor `stylizeSession`.
 */
export class StylizeJob {
  phase: StylizePhase = $state.raw('running');
  done = $state.raw(0);
  total = $state.raw(0);
  result: StylizeResult | undefined = $state.raw(undefined);
  error: string | undefined = $state.raw(undefined);
  /** The node that started it and the dataset name asked for, for the panel's texts. */
  readonly nodeId: string;
  readonly name: string;
  /** Settles (never rejects) once the run has ended, whatever the outcome. */
  readonly finished: Promise<void>;
  readonly #controller = new AbortController();

  constructor(nodeId: string, name: string, total: number, run: StylizeRunner) {
    this.nodeId = nodeId;
    this.name = name;
    this.total = total;
    this.finished = run(this.#controller.signal, (done, all) => {
      this.done = done;
      this.total = all;
    }).then(
      (result) => {
        this.result = result;
        this.phase = result.outcome === 'cancelled' ? 'cancelled' : 'done';
      },
      (error: unknown) => {
        this.error = errorMessage(error);
        this.phase = 'failed';
      },
    );
  }

  get active(): boolean {
    return this.phase === 'running' || this.phase === 'stopping';
  }

  /** Ends it and deletes the frames stylized so far. */
  cancel(): void {
    this.#stop(undefined);
  }

  /** Ends it and keeps the frames stylized so far as the dataset. */
  stopAndKeep(): void {
    this.#stop(KEEP_EXTRACTED);
  }

  #stop(reason: typeof KEEP_EXTRACTED | undefined): void {
    if (!this.active) return;
    this.phase = 'stopping';
    this.#controller.abort(reason);
  }
}
