import type { AnyNodeDefinition, Tf } from '../graph/node-definition';
import type { CheckpointStore, DatasetSource, TrainingHook, TrainingJob, TrainingReport } from '../graph/training';
import type { Clock } from './clock';
import type { CheckpointInfo, SchedulerEvent, TrainingStatus } from './events';

/** What the runner needs from the scheduler: its queue, and its live node instances. */
export interface TrainingHost {
  readonly tf: Tf;
  readonly clock: Clock;
  readonly checkpoints: CheckpointStore;
  readonly datasets: DatasetSource;
  /** Runs `operation` between two frames, never during one. */
  exclusive<T>(operation: () => T | Promise<T>): Promise<T>;
  /** The node's definition, params, size, live state and non-frame inputs; undefined when it has none (removed, blocked). */
  instance(nodeId: string): TrainedInstance | undefined;
  /** True once the backend's GPU is gone, before the scheduler has been told: weights read now are garbage. */
  backendLost(): boolean;
  emit(event: SchedulerEvent): void;
  /** Resolves after the next frame the running loop completes (at once when it is not running). */
  nextFrame(): Promise<void>;
}

export interface TrainedInstance {
  readonly definition: AnyNodeDefinition;
  readonly params: Record<string, unknown>;
  readonly size: { readonly width: number; readonly height: number };
  readonly state: unknown;
  readonly inputs: Readonly<Record<string, unknown>>;
  /** Wired non-frame inputs no frame has delivered yet (the graph has not run since they were wired). */
  readonly unresolved: readonly string[];
}

/** One node's training run, from Train to finished, stopped or failed. */
export interface Session {
  readonly nodeId: string;
  readonly checkpointEvery: number;
  /** The stored checkpoint the run started from (`resumeFrom`); undefined: the node's own weights then. */
  readonly origin: string | undefined;
  job: TrainingJob;
  /** The node state the job trains; a rebuilt node has another, and the job must stop. */
  state: unknown;
  status: TrainingStatus;
  /**
   * Bumped when the backend is lost: a loop or checkpoint still waiting on the dead GPU sees
   * another epoch when (if ever) it wakes, and leaves the session alone.
   */
  epoch: number;
  /** The job is disposed (the run ended, or its backend was lost): going on needs a new one, built from a checkpoint. */
  jobLost: boolean;
  lastCheckpoint: CheckpointInfo | undefined;
  /** Every checkpoint this session saved, oldest first: what the hook's `preferCheckpoint` chooses from. */
  readonly checkpoints: CheckpointInfo[];
  lastReport: TrainingReport | undefined;
  recoveries: number;
  stepTimes: number[];
  loop: Promise<void> | undefined;
}

export function checkpointInterval(hook: TrainingHook | undefined, params: Record<string, unknown>): number {
  const every = typeof hook?.checkpointEvery === 'function' ? hook.checkpointEvery(params) : hook?.checkpointEvery;
  return every !== undefined && Number.isInteger(every) && every > 0 ? every : 200;
}

export function safeDispose(job: TrainingJob): void {
  try {
    job.dispose();
  } catch (error) {
    console.warn('a training job failed to dispose', error);
  }
}
