import type * as tfjs from '@tensorflow/tfjs';
import type { io } from '@tensorflow/tfjs';
import type { DatasetRef, ModelRef } from './ports';

/** One step's outcome, as a training job reports it. */
export interface TrainingReport {
  /** Steps done since this training began, counting those before a pause or a resume from a checkpoint. */
  readonly step: number;
  /** Named losses of this step, e.g. `{ l1: 0.21, gAdv: 0.7, d: 1.3 }`. */
  readonly losses: Readonly<Record<string, number>>;
  /**
   * Optional preview images (e.g. input / prediction / target), RGBA8 row-major. Jobs fill
   * this only every few steps: reading pixels back stalls the GPU.
   */
  readonly samples?: readonly TrainingSample[];
}

export interface TrainingSample {
  readonly label: string;
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray<ArrayBuffer>;
}

/**
 * A running optimisation, created by a node's `training.start`. The scheduler calls `step`
 * between frames (never during one), so the loop keeps running while it trains, and it alone
 * decides when to save, pause, resume and dispose.
 */
export interface TrainingJob {
  /** Steps planned in all, for progress and ETA. */
  readonly totalSteps: number;
  /** Steps done so far (equals the last report's `step`). */
  readonly stepsDone: number;
  /** One optimisation step. It may create and dispose tensors, but must leave the count as it found it. */
  step(): Promise<TrainingReport>;
  /**
   * Everything needed to resume exactly where this job is — weights, optimiser moments, random
   * state, step — as tfjs model artifacts (one weight buffer), stored content-addressed.
   */
  save(): Promise<io.ModelArtifacts>;
  /**
   * Optional: losses on data the job keeps out of training (e.g. `{ 'held-out l1': 0.08 }`),
   * measured with the weights as they are now. The runner asks at every checkpoint and stores
   * them with it, so a user can pick the checkpoint that generalises best, not the one that
   * fits the training frames best. Must leave the tensor count as it found it.
   */
  validate?(): Promise<Readonly<Record<string, number>>>;
  /** Releases the job's tensors (optimiser state, copies). The node's own weights stay with the node. */
  dispose(): void;
}

const HELD_OUT_PREFIX = 'held-out ';

/**
 * The name a job's `validate` gives a loss measured on held-out data, beside the training
 * loss it reads against (`l1` → `held-out l1`). The panel draws these as points at the
 * checkpoints and marks the checkpoint where one is lowest.
 */
export function heldOutLossName(trainingLoss: string): string {
  return HELD_OUT_PREFIX + trainingLoss;
}

export function isHeldOutLoss(name: string): boolean {
  return name.startsWith(HELD_OUT_PREFIX);
}

/**
 * A held-out figure that ranks loops rather than one-step predictions: how far the network's
 * own loop, started from a held-out frame, ends from the clip's detail and motion (0 = the
 * same; the generator's loop check defines it). Lower is better, like the losses, but the
 * checkpoint that predicts one frame best is often a near-frozen loop, so the panel marks the
 * lowest of each separately.
 */
export const HELD_OUT_LOOP = heldOutLossName('loop');

/**
 * A reference beside the held-out one-step loss, on the same pairs and scale: what copying the
 * input frame scores. It is the same at every checkpoint of a run; a network under it predicts
 * something, one over it does worse than doing nothing.
 */
export const HELD_OUT_COPY_LAST = heldOutLossName('copy-last');

/** The held-out one-step loss among a checkpoint's losses (the first held-out figure that is neither the loop check nor the copy-last reference), when measured. */
export function heldOutOneStepLoss(losses: Readonly<Record<string, number>>): number | undefined {
  return Object.entries(losses).find(([name]) => isHeldOutLoss(name) && name !== HELD_OUT_LOOP && name !== HELD_OUT_COPY_LAST)?.[1];
}

/** Whether a checkpoint's held-out one-step loss is under copying the last frame; undefined when either was not measured. */
export function beatsCopyLast(losses: Readonly<Record<string, number>>): boolean | undefined {
  const loss = heldOutOneStepLoss(losses);
  const copyLast = losses[HELD_OUT_COPY_LAST];
  return loss === undefined || copyLast === undefined || !Number.isFinite(loss) ? undefined : loss < copyLast;
}

/** Reads stored training frames; in the app, the studio's IndexedDB storage. */
export interface DatasetSource {
  getDataset(id: string): Promise<{ readonly name: string; readonly width: number; readonly height: number; readonly channels: 3 | 4; readonly frameCount: number } | undefined>;
  /** Up to `count` frames from `start`, each width × height × channels bytes. */
  readFrames(id: string, start: number, count: number): Promise<Uint8Array[]>;
}

/** Reads stored weights by hash; in the app, the studio's IndexedDB storage. */
export interface ModelSource {
  loadModel(sha256: string): Promise<io.ModelArtifacts>;
}

/** Where checkpoints go; in the app, the studio's IndexedDB storage. */
export interface CheckpointStore extends ModelSource {
  saveModel(artifacts: io.ModelArtifacts, name: string): Promise<{ readonly sha256: string }>;
  /** Sets one metadata entry of a stored model, e.g. tags a finished run's best checkpoint; absent where nothing is stored. */
  tagModel?(sha256: string, key: string, value: string | number | boolean): Promise<boolean>;
}

export interface TrainingContext<Params, State> {
  readonly tf: typeof tfjs;
  readonly nodeId: string;
  readonly params: Params;
  readonly size: { readonly width: number; readonly height: number };
  /** The node's live state: a job that trains the node's own weights makes the loop use them at once. */
  readonly state: State;
  /** The node's non-frame inputs as the last frame saw them, e.g. `{ dataset: { kind: 'dataset', id } }`. */
  readonly inputs: Readonly<Record<string, number | DatasetRef | ModelRef | undefined>>;
  readonly datasets: DatasetSource;
  /** Set when resuming: what an earlier `save` returned. */
  readonly resumeFrom?: io.ModelArtifacts;
}

/**
 * A node type's training capability. Nodes without it are not trainable.
 * @example
 * training: {
 *   checkpointEvery: 200,
 *   start: async ({ tf, state, inputs, datasets, resumeFrom }) => new MyJob(tf, state, inputs.dataset, datasets, resumeFrom),
 * }
 */
export interface TrainingHook<Params = any, State = any> {
  /** Steps between checkpoints: a number, or read from the node's params (default 200). */
  readonly checkpointEvery?: number | ((params: Params) => number);
  /** Builds the job. @throws Error with a message for the user (no dataset wired, dataset too small…). */
  start(context: TrainingContext<Params, State>): Promise<TrainingJob>;
  /**
   * Told after each checkpoint is stored, with its hash: a node that loads weights from a
   * `checkpoint` param records that its live weights already are these, so when the editor
   * then points the param at this hash the node does not load them again.
   */
  checkpointSaved?(state: State, sha256: string): void;
  /**
   * Optional: when a run reaches its steps, the checkpoint of that run (`checkpoints`, oldest
   * first, with the losses stored with each) the node should use instead of the newest, and why,
   * in a sentence for the training panel. Undefined keeps the newest. Not asked on Pause (training
   * goes on from the newest weights) nor on Stop (the user ended it where they wanted).
   */
  preferCheckpoint?(checkpoints: readonly RunCheckpoint[]): CheckpointPreference | undefined;
}

/** A checkpoint saved during a run, as `TrainingHook.preferCheckpoint` sees it. */
export interface RunCheckpoint {
  readonly step: number;
  readonly losses: Readonly<Record<string, number>>;
}

/** A hook's choice among a run's checkpoints: the step of one, and why, for the user. */
export interface CheckpointPreference {
  readonly step: number;
  readonly reason: string;
}

/**
 * The checkpoint among `checkpoints` (a finished run's, oldest first) that `hook` prefers to the
 * newest, with its reason; undefined keeps the newest. So does a hook that throws or names a
 * step no checkpoint has: the run itself succeeded, and its newest weights are a fine answer.
 *
 * @example
 * const preferred = preferredCheckpoint(definition.training, runCheckpoints);
 * const use = preferred?.checkpoint ?? runCheckpoints.at(-1);
 */
export function preferredCheckpoint<C extends RunCheckpoint>(hook: TrainingHook | undefined, checkpoints: readonly C[]): { readonly checkpoint: C; readonly reason: string } | undefined {
  if (!hook?.preferCheckpoint || checkpoints.length === 0) return undefined;
  try {
    const choice = hook.preferCheckpoint(checkpoints);
    const checkpoint = choice && checkpoints.find((c) => c.step === choice.step);
    return checkpoint ? { checkpoint, reason: choice.reason } : undefined;
  } catch (error) {
    console.warn('a training hook failed to choose a checkpoint; keeping the newest', error);
    return undefined;
  }
}

const NO_STORAGE = 'browser storage is not open, so stored weights and datasets cannot be read. Reload the page; if it persists, the browser is refusing storage to this page.';

/** Used when no storage was given (headless tools, storage unavailable): every read says why it failed. */
export const noCheckpointStore: CheckpointStore = {
  loadModel: () => Promise.reject(new Error(`No stored weights: ${NO_STORAGE}`)),
  saveModel: () => Promise.reject(new Error(`Checkpoints cannot be saved: ${NO_STORAGE}`)),
};

export const noDatasetSource: DatasetSource = {
  getDataset: () => Promise.reject(new Error(`No datasets: ${NO_STORAGE}`)),
  readFrames: () => Promise.reject(new Error(`No datasets: ${NO_STORAGE}`)),
};
