import type { ModelSource, StudioStorage, Tf } from '../../core';

/**
 * What the stylized-dataset panel needs from the Style Transfer node's files, declared by the UI
 * and handed over by the node's UI entry (src/nodes/style-transfer.ui.ts): src/ui never imports node internals.
 */
export interface StylizeKit {
  /** Runs a dataset through the weights into a new dataset (src/nodes/style/stylize-dataset.ts). */
  stylize(options: StylizeRunOptions): Promise<StylizeResult>;
  /** The sentence shown while the node has no weights. */
  noWeights(): string;
}

export interface StylizeRunOptions {
  readonly tf: Tf;
  readonly storage: StudioStorage;
  readonly models: ModelSource;
  readonly source: string;
  readonly weights: string;
  readonly strength: number;
  readonly name: string;
  readonly signal: AbortSignal;
  readonly onProgress: (done: number, total: number) => void;
}

/** `complete`: every frame; `kept`: stopped early, the frames so far kept; `cancelled`: nothing kept. */
export type StylizeResult =
  | { readonly outcome: 'complete' | 'kept'; readonly id: string; readonly frames: number }
  | { readonly outcome: 'cancelled'; readonly frames: 0 };
