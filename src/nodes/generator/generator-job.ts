import type { Tensor4D } from '@tensorflow/tfjs';
import { heldOutLossName } from '../../core';
import type { TrainingContext, TrainingJob, TrainingReport, TrainingSample, Tf } from '../../core';
import { checkSameConfig, finishStep, FrameStore, publishDue, publishWeights, RandomStream, TrainingCycles, wiredDatasetId } from '../../core/training-kit';
import { checkpointToArtifacts } from '../unet/checkpoint';
import type { Trainer } from '../unet/trainer';
import { applyRepeatedly, freshTrainer, loopRunOptions, resumeTrainer, sampleStrip, stepOnBatch } from '../unet/unet-job';
import { driftPairs, planDrifts } from './feedback-pairs';
import type { Drift } from './feedback-pairs';
import { heldOutCopyLastLoss, heldOutLoss, splitDataset } from './held-out';
import type { DatasetSplit } from './held-out';
import { HELD_OUT_COPY_LAST, HELD_OUT_LOOP } from './held-out-figures';
import { heldOutLoopCheck, heldOutStatistics } from './loop-check';
import type { ClipStatistics } from './loop-check';
import type { UNet } from '../unet/unet';

/** The generator node's params, as its training reads them. */
export interface GeneratorTrainingParams {
  readonly preset: string;
  readonly stochastic: boolean;
  readonly steps: number;
  readonly batch: number;
  readonly gap: number;
  /** Percent of the dataset's last frames kept out of training and scored as the held-out loss. */
  readonly heldOut: number;
  readonly feedbackPairs: boolean;
  readonly cycles: number;
  readonly driftDepth: number;
  readonly driftStarts: number;
  readonly longDrifts: number;
  readonly longDriftDepth: number;
  readonly seed: number;
  readonly frameLoss: string;
  readonly frameWeight: number;
  readonly adversarialWeight: number;
  /** Weight on the loop-statistics term (see `TrainerSettings.statisticsWeight`). */
  readonly statisticsWeight: number;
  /** pix2pix's zoom jitter (see `TrainerSettings.jitterScale`); off trains on the frames as they are. */
  readonly jitter: boolean;
  /** Seconds between weight swaps into the loop; 0 swaps every few steps. */
  readonly swapSeconds: number;
}

/** What the job needs from the node's state: its live network. */
export interface LiveGenerator {
  readonly net: UNet;
}

/** Drifts run side by side at most: a batch of 100 standard U-Nets at 256 px would not fit in GPU memory. */
const DRIFT_BATCH = 16;

/**
 * Builds the generator's training job: reads the wired dataset, and either resumes a trainer
 * from a checkpoint exactly, or starts a fresh trainer (new optimiser) from the node's current
 * weights, so Train after loading weights fine-tunes them.
 */
export async function startGeneratorTraining(context: TrainingContext<GeneratorTrainingParams, LiveGenerator>): Promise<TrainingJob> {
  const { tf, params, state, inputs, datasets, resumeFrom } = context;
  const frames = await FrameStore.read(tf, datasets, wiredDatasetId(inputs, 'generator'), state.net.config.size);
  const split = splitDataset(frames.name, frames.count, params.heldOut, params.gap);
  const trainer = resumeFrom ? await resumeTrainer(tf, resumeFrom, state.net) : freshTrainer(tf, params, state.net);
  return new GeneratorTrainingJob(tf, params, state, trainer, frames, split);
}

class GeneratorTrainingJob implements TrainingJob {
  readonly totalSteps: number;
  /** Drifted inputs keyed by the index of their true next frame: a newer drift replaces an older one, as the seed's file names do. */
  readonly #drifted = new Map<number, Uint8Array>();
  /** Cycle 0 trains on real pairs only; each later one starts by rebuilding the drifted pairs. */
  readonly #cycles: TrainingCycles;
  #publishedAt = performance.now();
  /** The held-out frames' detail and motion, measured at the first validation. */
  #heldOutStatistics: Promise<ClipStatistics | undefined> | undefined;
  /** What copying the last frame scores on the held-out pairs: the same at every checkpoint, measured once. */
  #heldOutCopyLast: Promise<number | undefined> | undefined;

  constructor(
    private readonly tf: Tf,
    private readonly params: GeneratorTrainingParams,
    private readonly live: LiveGenerator,
    private readonly trainer: Trainer,
    private readonly frames: FrameStore,
    private readonly split: DatasetSplit,
  ) {
    this.totalSteps = Math.max(params.steps, trainer.stepCount);
    this.#cycles = new TrainingCycles(params.steps, params.cycles, 0);
  }

  get stepsDone(): number {
    return this.trainer.stepCount;
  }

  async step(): Promise<TrainingReport> {
    checkSameConfig(this.live.net, this.trainer.generator, 'Network or Model size');
    // Drifted pairs are rebuilt with the network as it is now.
    if (this.params.feedbackPairs) await this.#cycles.enter(this.trainer.stepCount, () => this.#buildFeedbackPairs());
    const report = await stepOnBatch(this.tf, this.trainer, this.#batch());
    return finishStep(report, this.#swapDue(report.step), () => this.#publish(), () => this.#samples());
  }

  async save() {
    this.#publish();
    return checkpointToArtifacts(await this.trainer.exportState());
  }

  /**
   * The trainer's generator on the held-out frames: its one-step loss beside copy-last's, and
   * the loop check (how its own loop from the first held-out frame ends up; see
   * `heldOutLoopCheck`). Nothing when none are held out.
   */
  async validate(): Promise<Record<string, number>> {
    const distance = this.trainer.settings.frameDistance;
    const { tf, frames, split, params } = this;
    const loss = await heldOutLoss(tf, this.trainer.generator, frames, split, params.gap, distance);
    if (loss === undefined) return {};
    this.#heldOutCopyLast ??= heldOutCopyLastLoss(tf, frames, split, params.gap, distance);
    const copyLast = await this.#heldOutCopyLast;
    this.#heldOutStatistics ??= heldOutStatistics(tf, frames, split, params.gap);
    const reference = await this.#heldOutStatistics;
    // A fresh stream each time: with dropout in the loop, every checkpoint's loop sees the same masks.
    const loop = reference && await heldOutLoopCheck(tf, this.trainer.generator, frames, split, reference, loopRunOptions(params.stochastic, new RandomStream(params.seed)));
    return { [heldOutLossName(distance.toLowerCase())]: loss, ...(copyLast === undefined ? {} : { [HELD_OUT_COPY_LAST]: copyLast }), ...(loop ? { [HELD_OUT_LOOP]: loop.distance } : {}) };
  }

  dispose(): void {
    this.trainer.dispose();
  }

  /**
   * Online learning: the loop keeps the weights it has until the swap is due, then takes the
   * newest in one go. The copy happens between two frames (steps run in the scheduler's
   * queue), so no frame is dropped or sees half-copied weights; `assign` frees the old values.
   */
  #swapDue(step: number): boolean {
    if (this.params.swapSeconds <= 0) return publishDue(step);
    return performance.now() - this.#publishedAt >= this.params.swapSeconds * 1000;
  }

  /** Copies the trained generator into the node's network: from the next frame on, the loop uses it. */
  #publish(): void {
    publishWeights(this.live.net, this.trainer.generator);
    this.#publishedAt = performance.now();
  }

  /** `batch` pairs drawn from the real pairs (n → n + gap) and the current drifted pairs alike. */
  #batch(): { inputs: Tensor4D; targets: Tensor4D } {
    const { gap, batch } = this.params;
    const realPairs = this.split.trainFrames - gap;
    const drifted = [...this.#drifted.keys()];
    const inputs: Uint8Array[] = [];
    const targets: Uint8Array[] = [];
    for (let i = 0; i < batch; i++) {
      const pick = this.trainer.random.int(realPairs + drifted.length);
      if (pick < realPairs) {
        inputs.push(this.frames.frame(pick));
        targets.push(this.frames.frame(pick + gap));
      } else {
        const target = drifted[pick - realPairs]!;
        inputs.push(this.#drifted.get(target)!);
        targets.push(this.frames.frame(target));
      }
    }
    return { inputs: this.frames.toTensor(this.tf, inputs), targets: this.frames.toTensor(this.tf, targets) };
  }

  /**
   * Henry's pre-recursion: from real frames, apply G r times (r = 1…R, plus a few long drifts)
   * and pair each G^r output with the real frame one step after the one it stands for.
   */
  async #buildFeedbackPairs(): Promise<void> {
    const { gap, driftStarts, driftDepth, longDrifts, longDriftDepth } = this.params;
    const drifts = planDrifts(this.split.trainFrames, { drifts: driftStarts, depth: driftDepth, longDrifts, longDepth: longDriftDepth }, this.trainer.random, gap);
    // Drifts of one depth run side by side; outputs are read back as bytes so the pool costs no GPU memory.
    for (const depth of new Set(drifts.map((d) => d.depth))) {
      const ofDepth = drifts.filter((d) => d.depth === depth);
      for (let first = 0; first < ofDepth.length; first += DRIFT_BATCH) await this.#runDrifts(ofDepth.slice(first, first + DRIFT_BATCH), depth);
    }
  }

  async #runDrifts(group: readonly Drift[], depth: number): Promise<void> {
    const { tf } = this;
    const pairs = group.map((drift) => driftPairs(drift, this.params.gap));
    const starts = this.frames.toTensor(tf, group.map((d) => this.frames.frame(d.start)));
    // The loop's own mode: with "Dropout in the loop" on, drifts are stochastic too.
    await applyRepeatedly(tf, this.trainer.generator, starts, depth, loopRunOptions(this.params.stochastic, this.trainer.random), async (r, output) => {
      const pixels = await this.frames.toBytes(tf, output);
      pairs.forEach((list, i) => this.#drifted.set(list[r - 1]!.target, pixels[i]!));
    });
  }

  /** Input, prediction and target of one real pair, for the sample strip. */
  #samples(): Promise<TrainingSample[]> {
    const index = Math.floor((this.split.trainFrames - this.params.gap) / 2);
    return sampleStrip(this.tf, this.frames, this.trainer.generator, this.frames.frame(index), this.frames.frame(index + this.params.gap));
  }
}
