import { ExtractFramesError, KEEP_EXTRACTED, errorMessage } from '../../core';
import type { ExtractProgress, ExtractResult } from '../../core';
import { datasetMessages } from './messages';

/** `stopping`: cancel or stop was asked for; the frame in flight finishes first. */
export type ExtractionPhase = 'running' | 'stopping' | 'done' | 'cancelled' | 'failed';

/** What the user asked for, kept for the dialog's texts. */
export interface ExtractRequest {
  /** The source's title as the user knows it (its label, else its type's title). */
  readonly title: string;
  readonly name: string;
  readonly width: number;
  readonly height: number;
  readonly stride: number;
  readonly maxFrames: number;
}

/** Runs an extraction: `extractFrames` with this signal and progress callback. */
export type ExtractRunner = (signal: AbortSignal, onProgress: (progress: ExtractProgress) => void) => Promise<ExtractResult>;

/** Progress reaches the page at most this often: a fast source would otherwise redraw the dialog hundreds of times a second. */
const PROGRESS_EVERY_MS = 100;

/**
 * One extraction as the UI sees it: phase, progress and outcome as reactive state, and the
 * two ways to end it early. Cancel deletes the partial dataset; stop keeps the frames so far.
 */
export class ExtractionJob {
  phase: ExtractionPhase = $state.raw('running');
  progress: ExtractProgress = $state.raw({ datasetId: '', done: 0, total: 0, fps: 0, elapsedMs: 0 });
  result: ExtractResult | undefined = $state.raw(undefined);
  /** The failure, written for the user. */
  error: string | undefined = $state.raw(undefined);
  readonly request: ExtractRequest;
  /** Settles (never rejects) once the extraction has ended, whatever the outcome. */
  readonly finished: Promise<void>;
  readonly #controller = new AbortController();
  #shownAt = -Infinity;

  constructor(request: ExtractRequest, run: ExtractRunner, now: () => number = () => performance.now()) {
    this.request = request;
    this.progress = { datasetId: '', done: 0, total: request.maxFrames, fps: 0, elapsedMs: 0 };
    this.finished = run(this.#controller.signal, (progress) => {
      const at = now();
      if (at - this.#shownAt < PROGRESS_EVERY_MS && progress.done < progress.total) return;
      this.#shownAt = at;
      this.progress = progress;
    }).then(
      (result) => {
        this.result = result;
        if (result.outcome === 'cancelled') {
          this.phase = 'cancelled';
          return;
        }
        this.progress = { ...this.progress, done: result.frames };
        this.phase = 'done';
      },
      (error: unknown) => {
        this.error = error instanceof ExtractFramesError ? error.message : datasetMessages.unexpected(errorMessage(error));
        this.phase = 'failed';
      },
    );
  }

  get active(): boolean {
    return this.phase === 'running' || this.phase === 'stopping';
  }

  /** Ends it and deletes what was extracted. */
  cancel(): void {
    if (!this.active) return;
    this.phase = 'stopping';
    this.#controller.abort();
  }

  /** Ends it and keeps the frames extracted so far as the dataset. */
  stopAndKeep(): void {
    if (!this.active) return;
    this.phase = 'stopping';
    this.#controller.abort(KEEP_EXTRACTED);
  }
}
