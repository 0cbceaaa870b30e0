import type { Tensor, Tensor4D } from '@tensorflow/tfjs';
import type { Tf } from '../../core';
import { GanTrainer, resumeOptions, weightList } from '../../core/training-kit';
import { decodeMultiScaleTensors, encodeMultiScaleCheckpoint } from './checkpoint';
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
export class MultiScaleTrainer extends GanTrainer<{
  generator: MultiScaleGenerator; discriminator: MultiScaleDiscriminator; settings: MultiScaleSettings; preset: MultiScalePreset; losses: MultiScaleLosses;
}> {
  constructor(tf: Tf, { generator, discriminator, preset, ...settings }: MultiScaleTrainerOptions) {
    const networks = {
      generator: (seed: number) => createMultiScaleGenerator(tf, generator, seed),
      discriminator: (seed: number) => createMultiScaleDiscriminator(tf, discriminator, seed),
    };
    super(tf, multiScaleSettings(settings), preset, networks);
  }

  /** A trainer in exactly the state `checkpoint` (from `exportState`) recorded. */
  static async resume(tf: Tf, checkpoint: MultiScaleCheckpoint): Promise<MultiScaleTrainer> {
    const { manifest } = checkpoint;
    const trainer = new MultiScaleTrainer(tf, resumeOptions(manifest));
    await trainer.restore(decodeMultiScaleTensors(tf, checkpoint), manifest);
    return trainer;
  }

  /** One G step and one D step on `batch` (not disposed). */
  async step(batch: ClipBatch): Promise<MultiScaleLosses> {
    const packed = this.tf.tidy(() => this.trainStep(batch));
    return this.finishStep(packed, ([lp, gdl, gAdv, d]) => ({ lp: lp!, gdl: gdl!, gAdv: gAdv!, d: d! }));
  }

  async exportState(): Promise<MultiScaleCheckpoint> {
    const content = await this.checkpointContent();
    return encodeMultiScaleCheckpoint(this.tf, content);
  }

  protected override disposeNetworks(): void {
    disposeMultiScaleGenerator(this.generator);
    disposeMultiScaleDiscriminator(this.discriminator);
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
    this.applyGradients(generatorStep.grads, discriminatorStep.grads);
    const losses = tf.stack([objective.lp, objective.gdl, objective.adversarial, discriminatorStep.value]);
    tf.dispose([objective.lp, objective.gdl, objective.adversarial, ...objective.predictions, ...objective.histories, ...objective.targets]);
    return losses;
  }
}
