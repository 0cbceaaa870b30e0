import type { AssetSource } from '../graph/assets';
import type { Tf } from '../graph/node-definition';
import type { NodeRegistry } from '../graph/registry';
import type { CheckpointStore, DatasetSource } from '../graph/training';
import type { Clock } from './clock';
import type { NodeTiming } from './frame-runner';

export interface SchedulerOptions {
  readonly tf: Tf;
  readonly registry: NodeRegistry;
  readonly clock?: Clock;
  /** Default `backend`: per-node ms include GPU time (one fence per node). */
  readonly nodeTiming?: NodeTiming;
  /** Where `asset` params (clips, images) are read from; default: none available. */
  readonly assets?: AssetSource;
  /** Where weights are loaded from and checkpoints saved to; default: none available. */
  readonly models?: CheckpointStore;
  /** Where training frames are read from; default: none available. */
  readonly datasets?: DatasetSource;
  /** True once the backend's GPU is gone, even before `recoverBackend` is called (runtime/backend-loss); default never. */
  readonly backendLost?: () => boolean;
}
