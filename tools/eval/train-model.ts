import type { io } from '@tensorflow/tfjs';
import { defaultParams, memoryAssetSource, noCheckpointStore } from '../../src/core';
import type { DatasetSource, ModelSource, NodeDefinition, ParamSchemas, ParamValues, Tf, TrainingJob } from '../../src/core';
import { nextFrameGenerator } from '../../src/nodes/next-frame-generator';
import type { GeneratorState } from '../../src/nodes/next-frame-generator';
import { restoration } from '../../src/nodes/restoration';
import type { RestorationState } from '../../src/nodes/restoration';
import type { EvalRequest, HeldOutTrainingReport, Log } from './eval-types';
import { HeldOutTracker } from './held-out-tracking';
import type { JobValidation } from './held-out-tracking';

/**
 * What training a generator takes: the request's network and training settings (see
 * EvalRequest), and whether it learns from feedback pairs. `heldOut` is a percent of the frames
 * trained on (the last ones), scored every `heldOutEvery` steps; with `keepBest` the weights where
 * the `bestBy` figure was lowest are kept (see HeldOutTracker).
 */
export type TrainModelOptions = Pick<EvalRequest,
  'size' | 'preset' | 'steps' | 'batch' | 'cycles' | 'driftDepth' | 'driftStarts' | 'longDrifts' | 'longDriftDepth' | 'seed' | 'predicts' | 'upsample'
  | 'fullResSkip' | 'jitter' | 'frameLoss' | 'frameWeight' | 'adversarialWeight' | 'statisticsWeight' | 'heldOut' | 'heldOutEvery' | 'keepBest'>
  & Partial<Pick<EvalRequest, 'bestBy' | 'dropoutInLoop'>>
  & { readonly feedbackPairs: boolean };

export interface TrainedModel {
  /** The node's state, its network holding the trained weights. Dispose with `disposeModel`. */
  readonly state: GeneratorState;
  readonly seconds: number;
  /** Mean of each loss over the last (up to) `LOSS_WINDOW` steps. */
  readonly finalLosses: Record<string, number>;
  /** The weights in `state` as a checkpoint, what a restorer is trained against. */
  readonly checkpoint: io.ModelArtifacts;
  /** With `heldOut` > 0: the held-out loss through training and the step whose weights `state` holds. */
  readonly heldOut: HeldOutTrainingReport | undefined;
  /**
   * The training job, still open when `keepJob` was asked (online learning goes on with it):
   * the caller disposes it. Undefined otherwise.
   */
  readonly job: TrainingJob | undefined;
}

export interface TrainedRestorer {
  readonly state: RestorationState;
  readonly seconds: number;
  readonly finalLosses: Record<string, number>;
}

export type OnTrainStep = (step: number, total: number, losses: Readonly<Record<string, number>>) => Promise<void>;

/** Seconds since `since` (a performance.now() reading). */
export const secondsSince = (since: number): number => (performance.now() - since) / 1000;

/** Progress lines about 20 times per run: step, the `lossName` loss, steps/s and ETA. */
export function trainingProgress(name: string, steps: number, lossName: string, log: Log): OnTrainStep {
  const every = Math.max(1, Math.round(steps / 20));
  const started = performance.now();
  return async (step, total, losses) => {
    if (step % every !== 0 && step !== total) return;
    const rate = step / secondsSince(started);
    await log(`${name}: step ${step}/${total} · ${lossName} ${(losses[lossName] ?? Number.NaN).toFixed(4)} · ${rate.toFixed(2)} steps/s · ETA ${formatSeconds((total - step) / rate)}`);
  };
}

function formatSeconds(value: number): string {
  if (!Number.isFinite(value)) return '?';
  return value >= 90 ? `${Math.round(value / 60)} min` : `${Math.round(value)} s`;
}

const LOSS_WINDOW = 20;
const DATASET_ID = 'eval-train';
/** The name the eval's in-memory model source gives the just-trained generator. */
const GENERATOR_REF = 'eval-generator';

/**
 * Trains a Next-Frame Generator node's network exactly as the node does when the user presses
 * Train — its own training hook (real pairs n → n + 1, and with `feedbackPairs` Henry's drifted
 * pairs rebuilt each cycle), its defaults for everything the eval does not set — on `frames`
 * (RGB bytes at size × size) served as an in-memory dataset.
 */
export async function trainModel(
  tf: Tf, frames: readonly Uint8Array[], options: TrainModelOptions, onStep: OnTrainStep, keepJob = false,
): Promise<TrainedModel> {
  const { size } = options;
  const params = {
    ...defaultParams(nextFrameGenerator.params),
    size: String(size) as (typeof nextFrameGenerator.params.size.options)[number],
    preset: options.preset,
    steps: options.steps,
    batch: options.batch,
    cycles: options.cycles,
    driftDepth: options.driftDepth,
    driftStarts: options.driftStarts,
    longDrifts: options.longDrifts,
    longDriftDepth: options.longDriftDepth,
    seed: options.seed,
    feedbackPairs: options.feedbackPairs,
    output: options.predicts,
    upsample: options.upsample,
    fullResSkip: options.fullResSkip,
    jitter: options.jitter,
    frameLoss: options.frameLoss,
    frameWeight: options.frameWeight,
    adversarialWeight: options.adversarialWeight,
    statisticsWeight: options.statisticsWeight,
    stochastic: options.dropoutInLoop ?? false,
    // Held out of `frames`, which are already only the clip's first 80 %.
    heldOut: options.heldOut,
  };
  const tracker = options.heldOut > 0 ? new HeldOutTracker(options.heldOut, options.heldOutEvery, options.keepBest, options.bestBy) : undefined;
  const trained = await trainNodeOnFrames(tf, nextFrameGenerator, params, frames, size, noCheckpointStore, onStep, keepJob, tracker);
  const checkpoint = tracker ? tracker.restoreBest(tf, trained.state.net, trained.checkpoint, trained.job.stepsDone) : trained.checkpoint;
  return { ...trained, checkpoint, heldOut: tracker?.report(trained.job.stepsDone), job: keepJob ? trained.job : undefined };
}

/**
 * Trains a Restoration node against the generator in `generator` (a checkpoint), as the node
 * does when the user presses Train: drifted inputs G^k(f_t), k ≤ K, targets f_{t+j}, j ≤ J, with
 * the node's defaults (a smaller pool on a short run); same network preset, size, batch, seed and
 * dataset as the generator.
 */
export async function trainRestorer(
  tf: Tf, frames: readonly Uint8Array[], generator: io.ModelArtifacts, options: TrainModelOptions, onStep: OnTrainStep,
): Promise<TrainedRestorer> {
  const { size } = options;
  const params = {
    ...defaultParams(restoration.params),
    size: String(size) as (typeof restoration.params.size.options)[number],
    preset: options.preset,
    output: options.predicts,
    generator: GENERATOR_REF,
    // Drifted pairs beyond what the run can ever draw (steps × batch) would only cost time.
    pool: Math.min(restoration.params.pool.default, options.steps * options.batch),
    steps: options.steps,
    batch: options.batch,
    seed: options.seed,
  };
  const models: ModelSource = {
    loadModel: (sha256) => (sha256 === GENERATOR_REF ? Promise.resolve(generator) : Promise.reject(new Error(`no model ${sha256} in the eval`))),
  };
  const trained = await trainNodeOnFrames(tf, restoration, params, frames, size, models, onStep);
  return { state: trained.state, seconds: trained.seconds, finalLosses: trained.finalLosses };
}

/**
 * Builds `definition`'s node at `size`, wires `frames` to its "dataset" input as the one dataset
 * there is, trains it to its steps with its own training hook and saves, which hands the
 * trainer's final weights to the node's network. The job is disposed unless `keepJob` (then the
 * caller disposes it); on failure everything is.
 */
export async function trainNodeOnFrames<P extends ParamSchemas, S>(
  tf: Tf, definition: NodeDefinition<P, S>, params: ParamValues<P>, frames: readonly Uint8Array[], size: number,
  models: ModelSource, onStep: OnTrainStep, keepJob = false, validation?: JobValidation,
): Promise<{ state: S; seconds: number; finalLosses: Record<string, number>; checkpoint: io.ModelArtifacts; job: TrainingJob }> {
  const context = { nodeId: definition.type, params, size: { width: size, height: size }, tf, assets: memoryAssetSource([]), models, datasets: frameDataset(frames, size) };
  const state = definition.create!(context);
  try {
    const job = await definition.training!.start({ ...context, state, inputs: { dataset: { kind: 'dataset', id: DATASET_ID } } });
    try {
      const { seconds, finalLosses } = await runJob(job, onStep, validation);
      const checkpoint = await job.save();
      if (!keepJob) job.dispose();
      return { state, seconds, finalLosses, checkpoint, job };
    } catch (error) {
      job.dispose();
      throw error;
    }
  } catch (error) {
    definition.dispose?.(state);
    throw error;
  }
}

export function disposeModel(state: GeneratorState): void {
  nextFrameGenerator.dispose!(state);
}

export function disposeRestorer(state: RestorationState): void {
  restoration.dispose!(state);
}

/** The frames as the one dataset a training node is wired to. */
function frameDataset(frames: readonly Uint8Array[], size: number): DatasetSource {
  return {
    getDataset: (id) => Promise.resolve(id === DATASET_ID ? { name: 'eval training frames', width: size, height: size, channels: 3, frameCount: frames.length } : undefined),
    readFrames: (_id, start, count) => Promise.resolve(frames.slice(start, start + count)),
  };
}

/**
 * Steps `job` to its end, measuring its held-out loss every `validation.every` steps and at
 * the last one when asked; the seconds it took (measures included) and the mean of each loss
 * over the last steps.
 */
export async function runJob(job: TrainingJob, onStep: OnTrainStep, validation?: JobValidation): Promise<{ seconds: number; finalLosses: Record<string, number> }> {
  const started = performance.now();
  const recent: Array<Readonly<Record<string, number>>> = [];
  while (job.stepsDone < job.totalSteps) {
    const report = await job.step();
    recent.push(report.losses);
    if (recent.length > LOSS_WINDOW) recent.shift();
    await onStep(report.step, job.totalSteps, report.losses);
    if (validation && job.validate && (report.step % validation.every === 0 || report.step === job.totalSteps)) {
      await validation.onValidated(job, report.step, await job.validate());
    }
  }
  return { seconds: secondsSince(started), finalLosses: meanLosses(recent) };
}

function meanLosses(reports: ReadonlyArray<Readonly<Record<string, number>>>): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const losses of reports) for (const [name, value] of Object.entries(losses)) sums[name] = (sums[name] ?? 0) + value;
  return Object.fromEntries(Object.entries(sums).map(([name, sum]) => [name, sum / reports.length]));
}
