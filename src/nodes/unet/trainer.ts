import type { Scalar, Tensor, Tensor4D } from '@tensorflow/tfjs';
import type { Tf } from '../../core';
import { augmentPairs } from './augment';
import type { FramePairs } from './augment';
import { decodeCheckpointTensors, encodeCheckpoint } from './checkpoint';
import type { Checkpoint } from './checkpoint';
import { discriminatorLoss, frameDistanceLoss, GanTrainer, generatorAdversarialLoss, resumeOptions, weightList } from '../../core/training-kit';
import { loopStatisticsLoss } from './loop-statistics-loss';
import type { StepLosses } from './trainer-settings';
import { createPatchGan, disposePatchGan, runPatchGan } from './patchgan';
import type { PatchGan, PatchGanConfig } from './patchgan';
import { trainerSettings } from './trainer-settings';
import type { TrainerSettings } from './trainer-settings';
import { createUNet, disposeUNet, runUNet, toModelRange } from './unet';
import type { GeneratorPreset, UNet, UNetConfig } from './unet';

/** Frame pairs to learn from: `inputs[i]` → `targets[i]`, [N, size, size, 3] in [0, 1]. */
export type TrainingBatch = FramePairs;

export interface TrainerOptions extends Partial<TrainerSettings> {
  readonly generator: UNetConfig;
  readonly discriminator: PatchGanConfig;
  /** Recorded in checkpoints, for the library and the UI. */
  readonly preset?: GeneratorPreset;
}

/**
 * pix2pix training for the next-frame generator, one step at a time: L1 (or L2) × λ plus the
 * (weighted) adversarial loss from a conditional PatchGAN, and (weighted) the loop-statistics
 * term (loop-statistics-loss.ts), Adam for both networks, seeded jitter, flips and
 * dropout. It owns both networks and both optimizers; `exportState` and `Trainer.resume` carry
 * all of it, so a paused and resumed run takes exactly the steps an uninterrupted one would.
 *
 * Each step computes G's and D's gradients from one forward pass of G and then applies both,
 * as affinelayer's pix2pix does (one D step, one G step per batch).
 */
export class Trainer extends GanTrainer<{
  generator: UNet; discriminator: PatchGan; settings: TrainerSettings; preset: GeneratorPreset; losses: StepLosses;
}> {
  constructor(tf: Tf, options: TrainerOptions) {
    const { generator, discriminator, preset, ...settings } = options;
    super(tf, trainerSettings(settings), preset, {
      generator: (seed) => createUNet(tf, generator, seed),
      discriminator: (seed) => createPatchGan(tf, discriminator, seed),
    });
  }

  /** A trainer in exactly the state `checkpoint` (from `exportState`) recorded. */
  static async resume(tf: Tf, checkpoint: Checkpoint): Promise<Trainer> {
    const trainer = new Trainer(tf, resumeOptions(checkpoint.manifest));
    await trainer.restore(decodeCheckpointTensors(tf, checkpoint), checkpoint.manifest);
    return trainer;
  }

  /** One step on `batch` (not disposed). Resolves to its losses once they are read back. */
  async step(batch: TrainingBatch): Promise<StepLosses> {
    if (this.settings.adversarialWeight === 0) return this.finishStep(this.tf.tidy(() => this.regressionStep(batch)), ([frame]) => ({ frame: frame! }));
    return this.finishStep(this.tf.tidy(() => this.trainStep(batch)), ([frame, gAdv, d]) => ({ frame: frame!, gAdv: gAdv!, d: d! }));
  }

  /** The whole trainer as a checkpoint: both networks, both optimizers, the random stream, the step. */
  async exportState(): Promise<Checkpoint> {
    return encodeCheckpoint(this.tf, await this.checkpointContent());
  }

  protected override disposeNetworks(): void {
    disposeUNet(this.generator);
    disposePatchGan(this.discriminator);
  }

  /**
   * With the adversarial weight at 0 nothing reads the discriminator, so it sits out: G learns
   * the frame distance alone, on the same random draws, in about half the time. Runs inside
   * tidy; returns [frame distance].
   */
  private regressionStep(batch: TrainingBatch): Tensor {
    const { tf, generator, settings } = this;
    const { input, target, dropoutSeed } = this.prepareBatch(batch);
    let frame: Scalar | undefined;
    const generatorStep = tf.variableGrads(() => {
      const fake = runUNet(tf, generator, input, { dropout: true, dropoutSeed, filterGradient: settings.filterGradient });
      frame = tf.keep(frameDistanceLoss(tf, settings.frameDistance, fake, target));
      return this.withStatistics(tf.mul(frame, settings.frameWeight), input, fake, target);
    }, weightList(generator.weights));
    this.applyGradients(generatorStep.grads, null);
    const losses = tf.stack([frame!]);
    frame!.dispose();
    return losses;
  }

  /** `loss` plus the loop-statistics term at its weight (none at 0: the step is pix2pix's). */
  private withStatistics(loss: Scalar, input: Tensor4D, fake: Tensor4D, target: Tensor4D): Scalar {
    const { tf, settings } = this;
    return settings.statisticsWeight > 0 ? tf.add(loss, tf.mul(loopStatisticsLoss(tf, input, fake, target), settings.statisticsWeight)) : loss;
  }

  /** The batch jittered and flipped, in the network's range, and the step's dropout seed: the same draws whichever step runs. */
  private prepareBatch(batch: TrainingBatch): { input: Tensor4D; target: Tensor4D; dropoutSeed: number } {
    const { tf, settings } = this;
    const augmented = augmentPairs(tf, batch, this.random, settings);
    return { input: toModelRange(tf, augmented.inputs), target: toModelRange(tf, augmented.targets), dropoutSeed: this.random.tfSeed() };
  }

  /** Runs inside tidy; returns [frame distance, gAdv, d]. */
  private trainStep(batch: TrainingBatch): Tensor {
    const { tf, generator, discriminator, settings } = this;
    const { filterGradient } = settings;
    const { input, target, dropoutSeed } = this.prepareBatch(batch);
    // Kept out of variableGrads' inner tidy so D's pass and the loss read-out can use them.
    const kept: { fake?: Tensor4D; frame?: Scalar; gAdv?: Scalar } = {};
    const generatorStep = tf.variableGrads(() => {
      const fake = tf.keep(runUNet(tf, generator, input, { dropout: true, dropoutSeed, filterGradient }));
      const frame = tf.keep(frameDistanceLoss(tf, settings.frameDistance, fake, target));
      const gAdv = tf.keep(generatorAdversarialLoss(tf, runPatchGan(tf, discriminator, input, fake, filterGradient)));
      Object.assign(kept, { fake, frame, gAdv });
      return this.withStatistics(tf.add(tf.mul(gAdv, settings.adversarialWeight), tf.mul(frame, settings.frameWeight)), input, fake, target);
    }, weightList(generator.weights));
    const { fake, frame, gAdv } = kept as Required<typeof kept>;
    const discriminatorStep = tf.variableGrads(
      () => discriminatorLoss(tf, runPatchGan(tf, discriminator, input, target, filterGradient), runPatchGan(tf, discriminator, input, fake, filterGradient)),
      weightList(discriminator.weights),
    );
    this.applyGradients(generatorStep.grads, discriminatorStep.grads);
    const losses = tf.stack([frame, gAdv, discriminatorStep.value]);
    tf.dispose([fake, frame, gAdv]);
    return losses;
  }
}
