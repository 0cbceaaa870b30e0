import type { Tensor, Tensor2D, Tensor4D } from '@tensorflow/tfjs';
import type { Tf } from '../../core';
import { conv2d, disposeWeights, RandomStream, WeightBuilder } from '../../core/training-kit';
import type { FilterGradient, WeightMap } from '../../core/training-kit';
import { HISTORY_FRAMES, SCALES } from './model';
import type { MultiScalePreset } from './model';

/** One scale's discriminator: VALID convs with ReLU, a 2×2 max pool, then fully connected layers to one logit. */
export interface DiscriminatorStack {
  readonly channels: readonly number[];
  readonly kernels: readonly number[];
  /** Hidden units of the fully connected layers before the logit. */
  readonly dense: readonly number[];
}

export interface MultiScaleDiscriminatorConfig {
  /** Side of the training crops at the finest scale: the fully connected layers are sized for it. */
  readonly cropSize: number;
  readonly scales: readonly DiscriminatorStack[];
}

// dyelax's SCALE_CONV_FMS_D / SCALE_KERNEL_SIZES_D / SCALE_FC_LAYER_SIZES_D for `standard`; the
// smaller presets divide every width by 4 and 16, as the generator presets shrink.
const KERNELS = [[3], [3, 3, 3], [5, 5, 5], [7, 7, 5, 5]] as const;
const STANDARD_CHANNELS = [[64], [64, 128, 128], [128, 256, 256], [128, 256, 512, 128]] as const;
const STANDARD_DENSE = [[512, 256], [1024, 512], [1024, 512], [1024, 512]] as const;
const SHRINK: Readonly<Record<MultiScalePreset, number>> = { tiny: 16, small: 4, standard: 1 };

/** The discriminators that train alongside the `preset` generator on `cropSize` crops. */
export function discriminatorConfig(preset: MultiScalePreset, cropSize: number): MultiScaleDiscriminatorConfig {
  const shrink = (list: readonly number[]) => list.map((n) => n / SHRINK[preset]);
  return {
    cropSize,
    scales: KERNELS.map((kernels, s) => ({ kernels, channels: shrink(STANDARD_CHANNELS[s]!), dense: shrink(STANDARD_DENSE[s]!) })),
  };
}

/** Side of scale `s`'s feature map before the fully connected layers. @throws RangeError when the crop is too small. */
function flatSide(config: MultiScaleDiscriminatorConfig, s: number): number {
  const stack = config.scales[s]!;
  const side = config.cropSize / 2 ** (SCALES - 1 - s);
  const afterConvs = stack.kernels.reduce((size, k) => size - (k - 1), side);
  if (afterConvs < 2) throw new RangeError(`${config.cropSize}px crops are too small for the scale-${s} discriminator`);
  return Math.floor(afterConvs / 2);
}

export interface MultiScaleDiscriminator {
  readonly config: MultiScaleDiscriminatorConfig;
  readonly weights: WeightMap;
}

/** One discriminator per scale, as one weight map (`scale<s>/…`), seeded N(0, 0.02) kernels and zero biases. */
export function createMultiScaleDiscriminator(tf: Tf, config: MultiScaleDiscriminatorConfig, seed: number): MultiScaleDiscriminator {
  if (config.scales.length !== SCALES) throw new RangeError(`A multi-scale discriminator has ${SCALES} scales`);
  const builder = new WeightBuilder(tf, 'multiscale-d', new RandomStream(seed));
  config.scales.forEach((stack, s) => {
    // Conditioned on the history as in the official Torch code (D receives {input, pred}).
    const sizes = [3 * HISTORY_FRAMES + 3, ...stack.channels];
    stack.kernels.forEach((k, l) => {
      builder.kernel(`scale${s}/conv${l}/kernel`, [k, k, sizes[l]!, sizes[l + 1]!]);
      builder.zeros(`scale${s}/conv${l}/bias`, sizes[l + 1]!);
    });
    const side = flatSide(config, s);
    const units = [side * side * stack.channels.at(-1)!, ...stack.dense, 1];
    units.slice(1).forEach((out, l) => {
      builder.kernel(`scale${s}/dense${l}/kernel`, [units[l]!, out]);
      builder.zeros(`scale${s}/dense${l}/bias`, out);
    });
  });
  return { config, weights: builder.build() };
}

export function disposeMultiScaleDiscriminator(net: MultiScaleDiscriminator): void {
  disposeWeights(net.weights);
}

/**
 * Logits ([N, 1]) saying how real `frame` looks as the frame after `history`, at scale `s`
 * (both [N, side, side, C] in [-1, 1], side = crop / 2^(3 − s)).
 */
export function runDiscriminator(tf: Tf, net: MultiScaleDiscriminator, s: number, history: Tensor4D, frame: Tensor4D, filterGradient?: FilterGradient): Tensor2D {
  const stack = net.config.scales[s];
  if (!stack) throw new RangeError(`No discriminator for scale ${s}`);
  const expected = net.config.cropSize / 2 ** (SCALES - 1 - s);
  if (frame.shape[1] !== expected || frame.shape[2] !== expected) {
    throw new RangeError(`The scale-${s} discriminator takes ${expected}px crops, got ${frame.shape[2]}×${frame.shape[1]}`);
  }
  const w = (name: string): Tensor => {
    const variable = net.weights[name];
    if (!variable) throw new Error(`The multi-scale discriminator has no weight "${name}"`);
    return variable;
  };
  return tf.tidy(() => {
    let h: Tensor4D = tf.concat([history, frame], 3);
    stack.kernels.forEach((_, l) => {
      h = tf.relu(tf.add(conv2d(tf, h, w(`scale${s}/conv${l}/kernel`) as Tensor4D, 1, 0, filterGradient), w(`scale${s}/conv${l}/bias`)));
    });
    h = tf.maxPool(h, 2, 2, 'valid');
    let flat = tf.reshape(h, [h.shape[0], -1]) as Tensor2D;
    const layers = stack.dense.length + 1;
    for (let l = 0; l < layers; l++) {
      const z = tf.add(tf.matMul(flat, w(`scale${s}/dense${l}/kernel`) as Tensor2D), w(`scale${s}/dense${l}/bias`)) as Tensor2D;
      flat = l === layers - 1 ? z : tf.relu(z);
    }
    return flat;
  });
}
