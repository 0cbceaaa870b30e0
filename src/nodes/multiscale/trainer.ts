import type { NamedTensorMap, Optimizer, Tensor, Tensor4D } from '@tensorflow/tfjs';
import type { Tf } from '../../core';
import { checkGradients, exportGanState, restoreGanState } from '../generator/gan-state';
import type { GanParts } from '../generator/gan-state';
import { RandomStream } from '../generator/random-stream';
import { weightList } from '../generator/weights';
import { decodeMultiScaleTensors, encodeMultiScaleCheckpoint, GENERATOR_PREFIX } from './checkpoint';
import type { MultiScaleCheckpoint } from './checkpoint';
import { createMultiScaleDiscriminator, disposeMultiScaleDiscriminator } from './discriminator';
import type { MultiScaleDiscriminator, MultiScaleDiscriminatorConfig } from './discriminator';
import type { MultiScaleLosses } from './losses';
import { createMultiScaleGenerator, disposeMultiScaleGenerator } from './model';
import type { MultiScaleConfig, MultiScaleGenerator, MultiScalePreset } from './model';
import { discriminatorObjective, generatorObjective } from './objective';
import { multiScaleSettings } from './settings';
import type { MultiScaleSettings } from './settings';

export interface MultiScaleTrainerOptions extends Partial<MultiScaleSettings> {
  readonly generator: MultiScaleConfig;
  readonly discriminator: MultiScaleDiscriminatorConfig;
  readonly preset?: MultiScalePreset;
}

/** A batch of clips in [0, 1]: 4 past frames stacked oldest first ([N, c, c, 12]) and the next frame ([N, c, c, 3]). */
export interface ClipBatch {
  readonly history: Tensor4D;
  readonly target: Tensor4D;
}

/**
 * Adversarial multi-scale training, one step at a time: one G step then one D step per batch,
 * from one forward pass of G (the official code's one D iteration per G iteration). It owns both
 * networks, both optimisers and the random stream; `exportState` and `resume` carry all of it.
 */
export class MultiScaleTrainer {
  readonly settings: MultiScaleSettings;
  readonly preset: MultiScalePreset | undefined;
  readonly generator: MultiScaleGenerator;
  readonly discriminator: MultiScaleDiscriminator;
  private readonly generatorOptimizer: Optimizer;
  private readonly discriminatorOptimizer: Optimizer;
  private stream: RandomStream;
  private steps = 0;
  private last: MultiScaleLosses | undefined;

  constructor(private readonly tf: Tf, options: MultiScaleTrainerOptions) {
    const { generator, discriminator, preset, ...settings } = options;
    this.settings = multiScaleSettings(settings);
    this.preset = preset;
    this.stream = new RandomStream(this.settings.seed);
    this.generator = createMultiScaleGenerator(tf, generator, this.stream.tfSeed());
    this.discriminator = createMultiScaleDiscriminator(tf, discriminator, this.stream.tfSeed());
    const { learningRate, beta1, beta2 } = this.settings;
    this.generatorOptimizer = tf.train.adam(learningRate, beta1, beta2);
    this.discriminatorOptimizer = tf.train.adam(learningRate, beta1, beta2);
  }

  /** A trainer in exactly the state `checkpoint` (from `exportState`) recorded. */
  static async resume(tf: Tf, checkpoint: MultiScaleCheckpoint): Promise<MultiScaleTrainer> {
    const { generator, preset, training, step, losses } = checkpoint.manifest;
    if (!training) throw new Error('This checkpoint holds only a generator; it cannot resume training');
    const trainer = new MultiScaleTrainer(tf, { generator, discriminator: training.discriminator, ...(preset ? { preset } : {}), ...training.settings });
    const tensors = decodeMultiScaleTensors(tf, checkpoint);
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

  get stepCount(): number {
    return this.steps;
  }

  /** The trainer's random stream: draw the crops from it too, so that one saved state covers the whole run. */
  get random(): RandomStream {
    return this.stream;
  }

  /** One G step and one D step on `batch` (not disposed). */
  async step(batch: ClipBatch): Promise<MultiScaleLosses> {
    const packed = this.tf.tidy(() => this.trainStep(batch));
    const [lp, gdl, gAdv, d] = await packed.data();
    packed.dispose();
    this.steps += 1;
    this.last = { lp: lp!, gdl: gdl!, gAdv: gAdv!, d: d! };
    return this.last;
  }

  async exportState(): Promise<MultiScaleCheckpoint> {
    const { tensors, optimizers } = await exportGanState(this.ganParts());
    return encodeMultiScaleCheckpoint(this.tf, {
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

  dispose(): void {
    disposeMultiScaleGenerator(this.generator);
    disposeMultiScaleDiscriminator(this.discriminator);
    this.generatorOptimizer.dispose();
    this.discriminatorOptimizer.dispose();
  }

  /** Runs inside tidy; returns [lp, gdl, gAdv, d]. */
  private trainStep(batch: ClipBatch): Tensor {
    const { tf, generator, discriminator, settings } = this;
    const toModel = (x: Tensor4D) => tf.sub(tf.mul(x, 2), 1) as Tensor4D;
    const clips = { history: toModel(batch.history), target: toModel(batch.target) };
    // Kept out of variableGrads' inner tidy so D's step and the loss read-out can use them.
    let kept: ReturnType<typeof generatorObjective> | undefined;
    const generatorStep = tf.variableGrads(() => {
      const objective = generatorObjective(tf, generator, discriminator, clips, settings, settings.filterGradient);
      const { total: _total, ...rest } = objective;
      tf.keep(rest.lp); tf.keep(rest.gdl); tf.keep(rest.adversarial);
      for (const list of [rest.predictions, rest.histories, rest.targets]) list.forEach((t) => tf.keep(t));
      kept = objective;
      return objective.total;
    }, weightList(generator.weights));
    const objective = kept!;
    const discriminatorStep = tf.variableGrads(
      () => discriminatorObjective(tf, discriminator, objective.histories, objective.targets, objective.predictions, settings.filterGradient),
      weightList(discriminator.weights),
    );
    checkGradients(generatorStep.grads, generator.weights, 'generator');
    checkGradients(discriminatorStep.grads, discriminator.weights, 'discriminator');
    this.generatorOptimizer.applyGradients(generatorStep.grads);
    this.discriminatorOptimizer.applyGradients(discriminatorStep.grads);
    const losses = tf.stack([objective.lp, objective.gdl, objective.adversarial, discriminatorStep.value]);
    tf.dispose([objective.lp, objective.gdl, objective.adversarial, ...objective.predictions, ...objective.histories, ...objective.targets]);
    return losses;
  }
}
