import type { Optimizer, Scalar, Tensor, Tensor3D, Tensor4D } from '@tensorflow/tfjs';
import type { Tf } from '../../core';
import { assignWeights, exportAdam, RandomStream, restoreAdam, restoreOrDispose, weightList } from '../../core/training-kit';
import { decodeStyleTensors, encodeStyleCheckpoint, STYLIZER_PREFIX } from './style-checkpoint';
import type { StyleCheckpoint } from './style-checkpoint';
import { styleTrainerSettings } from './style-settings';
import type { StyleLosses, StyleTrainerSettings } from './style-settings';
import { createStylizer, disposeStylizer, runStylizer } from './stylizer';
import type { Stylizer, StylizerConfig, StylizerPreset } from './stylizer';
import {
  contentDistance, createTextureFeatures, disposeTextureFeatures, styleDistance, styleTargets, textureFeatureMaps, totalVariation,
} from './texture-loss';
import type { TextureFeatures } from './texture-loss';

export interface StyleTrainerOptions extends Partial<StyleTrainerSettings> {
  readonly config: StylizerConfig;
  readonly preset?: StylizerPreset;
  /** The style image, [1, S, S, 3] in [0, 1] (not disposed); its textures are read once. */
  readonly style: Tensor4D;
  /** SHA-256 of the style image, recorded in checkpoints; '' when it has none. */
  readonly styleId: string;
  /** Training size in px, recorded in checkpoints. */
  readonly size: number;
}

const ADAM_PREFIX = 'adam/';

/**
 * Trains a feed-forward stylizer (Johnson et al. 2016) one step at a time, with no pretrained
 * network: loss = style·D_style(out, style image) + content·D_content(out, frame) + tv·TV(out),
 * where both distances read the fixed random multi-scale features of `texture-loss.ts`. It owns
 * its own copy of the network, the Adam optimizer and the random stream; `exportState` and
 * `StyleTrainer.resume` carry all of it, so a resumed run takes exactly the steps an
 * uninterrupted one would.
 */
export class StyleTrainer {
  readonly settings: StyleTrainerSettings;
  readonly net: Stylizer;
  readonly preset: StylizerPreset | undefined;
  readonly styleId: string;
  readonly size: number;
  readonly #features: TextureFeatures;
  readonly #targets: Tensor3D[];
  readonly #optimizer: Optimizer;
  #stream: RandomStream;
  #steps = 0;
  #last: StyleLosses | undefined;

  constructor(private readonly tf: Tf, options: StyleTrainerOptions) {
    const { config, preset, style, styleId, size, ...settings } = options;
    this.settings = styleTrainerSettings(settings);
    this.preset = preset;
    this.styleId = styleId;
    this.size = size;
    this.#stream = new RandomStream(this.settings.seed);
    this.net = createStylizer(tf, config, this.#stream.tfSeed());
    this.#features = createTextureFeatures(tf, this.settings.featureSeed);
    this.#targets = styleTargets(tf, this.#features, style);
    this.#optimizer = tf.train.adam(this.settings.learningRate);
  }

  /** A trainer in exactly the state `checkpoint` recorded, against `style` (which must be the image it was trained on). */
  static async resume(tf: Tf, checkpoint: StyleCheckpoint, style: Tensor4D): Promise<StyleTrainer> {
    const { training, config, preset, step, losses, size } = checkpoint;
    if (!training) throw new Error('This style checkpoint holds only a network; it cannot resume training. Use it as Weights, or Train afresh.');
    const trainer = new StyleTrainer(tf, { config, ...(preset ? { preset } : {}), style, styleId: checkpoint.style, size, ...training.settings });
    await restoreOrDispose(tf, trainer, decodeStyleTensors(tf, checkpoint), async (tensors) => {
      assignWeights(trainer.net.weights, tensors, STYLIZER_PREFIX);
      await restoreAdam(tf, trainer.#optimizer, trainer.net.weights, training.optimizer, tensors, ADAM_PREFIX);
    });
    trainer.#stream = RandomStream.restore(training.random);
    trainer.#steps = step;
    trainer.#last = losses;
    return trainer;
  }

  get stepCount(): number {
    return this.#steps;
  }

  /** Batch picks come from here too, so one saved state covers the whole run. */
  get random(): RandomStream {
    return this.#stream;
  }

  /** One step on `content` ([N, S, S, 3] in [0, 1], not disposed); resolves to its losses once read back. */
  async step(content: Tensor4D): Promise<StyleLosses> {
    const packed = this.tf.tidy(() => this.#trainStep(content));
    const [style, contentLoss, tv] = await packed.data();
    packed.dispose();
    this.#steps += 1;
    this.#last = { style: style!, content: contentLoss!, tv: tv! };
    return this.#last;
  }

  /** How far `images`' textures are from the style image's (the loss's style term, unweighted). */
  styleDistanceOf(images: Tensor4D): Scalar {
    return this.tf.tidy(() => styleDistance(this.tf, textureFeatureMaps(this.tf, this.#features, images), this.#targets));
  }

  /** The whole trainer as a checkpoint: network, optimizer, random stream, step. */
  async exportState(): Promise<StyleCheckpoint> {
    const adam = await exportAdam(this.#optimizer, this.net.weights, ADAM_PREFIX);
    return encodeStyleCheckpoint(this.tf, {
      net: this.net, ...(this.preset ? { preset: this.preset } : {}), step: this.#steps, style: this.styleId, size: this.size,
      ...(this.#last ? { losses: this.#last } : {}),
      training: { manifest: { settings: this.settings, random: this.#stream.state, optimizer: adam.meta }, tensors: adam.tensors },
    });
  }

  dispose(): void {
    disposeStylizer(this.net);
    disposeTextureFeatures(this.#features);
    this.tf.dispose(this.#targets);
    this.#optimizer.dispose();
  }

  /** Runs inside tidy; returns [style, content, tv]. */
  #trainStep(content: Tensor4D): Tensor {
    const { tf, settings } = this;
    const contentMaps = textureFeatureMaps(tf, this.#features, content);
    const kept: { style?: Scalar; content?: Scalar; tv?: Scalar } = {};
    const { grads } = tf.variableGrads(() => {
      const out = runStylizer(tf, this.net, content, settings.filterGradient);
      const maps = textureFeatureMaps(tf, this.#features, out);
      const style = tf.keep(styleDistance(tf, maps, this.#targets));
      const contentLoss = tf.keep(contentDistance(tf, maps, contentMaps));
      const tv = tf.keep(totalVariation(tf, out));
      Object.assign(kept, { style, content: contentLoss, tv });
      return tf.addN([tf.mul(style, settings.styleWeight), tf.mul(contentLoss, settings.contentWeight), tf.mul(tv, settings.tvWeight)]) as Scalar;
    }, weightList(this.net.weights));
    this.#optimizer.applyGradients(grads);
    const { style, content: contentLoss, tv } = kept as Required<typeof kept>;
    const losses = tf.stack([style, contentLoss, tv]);
    tf.dispose([style, contentLoss, tv]);
    return losses;
  }
}
