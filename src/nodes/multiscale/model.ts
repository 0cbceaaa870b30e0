import type { Tensor, Tensor4D } from '@tensorflow/tfjs';
import type { Tf } from '../../core';
import { conv2d, disposeWeights, RandomStream, WeightBuilder } from '../../core/training-kit';
import type { FilterGradient, WeightMap } from '../../core/training-kit';

/** Past frames the generator reads (seed 3: HIST_LEN 4, stacked as 12 channels, oldest first). */
export const HISTORY_FRAMES = 4;
/** Scales, coarsest first: 1/8, 1/4, 1/2, 1. Frame sides must be divisible by 2^(SCALES − 1). */
export const SCALES = 4;
export const SCALE_DIVISOR = 2 ** (SCALES - 1);

/**
 * Network sizes. `standard` is the channel set of the dyelax and Chainer ports (about 12.6 M
 * parameters); `small` is the official Torch code's (`modelStruct`, about 0.22 M); `tiny` has a
 * quarter of its channels, for tests and quick looks on a CPU (tfjs's cpu backend takes seconds
 * a step even for it: every layer is a stride-1 convolution at full crop resolution).
 */
export const MULTISCALE_PRESETS = ['tiny', 'small', 'standard'] as const;
export type MultiScalePreset = (typeof MULTISCALE_PRESETS)[number];

/** One scale's conv stack: hidden channels between the input and the 3-channel output, and every layer's kernel. */
export interface ScaleStack {
  readonly channels: readonly number[];
  readonly kernels: readonly number[];
}

export interface MultiScaleConfig {
  /** Coarsest first; each stack has one kernel more than hidden layers (the output layer). */
  readonly scales: readonly ScaleStack[];
}

// Kernels are the dyelax/Chainer ones for every preset; only the channel counts differ.
const KERNELS = [[3, 3, 3, 3], [5, 3, 3, 5], [5, 3, 3, 3, 3, 5], [7, 5, 5, 5, 5, 7]] as const;
const CHANNELS: Readonly<Record<MultiScalePreset, readonly (readonly number[])[]>> = {
  tiny: [[4, 8, 4], [4, 8, 4], [4, 8, 8, 8, 4], [4, 8, 8, 8, 4]],
  small: [[16, 32, 16], [16, 32, 16], [16, 32, 64, 32, 16], [16, 32, 64, 32, 16]],
  standard: [[128, 256, 128], [128, 256, 128], [128, 256, 512, 256, 128], [128, 256, 512, 256, 128]],
};

export function multiScaleConfig(preset: MultiScalePreset): MultiScaleConfig {
  return { scales: CHANNELS[preset].map((channels, i) => ({ channels, kernels: KERNELS[i]! })) };
}

/** Throws on a shape the generator cannot take (a checkpoint's config is checked with this). */
export function checkMultiScaleConfig(config: MultiScaleConfig): void {
  if (!Array.isArray(config.scales) || config.scales.length !== SCALES) throw new RangeError(`A multi-scale generator has ${SCALES} scales`);
  for (const [i, stack] of config.scales.entries()) {
    const whole = (list: readonly number[]) => Array.isArray(list) && list.every((n) => Number.isInteger(n) && n >= 1);
    if (!whole(stack.channels) || !whole(stack.kernels) || stack.kernels.length !== stack.channels.length + 1) {
      throw new RangeError(`Scale ${i} needs positive whole channel counts and one kernel per layer`);
    }
  }
}

export interface MultiScaleGenerator {
  readonly config: MultiScaleConfig;
  readonly weights: WeightMap;
}

/** Input channels of scale `i`: the history, plus the previous scale's upsampled prediction after the first. */
function inputChannels(scale: number): number {
  return 3 * HISTORY_FRAMES + (scale > 0 ? 3 : 0);
}

/**
 * A multi-scale generator (Mathieu, Couprie & LeCun; docs/nodes.md) with seeded N(0, 0.02)
 * kernels and zero biases: per scale a stack of stride-1 SAME convolutions, ReLU between them,
 * tanh on the last, no normalisation. Fully convolutional: it runs on any size divisible by 8.
 */
export function createMultiScaleGenerator(tf: Tf, config: MultiScaleConfig, seed: number): MultiScaleGenerator {
  checkMultiScaleConfig(config);
  const builder = new WeightBuilder(tf, 'multiscale', new RandomStream(seed));
  config.scales.forEach((stack, s) => {
    const sizes = [inputChannels(s), ...stack.channels, 3];
    stack.kernels.forEach((k, l) => {
      builder.kernel(`scale${s}/conv${l}/kernel`, [k, k, sizes[l]!, sizes[l + 1]!]);
      builder.zeros(`scale${s}/conv${l}/bias`, sizes[l + 1]!);
    });
  });
  return { config, weights: builder.build() };
}

export function disposeMultiScaleGenerator(net: MultiScaleGenerator): void {
  disposeWeights(net.weights);
}

/**
 * `x` ([N, H, W, C], H and W divisible by 8) at the 4 scales, coarsest first, by 2×2 box
 * averaging: the exact downsampling for a factor of 2, and cheap.
 */
export function pyramid(tf: Tf, x: Tensor4D): Tensor4D[] {
  return tf.tidy(() => {
    const levels: Tensor4D[] = [x];
    for (let s = 1; s < SCALES; s++) levels.unshift(tf.avgPool(levels[0]!, 2, 2, 'valid'));
    return levels;
  });
}

/** @throws RangeError for the user when a frame size does not divide into the 4 scales. */
function checkFrameSide(height: number, width: number): void {
  if (height % SCALE_DIVISOR !== 0 || width % SCALE_DIVISOR !== 0 || height < SCALE_DIVISOR || width < SCALE_DIVISOR) {
    throw new RangeError(`The multi-scale generator needs frame sides divisible by ${SCALE_DIVISOR}, got ${width}×${height}`);
  }
}

/**
 * Runs the generator on `history` ([N, H, W, 12] in [-1, 1], 4 frames oldest first) and returns
 * its prediction of the next frame at every scale, coarsest first, each [N, H/2^k, W/2^k, 3] in
 * [-1, 1]. Each scale after the first also reads the previous prediction, upsampled bilinearly.
 * The predictions are absolute frames, as in all three public ports.
 */
export function runMultiScaleGenerator(tf: Tf, net: MultiScaleGenerator, history: Tensor4D, filterGradient?: FilterGradient): Tensor4D[] {
  const [, height, width, channels] = history.shape;
  checkFrameSide(height, width);
  if (channels !== 3 * HISTORY_FRAMES) throw new RangeError(`The multi-scale generator reads ${3 * HISTORY_FRAMES} channels (4 frames), got ${channels}`);
  const w = (name: string): Tensor => {
    const variable = net.weights[name];
    if (!variable) throw new Error(`The multi-scale generator has no weight "${name}"`);
    return variable;
  };
  return tf.tidy(() => {
    const inputs = pyramid(tf, history);
    const predictions: Tensor4D[] = [];
    net.config.scales.forEach((stack, s) => {
      const level = inputs[s]!;
      const previous = predictions[s - 1];
      let h = previous ? tf.concat([level, tf.image.resizeBilinear(previous, [level.shape[1], level.shape[2]])], 3) : level;
      stack.kernels.forEach((_, l) => {
        const conv = tf.add(conv2d(tf, h, w(`scale${s}/conv${l}/kernel`) as Tensor4D, 1, 'same', filterGradient), w(`scale${s}/conv${l}/bias`)) as Tensor4D;
        h = l === stack.kernels.length - 1 ? tf.tanh(conv) : tf.relu(conv);
      });
      predictions.push(h);
    });
    return predictions;
  });
}

/** The finest prediction of the next frame for `frames` (4 tensors [N, H, W, 3] in [0, 1], oldest first), in [0, 1]. */
export function predictFromHistory(tf: Tf, net: MultiScaleGenerator, frames: readonly Tensor4D[]): Tensor4D {
  return tf.tidy(() => {
    const history = tf.sub(tf.mul(tf.concat([...frames], 3), 2), 1) as Tensor4D;
    const finest = runMultiScaleGenerator(tf, net, history).at(-1)!;
    return tf.mul(tf.add(finest, 1), 0.5) as Tensor4D;
  });
}
