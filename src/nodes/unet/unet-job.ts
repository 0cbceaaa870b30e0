import type { io, Tensor4D } from '@tensorflow/tfjs';
import type { Tf, TrainingReport, TrainingSample } from '../../core';
import { publishWeights, trainThenDispose } from '../../core/training-kit';
import type { FrameDistance, FrameStore, RandomStream } from '../../core/training-kit';
import { checkpointFromArtifacts } from './checkpoint';
import { patchGanConfig } from './patchgan';
import { Trainer } from './trainer';
import { fromModelRange, runUNet, toModelRange } from './unet';
import type { GeneratorPreset, UNet, UNetRunOptions } from './unet';

/**
 * The training steps both U-Net nodes take (the next-frame generator and the restoration node):
 * making and resuming the pix2pix trainer, stepping it, drifting frames through the network as
 * the loop does, and the sample strip.
 */

/** The node params a fresh trainer reads; the loss weights and augmentation are the generator's, the restoration node leaves pix2pix's. */
export interface UNetTrainerParams {
  readonly preset: string;
  readonly seed: number;
  readonly frameLoss?: string;
  readonly frameWeight?: number;
  readonly adversarialWeight?: number;
  readonly statisticsWeight?: number;
  /** pix2pix's zoom jitter (see `TrainerSettings.jitterScale`); off trains on the frames as they are. */
  readonly jitter?: boolean;
}

/** A trainer with a new optimiser whose U-Net starts from `net`'s weights: Train after loading weights fine-tunes them. */
export function freshTrainer(tf: Tf, params: UNetTrainerParams, net: UNet): Trainer {
  const preset = params.preset as GeneratorPreset;
  const { frameLoss, frameWeight, adversarialWeight, statisticsWeight, jitter } = params;
  const losses = {
    ...(frameLoss === undefined ? {} : { frameDistance: frameLoss as FrameDistance }),
    ...(frameWeight === undefined ? {} : { frameWeight }),
    ...(adversarialWeight === undefined ? {} : { adversarialWeight }),
    ...(statisticsWeight === undefined ? {} : { statisticsWeight }),
    ...(jitter === false ? { jitterScale: 1 } : {}),
  };
  const trainer = new Trainer(tf, { generator: net.config, discriminator: patchGanConfig(preset), preset, seed: params.seed, ...losses });
  publishWeights(trainer.generator, net);
  return trainer;
}

/** The trainer exactly as the checkpoint left it. @throws Error when its U-Net does not have `net`'s shape. */
export async function resumeTrainer(tf: Tf, artifacts: io.ModelArtifacts, net: UNet): Promise<Trainer> {
  const checkpoint = checkpointFromArtifacts(artifacts);
  const shape = checkpoint.manifest.generator;
  if (JSON.stringify(shape) !== JSON.stringify(net.config)) {
    throw new Error(`That checkpoint is a ${checkpoint.manifest.preset ?? 'custom'} network at ${shape.size}px; set the node's Network, Model size and Predicts to match before resuming.`);
  }
  return Trainer.resume(tf, checkpoint);
}

/**
 * How a training job runs G when it drifts frames through it: as the loop does, so with
 * "Dropout in the loop" (`dropout`) every application draws fresh masks from the run's random
 * stream (reproducible per seed), and without it in plain inference mode.
 */
export function loopRunOptions(dropout: boolean, random: RandomStream): () => UNetRunOptions {
  return () => (dropout ? { dropout: true, dropoutSeed: random.tfSeed() } : {});
}

/**
 * Applies `net` `depth` times to `starts` ([n, size, size, 3] in [0, 1]; taken over and
 * disposed), each output fed back in, and hands every application's output (in [0, 1]) to
 * `visit`, which must not keep it. `options` is asked once per application, so seeded dropout
 * draws a new mask each time. Henry's feedback pairs and the restoration node's drifted inputs
 * both come from here.
 */
export async function applyRepeatedly(
  tf: Tf, net: UNet, starts: Tensor4D, depth: number, options: () => UNetRunOptions,
  visit: (applications: number, output: Tensor4D) => Promise<void>,
): Promise<void> {
  let current = starts;
  try {
    for (let r = 1; r <= depth; r++) {
      const runOptions = options();
      const input = current;
      current = tf.tidy(() => fromModelRange(tf, runUNet(tf, net, toModelRange(tf, input), runOptions)));
      input.dispose();
      await visit(r, current);
    }
  } finally {
    current.dispose();
  }
}

/** One input, `net`'s output for it and the target, as the Training panel's sample strip (a readback: call it rarely). */
export async function sampleStrip(
  tf: Tf, frames: FrameStore, net: UNet, input: Uint8Array, target: Uint8Array, labels: readonly [string, string, string] = ['input', 'prediction', 'target'],
): Promise<TrainingSample[]> {
  const inputs = frames.toTensor(tf, [input]);
  const targets = frames.toTensor(tf, [target]);
  const outputs = tf.tidy(() => fromModelRange(tf, runUNet(tf, net, toModelRange(tf, inputs))));
  try {
    const images = await Promise.all([inputs, outputs, targets].map((t) => frames.toRgba(tf, t)));
    return images.map((image, i) => ({ ...image, label: labels[i]! }));
  } finally {
    tf.dispose([inputs, outputs, targets]);
  }
}

/** One trainer step on `batch` (disposed afterwards), as the report the training runner takes. */
export async function stepOnBatch(tf: Tf, trainer: Trainer, batch: { inputs: Tensor4D; targets: Tensor4D }): Promise<TrainingReport> {
  const losses = await trainThenDispose(tf, [batch.inputs, batch.targets], () => trainer.step(batch));
  // Named after the distance, so a chart never plots L2 values as "l1".
  const frame = trainer.settings.frameDistance.toLowerCase();
  const adversarial: Record<string, number> = losses.gAdv === undefined || losses.d === undefined ? {} : { gAdv: losses.gAdv, d: losses.d };
  return { step: trainer.stepCount, losses: { [frame]: losses.frame, ...adversarial } };
}
