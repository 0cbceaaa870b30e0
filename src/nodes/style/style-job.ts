import type { io, Tensor4D } from '@tensorflow/tfjs';
import type { Tf, TrainingContext, TrainingJob, TrainingReport, TrainingSample } from '../../core';
import { checkSameConfig, finishStep, FrameStore, publishDue, publishWeights, trainThenDispose, wiredDatasetId } from '../../core/training-kit';
import type { LiveStylizer } from './live-stylizer';
import { presetOf } from './live-stylizer';
import { styleCheckpointFromArtifacts, styleCheckpointToArtifacts } from './style-checkpoint';
import { StyleTrainer } from './style-trainer';
import { runStylizer, stylizerConfig } from './stylizer';
import { errorMessage } from '../../core';

/** The Style Transfer node's params, as its training reads them. */
export interface StyleTrainingParams {
  /** SHA-256 of the style image; '' for none. */
  readonly style: string;
  readonly preset: string;
  readonly checkpoint: string;
  /** Training size in px (an enum param, so a string). */
  readonly size: string;
  readonly steps: number;
  readonly batch: number;
  readonly styleWeight: number;
  readonly contentWeight: number;
  readonly tvWeight: number;
  readonly seed: number;
}

export const MISSING_STYLE = 'Pick a style image in the node\'s "Style image" param (the picture whose texture it should learn), then Train.';

/**
 * Builds the Style Transfer node's training job: reads the style image at the training size and
 * the wired dataset's frames (the content), then resumes a trainer from a checkpoint exactly, or
 * starts one (new optimiser) from the node's current weights, so Train after loading weights
 * fine-tunes them.
 */
export async function startStyleTraining(context: TrainingContext<StyleTrainingParams, LiveStylizer>): Promise<TrainingJob> {
  const { tf, params, state, inputs, datasets, resumeFrom } = context;
  if (params.style === '') throw new Error(MISSING_STYLE);
  const size = Number(params.size);
  const datasetId = wiredDatasetId(inputs, 'Style Transfer node');
  let styleBytes: Uint8Array;
  try {
    styleBytes = await state.styleImages.read(params.style, size);
  } catch (error) {
    throw new Error(`The picture picked in "Style image" cannot be read: ${errorMessage(error)}`);
  }
  const frames = await FrameStore.read(tf, datasets, datasetId, size);
  if (frames.count === 0) throw new Error(`Dataset "${frames.name}" has no frames. Extract some frames into it, or pick another.`);
  const style = frames.toTensor(tf, [styleBytes]);
  try {
    const trainer = resumeFrom ? await resumeStyleTrainer(tf, resumeFrom, state, params, style) : freshStyleTrainer(tf, params, state, style);
    return new StyleTrainingJob(tf, params, state, trainer, frames, styleBytes);
  } finally {
    style.dispose();
  }
}

function freshStyleTrainer(tf: Tf, params: StyleTrainingParams, live: LiveStylizer, style: Tensor4D): StyleTrainer {
  const { styleWeight, contentWeight, tvWeight, seed } = params;
  const trainer = new StyleTrainer(tf, {
    config: stylizerConfig(presetOf(params)), preset: presetOf(params), style, styleId: params.style, size: Number(params.size),
    styleWeight, contentWeight, tvWeight, seed,
  });
  // Train after loading weights fine-tunes them rather than starting over.
  publishWeights(trainer.net, live.net);
  return trainer;
}

/** The trainer exactly as the checkpoint left it. @throws Error when it does not fit the node's params. */
async function resumeStyleTrainer(tf: Tf, artifacts: io.ModelArtifacts, live: LiveStylizer, params: StyleTrainingParams, style: Tensor4D): Promise<StyleTrainer> {
  const checkpoint = styleCheckpointFromArtifacts(tf, artifacts);
  if (JSON.stringify(checkpoint.config) !== JSON.stringify(live.net.config)) {
    throw new Error(`That checkpoint is a ${checkpoint.preset ?? 'custom'} stylizer; set the node's Network to match before resuming.`);
  }
  if (checkpoint.style !== '' && checkpoint.style !== params.style) {
    throw new Error('That checkpoint learnt another style image. Pick the image it was trained on in "Style image" to resume it, or press Train to start a new run.');
  }
  if (checkpoint.size !== Number(params.size)) {
    throw new Error(`That checkpoint trained at ${checkpoint.size}px; set Training size to ${checkpoint.size} to resume it.`);
  }
  return StyleTrainer.resume(tf, checkpoint, style);
}

class StyleTrainingJob implements TrainingJob {
  readonly totalSteps: number;

  constructor(
    private readonly tf: Tf,
    private readonly params: StyleTrainingParams,
    private readonly live: LiveStylizer,
    private readonly trainer: StyleTrainer,
    private readonly frames: FrameStore,
    private readonly styleBytes: Uint8Array,
  ) {
    this.totalSteps = Math.max(params.steps, trainer.stepCount);
  }

  get stepsDone(): number {
    return this.trainer.stepCount;
  }

  async step(): Promise<TrainingReport> {
    checkSameConfig(this.live.net, this.trainer.net, 'Network');
    const picks = Array.from({ length: this.params.batch }, () => this.frames.frame(this.trainer.random.int(this.frames.count)));
    const content = this.frames.toTensor(this.tf, picks);
    const losses = await trainThenDispose(this.tf, [content], () => this.trainer.step(content));
    const step = this.trainer.stepCount;
    return finishStep({ step, losses: { ...losses } }, publishDue(step), () => this.#publish(), () => this.#samples());
  }

  async save() {
    this.#publish();
    return styleCheckpointToArtifacts(await this.trainer.exportState());
  }

  dispose(): void {
    this.trainer.dispose();
  }

  /** Copies the trained stylizer into the node's network: from the next frame on, the loop uses it. */
  #publish(): void {
    publishWeights(this.live.net, this.trainer.net);
  }

  /** A content frame, its stylized version and the style image, for the Training panel (a readback: rare). */
  async #samples(): Promise<TrainingSample[]> {
    const { tf, frames } = this;
    const content = frames.toTensor(tf, [frames.frame(Math.floor(frames.count / 2))]);
    const style = frames.toTensor(tf, [this.styleBytes]);
    const stylized = tf.tidy(() => runStylizer(tf, this.trainer.net, content));
    try {
      const images = await Promise.all([content, stylized, style].map((t) => frames.toRgba(tf, t)));
      const labels = ['content', 'stylized', 'style'];
      return images.map((image, i) => ({ ...image, label: labels[i]! }));
    } finally {
      tf.dispose([content, stylized, style]);
    }
  }
}
