import type { io, Tensor4D } from '@tensorflow/tfjs';
import type { Tf, TrainingContext, TrainingJob, TrainingReport, TrainingSample } from '../../core';
import { checkSameConfig, finishStep, FrameStore, publishDue, publishWeights, trainThenDispose, wiredDatasetId } from '../../core/training-kit';
import { multiScaleFromArtifacts, multiScaleToArtifacts } from './checkpoint';
import { CLIP_FRAMES, CROP_SIZE, cropsToBatch, pickCrop } from './clip-crops';
import { discriminatorConfig } from './discriminator';
import { predictFromHistory } from './model';
import type { MultiScaleGenerator, MultiScalePreset } from './model';
import { MultiScaleTrainer } from './trainer';

/** The multi-scale node's params, as its training reads them. */
export interface MultiScaleTrainingParams {
  readonly preset: string;
  readonly steps: number;
  readonly batch: number;
  /** Side the dataset's frames are fitted to (centre square) before the 32 px crops are cut. */
  readonly trainSize: string;
  readonly motionThreshold: number;
  readonly distance: string;
  readonly gdlWeight: number;
  readonly advWeight: number;
  readonly seed: number;
}

export interface LiveMultiScaleGenerator {
  readonly net: MultiScaleGenerator;
}

/**
 * Builds the multi-scale generator's training job: reads the wired dataset at the training
 * size, then resumes a trainer from a checkpoint exactly, or starts a fresh one (new optimisers,
 * new discriminators) from the node's current weights, so Train after loading weights fine-tunes them.
 */
export async function startMultiScaleTraining(context: TrainingContext<MultiScaleTrainingParams, LiveMultiScaleGenerator>): Promise<TrainingJob> {
  const { tf, params, state, inputs, datasets, resumeFrom } = context;
  const frames = await FrameStore.read(tf, datasets, wiredDatasetId(inputs, 'multi-scale generator'), Number(params.trainSize));
  if (frames.count < CLIP_FRAMES) {
    throw new Error(`Dataset "${frames.name}" has ${frames.count} frames; the multi-scale generator learns from clips of ${CLIP_FRAMES} consecutive frames.`);
  }
  const trainer = resumeFrom ? await resumeTrainer(tf, resumeFrom, state.net) : freshTrainer(tf, params, state.net);
  return new MultiScaleTrainingJob(tf, params, state, trainer, frames);
}

function freshTrainer(tf: Tf, params: MultiScaleTrainingParams, net: MultiScaleGenerator): MultiScaleTrainer {
  const preset = params.preset as MultiScalePreset;
  const trainer = new MultiScaleTrainer(tf, {
    generator: net.config, discriminator: discriminatorConfig(preset, CROP_SIZE), preset, seed: params.seed,
    norm: params.distance === 'L1' ? 1 : 2, gdlWeight: params.gdlWeight, advWeight: params.advWeight,
  });
  publishWeights(trainer.generator, net);
  return trainer;
}

async function resumeTrainer(tf: Tf, artifacts: io.ModelArtifacts, net: MultiScaleGenerator): Promise<MultiScaleTrainer> {
  const checkpoint = multiScaleFromArtifacts(artifacts);
  if (JSON.stringify(checkpoint.manifest.generator) !== JSON.stringify(net.config)) {
    throw new Error(`That checkpoint is a ${checkpoint.manifest.preset ?? 'custom'} multi-scale network; set the node's Network to match before resuming.`);
  }
  return MultiScaleTrainer.resume(tf, checkpoint);
}

class MultiScaleTrainingJob implements TrainingJob {
  readonly totalSteps: number;
  /** Of the clips drawn so far, how many passed the motion test: shown as a loss-chart series, so a threshold set too high is visible. */
  #moving = 0;
  #drawn = 0;

  constructor(
    private readonly tf: Tf,
    private readonly params: MultiScaleTrainingParams,
    private readonly live: LiveMultiScaleGenerator,
    private readonly trainer: MultiScaleTrainer,
    private readonly frames: FrameStore,
  ) {
    this.totalSteps = Math.max(params.steps, trainer.stepCount);
  }

  get stepsDone(): number {
    return this.trainer.stepCount;
  }

  async step(): Promise<TrainingReport> {
    checkSameConfig(this.live.net, this.trainer.generator, 'Network');
    const crops = Array.from({ length: this.params.batch }, () => pickCrop(this.frames, this.trainer.random, this.params.motionThreshold));
    this.#drawn += crops.length;
    this.#moving += crops.filter((crop) => crop.moving).length;
    const batch = cropsToBatch(this.tf, this.frames, crops);
    const losses = await trainThenDispose(this.tf, [batch.history, batch.target], () => this.trainer.step(batch));
    const step = this.trainer.stepCount;
    const distance = this.params.distance === 'L1' ? 'l1' : 'l2';
    const report: TrainingReport = {
      step,
      losses: { [distance]: losses.lp, gdl: losses.gdl, gAdv: losses.gAdv, d: losses.d, movingClips: this.#moving / this.#drawn },
    };
    return finishStep(report, publishDue(step), () => this.#publish(), () => this.#samples());
  }

  async save() {
    this.#publish();
    return multiScaleToArtifacts(await this.trainer.exportState());
  }

  dispose(): void {
    this.trainer.dispose();
  }

  /** Copies the trained generator into the node's live one: from the next frame on, the loop uses it. */
  #publish(): void {
    publishWeights(this.live.net, this.trainer.generator);
  }

  /**
   * Frame t, the prediction and the true frame t + 1 of the middle clip, on whole training
   * frames rather than crops: the network is fully convolutional, and this is what the loop sees.
   */
  async #samples(): Promise<TrainingSample[]> {
    const { tf, frames } = this;
    const start = Math.floor((frames.count - CLIP_FRAMES) / 2);
    const clip = Array.from({ length: CLIP_FRAMES }, (_, i) => frames.toTensor(tf, [frames.frame(start + i)]));
    const prediction = tf.tidy(() => tf.clipByValue(predictFromHistory(tf, this.trainer.generator, clip.slice(0, -1)), 0, 1) as Tensor4D);
    try {
      const shown = [clip[CLIP_FRAMES - 2]!, prediction, clip[CLIP_FRAMES - 1]!];
      const images = await Promise.all(shown.map((t) => frames.toRgba(tf, t)));
      return images.map((image, i) => ({ ...image, label: ['frame t', 'prediction', 'frame t+1'][i]! }));
    } finally {
      tf.dispose([...clip, prediction]);
    }
  }
}
