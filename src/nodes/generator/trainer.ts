import type { NamedTensorMap, Optimizer, Scalar, Tensor, Tensor4D } from '@tensorflow/tfjs';
import type { Tf } from '../../core';
import { augmentPairs } from './augment';
import type { FramePairs } from './augment';
import { decodeCheckpointTensors, encodeCheckpoint, GENERATOR_PREFIX } from './checkpoint';
import type { Checkpoint } from './checkpoint';
import { checkGradients, exportGanState, restoreGanState } from './gan-state';
import type { GanParts } from './gan-state';
import { discriminatorLoss, generatorAdversarialLoss, l1Loss } from './losses';
import type { StepLosses } from './losses';
import { createPatchGan, disposePatchGan, runPatchGan } from './patchgan';
import type { PatchGan, PatchGanConfig } from './patchgan';
import { RandomStream } from './random-stream';
import { trainerSettings } from './trainer-settings';
import type { TrainerSettings } from './trainer-settings';
import { createUNet, disposeUNet, runUNet, toModelRange } from './unet';
import type { GeneratorPreset, UNet, UNetConfig } from './unet';
import { weightList } from './weights';

/** Frame pairs to learn from: `inputs[i]` → `targets[i]`, [N, size, size, 3] in [0, 1]. */
export type TrainingBatch = FramePairs;

export interface TrainerOptions extends Partial<TrainerSettings> {
  readonly generator: UNetConfig;
  readonly discriminator: PatchGanConfig;
  /** Recorded in checkpoints, for the library and the UI. */
  readonly preset?: GeneratorPreset;
}

/**
 * pix2pix training for the next-frame generator, one step at a time: L1 × λ plus the
 * adversarial loss from a conditional PatchGAN, Adam for both networks, seeded jitter, flips and
 * dropout. It owns both networks and both optimizers; `exportState` and `Trainer.resume` carry
 * all of it, so a paused and resumed run takes exactly the steps an uninterrupted one would.
 *
 * Each step computes G's and D's gradients from one forward pass of G and then applies both,
 * as affinelayer's pix2pix does (one D step, one G step per batch).
 */
export class Trainer {
  readonly settings: TrainerSettings;
  readonly preset: GeneratorPreset | undefined;
  readonly generator: UNet;
  readonly discriminator: PatchGan;
  private generatorOptimizer: Optimizer;
  private discriminatorOptimizer: Optimizer;
  private stream: RandomStream;
  private steps = 0;
  private last: StepLosses | undefined;

  constructor(private readonly tf: Tf, options: TrainerOptions) {
    const { generator, discriminator, preset, ...settings } = options;
    this.settings = trainerSettings(settings);
    this.preset = preset;
    this.stream = new RandomStream(this.settings.seed);
    this.generator = createUNet(tf, generator, this.stream.tfSeed());
    this.discriminator = createPatchGan(tf, discriminator, this.stream.tfSeed());
    this.generatorOptimizer = this.newOptimizer();
    this.discriminatorOptimizer = this.newOptimizer();
  }

  /** A trainer in exactly the state `checkpoint` (from `exportState`) recorded. */
  static async resume(tf: Tf, checkpoint: Checkpoint): Promise<Trainer> {
    const { generator, preset, training, step, losses } = checkpoint.manifest;
    if (!training) throw new Error('This checkpoint holds only a generator; it cannot resume training');
    const trainer = new Trainer(tf, { generator, discriminator: training.discriminator, ...(preset ? { preset } : {}), ...training.settings });
    const tensors = decodeCheckpointTensors(tf, checkpoint);
    try {
      await restoreGanState(tf, trainer.ganParts(), tensors, GENERATOR_PREFIX, training.optimizers);
    } catch (error) {
      trainer.dispose();
      throw error;
    } finally {
      tf.dispose(Object.values(tensors));
    }
    trainer.stream = RandomStream.restore(training.random);
    trainer.steps = step;
    trainer.last = losses;
    return trainer;
  }

  /** Steps taken, counting those before a resume. */
  get stepCount(): number {
    return this.steps;
  }

  /** The last step's losses. */
  get losses(): StepLosses | undefined {
    return this.last;
  }

  /**
   * The trainer's random stream. Draw batch picks and drift starts from it too, so that one
   * saved state covers the whole run.
   */
  get random(): RandomStream {
    return this.stream;
  }

  /** One step on `batch` (not disposed). Resolves to its losses once they are read back. */
  async step(batch: TrainingBatch): Promise<StepLosses> {
    const packed = this.tf.tidy(() => this.trainStep(batch));
    const [l1, gAdv, d] = await packed.data();
    packed.dispose();
    this.steps += 1;
    this.last = { l1: l1!, gAdv: gAdv!, d: d! };
    return this.last;
  }

  /** The whole trainer as a checkpoint: both networks, both optimizers, the random stream, the step. */
  async exportState(): Promise<Checkpoint> {
    const { tensors, optimizers } = await exportGanState(this.ganParts());
    return encodeCheckpoint(this.tf, {
      generator: this.generator,
      ...(this.preset ? { preset: this.preset } : {}),
      step: this.steps,
      ...(this.last ? { losses: this.last } : {}),
      training: {
        manifest: {
          settings: this.settings,
          discriminator: this.discriminator.config,
          random: this.stream.state,
          optimizers,
        },
        tensors,
      },
    });
  }

  private ganParts(): GanParts {
    const { generator, discriminator, generatorOptimizer, discriminatorOptimizer } = this;
    return { generatorWeights: generator.weights, discriminatorWeights: discriminator.weights, generatorOptimizer, discriminatorOptimizer };
  }

  /** Disposes both networks and both optimizers. */
  dispose(): void {
    disposeUNet(this.generator);
    disposePatchGan(this.discriminator);
    this.generatorOptimizer.dispose();
    this.discriminatorOptimizer.dispose();
  }

  private newOptimizer(): Optimizer {
    return this.tf.train.adam(this.settings.learningRate, this.settings.beta1, this.settings.beta2);
  }

  /** Runs inside tidy; returns [l1, gAdv, d]. */
  private trainStep(batch: TrainingBatch): Tensor {
    const { tf, generator, discriminator, settings } = this;
    const { filterGradient } = settings;
    const augmented = augmentPairs(tf, batch, this.stream, settings);
    const input = toModelRange(tf, augmented.inputs);
    const target = toModelRange(tf, augmented.targets);
    const dropoutSeed = this.stream.tfSeed();
    // Kept out of variableGrads' inner tidy so D's pass and the loss read-out can use them.
    const kept: { fake?: Tensor4D; l1?: Scalar; gAdv?: Scalar } = {};
    const generatorStep = tf.variableGrads(() => {
      const fake = tf.keep(runUNet(tf, generator, input, { dropout: true, dropoutSeed, filterGradient }));
      const l1 = tf.keep(l1Loss(tf, fake, target));
      const gAdv = tf.keep(generatorAdversarialLoss(tf, runPatchGan(tf, discriminator, input, fake, filterGradient)));
      Object.assign(kept, { fake, l1, gAdv });
      return tf.add(gAdv, tf.mul(l1, settings.l1Weight));
    }, weightList(generator.weights));
    const { fake, l1, gAdv } = kept as Required<typeof kept>;
    const discriminatorStep = tf.variableGrads(
      () => discriminatorLoss(tf, runPatchGan(tf, discriminator, input, target, filterGradient), runPatchGan(tf, discriminator, input, fake, filterGradient)),
      weightList(discriminator.weights),
    );
    checkGradients(generatorStep.grads, generator.weights, 'generator');
    checkGradients(discriminatorStep.grads, discriminator.weights, 'discriminator');
    this.generatorOptimizer.applyGradients(generatorStep.grads);
    this.discriminatorOptimizer.applyGradients(discriminatorStep.grads);
    const losses = tf.stack([l1, gAdv, discriminatorStep.value]);
    tf.dispose([fake, l1, gAdv]);
    return losses;
  }
}
