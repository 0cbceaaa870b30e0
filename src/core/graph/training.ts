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
 * A figure a node's `validate` reports that the training panel reads differently from the
 * held-out loss itself; the node names it in `TrainingHook.referenceLosses`. Core knows only the
 * two roles, so one node's research vocabulary (the generator's copy-last and loop check) stays
 * in that node.
 */
export interface ReferenceLoss {
  /** Its name among a report's and a checkpoint's losses, e.g. `held-out copy-last`. */
  readonly name: string;
  /**
   * `baseline`: what a trivial answer scores on the same data, the same at every checkpoint. The
   * chart draws it dashed, the checkpoint list leaves it out of a row's figures and tags each row
   * by whether its held-out loss is under it ("beats copy-last" / "no better than copy-last").
   * `ranked`: a figure of its own, lower is better, measured beside the held-out loss; the list
   * tags the checkpoint where it is lowest, apart from the lowest held-out loss.
   */
  readonly role: 'baseline' | 'ranked';
  /** The tag's word: "beats {label}" for a baseline, the tag itself for a ranked figure. */
  readonly label: string;
  /**
   * The tag's hover text. For a baseline, what scores it, as the end of "Held-out loss 0.012;
   * {description} scores 0.013 on the same frames"; for a ranked figure, the whole sentence.
   */
  readonly description: string;
}

/**
 * The held-out loss among a checkpoint's losses (the first held-out figure that none of
 * `references` names), when measured: the figure the "best" checkpoint is picked by.
 */
export function primaryHeldOutLoss(losses: Readonly<Record<string, number>>, references: readonly ReferenceLoss[] = []): number | undefined {
  return Object.entries(losses).find(([name]) => isHeldOutLoss(name) && !references.some((r) => r.name === name))?.[1];
}

/** Whether the held-out loss is under `baseline`'s; undefined when either was not measured or the loss is not finite. */
export function beatsBaseline(losses: Readonly<Record<string, number>>, baseline: ReferenceLoss, references: readonly ReferenceLoss[] = [baseline]): boolean | undefined {
  const loss = primaryHeldOutLoss(losses, references);
  const reference = losses[baseline.name];
  return loss === undefined || reference === undefined || !Number.isFinite(loss) ? undefined : loss < reference;
}

/**
 * The metadata key naming the node type a stored model is a training checkpoint of: the training
 * runner writes it, the checkpoint pickers, storage upkeep and the storage panel read it.
 */
export const CHECKPOINT_OF = 'checkpointOf';

/** What the training runner records with each checkpoint it stores. */
export interface CheckpointMetadata {
  readonly [CHECKPOINT_OF]: string;
  readonly nodeId: string;
  readonly step: number;
  readonly losses: Readonly<Record<string, number>>;
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
  /** Optional: the figures among `validate`'s losses that are references, not held-out losses (see ReferenceLoss). */
  readonly referenceLosses?: readonly ReferenceLoss[];
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
