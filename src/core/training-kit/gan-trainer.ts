import type { NamedTensorMap, Optimizer, Tensor } from '@tensorflow/tfjs';
import type { Tf } from '../graph/node-definition';
import { GENERATOR_PREFIX } from './checkpoint-codec';
import { checkGradients, exportGanState, restoreGanState } from './gan-state';
import type { GanParts, GanTrainingManifest } from './gan-state';
import { RandomStream } from './random-stream';
import { restoreOrDispose } from './trainer-state';
import type { WeightMap } from './weights';

/** A network a GAN trainer trains: its shape, which checkpoints record, and its weights. */
export interface TrainedNetwork {
  readonly config: object;
  readonly weights: WeightMap;
}

/** The settings every GAN trainer has: the seed of its random stream, and Adam's for both optimisers. */
export interface GanSettings {
  readonly seed: number;
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
}

/** The types that tell one GAN trainer from another (the pix2pix generator's, the multi-scale generator's). */
export interface GanTrainerTypes {
  readonly generator: TrainedNetwork;
  readonly discriminator: TrainedNetwork;
  readonly settings: GanSettings;
  readonly preset: string;
  readonly losses: object;
}

type TrainingOf<T extends GanTrainerTypes> = GanTrainingManifest<T['settings'], T['discriminator']['config']>;

/** What a checkpoint of the whole trainer holds, in the shape the checkpoint encoders take. */
export interface GanCheckpointContent<T extends GanTrainerTypes> {
  readonly generator: T['generator'];
  readonly preset?: T['preset'];
  readonly step: number;
  readonly losses?: T['losses'];
  readonly training: { readonly manifest: TrainingOf<T>; readonly tensors: NamedTensorMap };
}

/** What a GAN checkpoint's manifest says about the trainer that wrote it. */
export interface GanCheckpointState<Config, DiscriminatorConfig, Preset, Settings, Losses> {
  readonly generator: Config;
  readonly preset?: Preset;
  readonly step: number;
  readonly losses?: Losses;
  readonly training?: GanTrainingManifest<Settings, DiscriminatorConfig>;
}

/** The options that rebuild the trainer a checkpoint recorded. @throws Error when it holds only a generator. */
export function resumeOptions<Config, DiscriminatorConfig, Preset, Settings, Losses>(
  state: GanCheckpointState<Config, DiscriminatorConfig, Preset, Settings, Losses>,
): { readonly generator: Config; readonly discriminator: DiscriminatorConfig; readonly preset?: Preset } & Settings {
  const training = recordedTraining(state);
  return { generator: state.generator, discriminator: training.discriminator, ...(state.preset ? { preset: state.preset } : {}), ...training.settings };
}

/**
 * What the GAN trainers share: both networks and their Adam optimisers, the random stream, the
 * step count and the last losses, and carrying all of it through a checkpoint so that a paused
 * and resumed run takes exactly the steps an uninterrupted one would. A subclass makes and
 * disposes the networks and computes a step's gradients.
 */
export abstract class GanTrainer<T extends GanTrainerTypes> {
  readonly settings: T['settings'];
  readonly preset: T['preset'] | undefined;
  readonly generator: T['generator'];
  readonly discriminator: T['discriminator'];
  private readonly generatorOptimizer: Optimizer;
  private readonly discriminatorOptimizer: Optimizer;
  private stream: RandomStream;
  private steps = 0;
  private last: T['losses'] | undefined;

  /** `networks` makes each network from a seed drawn from the trainer's random stream, the generator first. */
  protected constructor(
    protected readonly tf: Tf,
    settings: T['settings'],
    preset: T['preset'] | undefined,
    networks: { readonly generator: (seed: number) => T['generator']; readonly discriminator: (seed: number) => T['discriminator'] },
  ) {
    this.settings = settings;
    this.preset = preset;
    this.stream = new RandomStream(settings.seed);
    this.generator = networks.generator(this.stream.tfSeed());
    this.discriminator = networks.discriminator(this.stream.tfSeed());
    const { learningRate, beta1, beta2 } = settings;
    this.generatorOptimizer = tf.train.adam(learningRate, beta1, beta2);
    this.discriminatorOptimizer = tf.train.adam(learningRate, beta1, beta2);
  }

  /** Steps taken, counting those before a resume. */
  get stepCount(): number {
    return this.steps;
  }

  /** The last step's losses. */
  get losses(): T['losses'] | undefined {
    return this.last;
  }

  /**
   * The trainer's random stream. Draw batch picks, crops and drift starts from it too, so that
   * one saved state covers the whole run.
   */
  get random(): RandomStream {
    return this.stream;
  }

  /** Disposes both networks and both optimizers. */
  dispose(): void {
    this.disposeNetworks();
    this.generatorOptimizer.dispose();
    this.discriminatorOptimizer.dispose();
  }

  protected abstract disposeNetworks(): void;

  /**
   * Applies one step's gradients to both networks, or to the generator alone when the
   * discriminator sat the step out (null). @throws Error when either lacks a weight's gradient.
   */
  protected applyGradients(generatorGrads: NamedTensorMap, discriminatorGrads: NamedTensorMap | null): void {
    checkGradients(generatorGrads, this.generator.weights, 'generator');
    if (discriminatorGrads) checkGradients(discriminatorGrads, this.discriminator.weights, 'discriminator');
    this.generatorOptimizer.applyGradients(generatorGrads);
    if (discriminatorGrads) this.discriminatorOptimizer.applyGradients(discriminatorGrads);
  }

  /** Reads a step's `packed` losses back (and disposes them), counts the step and keeps `toLosses` of the values. */
  protected async finishStep(packed: Tensor, toLosses: (values: number[]) => T['losses']): Promise<T['losses']> {
    const values = Array.from(await packed.data());
    packed.dispose();
    this.steps += 1;
    this.last = toLosses(values);
    return this.last;
  }

  /** The whole trainer, ready to encode as a checkpoint: both networks, both optimizers, the random stream, the step. */
  protected async checkpointContent(): Promise<GanCheckpointContent<T>> {
    const { tensors, optimizers } = await exportGanState(this.ganParts());
    return {
      generator: this.generator,
      ...(this.preset ? { preset: this.preset } : {}),
      step: this.steps,
      ...(this.last ? { losses: this.last } : {}),
      training: {
        manifest: { settings: this.settings, discriminator: this.discriminator.config, random: this.stream.state, optimizers },
        tensors,
      },
    };
  }

  /**
   * Puts this fresh trainer (made from `resumeOptions(state)`) in the state a checkpoint recorded,
   * from its decoded `tensors`, which are disposed after. If that fails the trainer is disposed too.
   */
  protected async restore(tensors: NamedTensorMap, state: GanCheckpointState<unknown, unknown, unknown, unknown, T['losses']>): Promise<void> {
    const training = recordedTraining(state);
    await restoreOrDispose(this.tf, this, tensors, (all) => restoreGanState(this.tf, this.ganParts(), all, GENERATOR_PREFIX, training.optimizers));
    this.stream = RandomStream.restore(training.random);
    this.steps = state.step;
    this.last = state.losses;
  }

  private ganParts(): GanParts {
    const { generator, discriminator, generatorOptimizer, discriminatorOptimizer } = this;
    return { generatorWeights: generator.weights, discriminatorWeights: discriminator.weights, generatorOptimizer, discriminatorOptimizer };
  }
}

function recordedTraining<Settings, DiscriminatorConfig>(
  state: { readonly training?: GanTrainingManifest<Settings, DiscriminatorConfig> },
): GanTrainingManifest<Settings, DiscriminatorConfig> {
  if (!state.training) throw new Error('This checkpoint holds only a generator; it cannot resume training');
  return state.training;
}
