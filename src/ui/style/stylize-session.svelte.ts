import type { DatasetSummary } from '../../core';
import { sessionKey } from '../app-sessions';
import type { EditorApp } from '../editor-app';
import { withBundledCheckpoints } from '../training/bundled-checkpoints';
import { StylizeJob } from './stylize-job.svelte';
import type { StylizeKit } from './stylize-kit';

export interface StylizeRequest {
  readonly nodeId: string;
  readonly source: DatasetSummary;
  /** The node's Weights param: the stored weights the frames go through. */
  readonly weights: string;
  readonly strength: number;
  readonly name: string;
}

/**
 * The editor's one stylized-dataset run at a time (two would share the backend and slow each
 * other down), kept across inspector selections. Components read `job` and call these.
 */
export class StylizeSession {
  job: StylizeJob | undefined = $state.raw(undefined);
  readonly #app: EditorApp;
  readonly #kit: StylizeKit;

  constructor(app: EditorApp, kit: StylizeKit) {
    this.#app = app;
    this.#kit = kit;
  }

  /** Starts a run; resolves once it has ended. @throws Error when storage is off. */
  start(request: StylizeRequest): StylizeJob {
    const storage = this.#app.storage;
    if (!storage) throw new Error('Browser storage is not open, so datasets cannot be made. Reload the page; if it persists, the browser is refusing storage to this page.');
    if (this.job?.active) return this.job;
    const { tf } = this.#app;
    // Bundled weights (an example's) are read from the app's own origin when storage lacks them.
    const models = withBundledCheckpoints(storage);
    const job = new StylizeJob(request.nodeId, request.name, request.source.frameCount, (signal, onProgress) => this.#kit.stylize({
      tf, storage, models, source: request.source.id, weights: request.weights, strength: request.strength, name: request.name, signal, onProgress,
    }));
    this.job = job;
    return job;
  }

  /** Forgets a finished run, so the panel shows its form again. */
  dismiss(): void {
    if (!this.job?.active) this.job = undefined;
  }
}

const STYLIZE_KEY = sessionKey<StylizeSession>('stylize');

/** The editor's one StylizeSession, made on first use with the kit the node's UI entry hands its panel. */
export function stylizeSession(app: EditorApp, kit: StylizeKit): StylizeSession {
  return app.sessions.get(STYLIZE_KEY, () => new StylizeSession(app, kit));
}
