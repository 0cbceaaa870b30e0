import type { Tensor, Tensor3D, Tensor4D } from '@tensorflow/tfjs';
import type { Tf } from '../../core';
import { conv2d, disposeWeights, instanceNorm, RandomStream, WeightBuilder } from '../../core/training-kit';
import type { FilterGradient, WeightMap } from '../../core/training-kit';

/** Network sizes, from fast on a CPU to Johnson et al.'s own transformation network (32 channels, 5 residual blocks). */
export const STYLIZER_PRESETS = ['tiny', 'small', 'standard'] as const;
export type StylizerPreset = (typeof STYLIZER_PRESETS)[number];

/** A stylizer's shape. It is fully convolutional: any frame whose sides divide by 4 goes through at its own size. */
export interface StylizerConfig {
  /** Channels of the first layer; the two stride-2 layers double them twice. */
  readonly channels: number;
  readonly residualBlocks: number;
}

const presetConfigs: Readonly<Record<StylizerPreset, StylizerConfig>> = {
  tiny: { channels: 8, residualBlocks: 2 },
  small: { channels: 16, residualBlocks: 3 },
  standard: { channels: 32, residualBlocks: 5 },
};

export function stylizerConfig(preset: StylizerPreset): StylizerConfig {
  return presetConfigs[preset];
}

export function isStylizerPreset(value: string): value is StylizerPreset {
  return (STYLIZER_PRESETS as readonly string[]).includes(value);
}

export interface Stylizer {
  readonly config: StylizerConfig;
  readonly weights: WeightMap;
}

/** Both sides of a stylizer's input must divide by this (two stride-2 layers, then two ×2 upsamplings). */
const STYLIZER_SIDE_MULTIPLE = 4;
const EDGE_KERNEL = 5;
const KERNEL = 3;

/** @throws RangeError on a shape the network cannot take (a damaged checkpoint). */
export function checkStylizerConfig(config: StylizerConfig): void {
  const whole = (value: unknown, min: number) => typeof value === 'number' && Number.isInteger(value) && value >= min;
  if (!whole(config.channels, 1) || config.channels > 256) throw new RangeError(`A stylizer needs 1…256 channels, got ${String(config.channels)}`);
  if (!whole(config.residualBlocks, 0) || config.residualBlocks > 16) throw new RangeError(`A stylizer needs 0…16 residual blocks, got ${String(config.residualBlocks)}`);
}

/**
 * Johnson et al.'s feed-forward transformation network, scaled down: a 5×5 convolution, two
 * stride-2 3×3 convolutions, residual blocks, two nearest-neighbour ×2 upsamplings each followed
 * by a 3×3 convolution, and a 5×5 convolution to RGB; instance norm and ReLU after every layer
 * but the last. Upsampling by resize-then-convolve rather than transposed convolution avoids
 * the checkerboard artefacts Odena et al. describe, which a texture loss would otherwise amplify.
 */
export function createStylizer(tf: Tf, config: StylizerConfig, seed: number): Stylizer {
  checkStylizerConfig(config);
  const { channels: c, residualBlocks } = config;
  const builder = new WeightBuilder(tf, 'stylizer', new RandomStream(seed));
  const layer = (name: string, kernel: number, input: number, output: number) => {
    builder.kernel(`${name}/kernel`, [kernel, kernel, input, output]);
    builder.scale(`${name}/gamma`, output);
    builder.zeros(`${name}/beta`, output);
  };
  layer('in', EDGE_KERNEL, 3, c);
  layer('down1', KERNEL, c, 2 * c);
  layer('down2', KERNEL, 2 * c, 4 * c);
  for (let i = 0; i < residualBlocks; i++) {
    layer(`res${i}/a`, KERNEL, 4 * c, 4 * c);
    layer(`res${i}/b`, KERNEL, 4 * c, 4 * c);
  }
  layer('up1', KERNEL, 4 * c, 2 * c);
  layer('up2', KERNEL, 2 * c, c);
  builder.kernel('out/kernel', [EDGE_KERNEL, EDGE_KERNEL, c, 3]);
  builder.zeros('out/bias', 3);
  return { config, weights: builder.build() };
}

/**
 * Stylizes `x` ([N, H, W, 3] in [0, 1], H and W divisible by 4); returns [N, H, W, 3] in [0, 1].
 * Instance norm makes each image's result independent of the batch it came in.
 */
export function runStylizer(tf: Tf, net: Stylizer, x: Tensor4D, filterGradient?: FilterGradient): Tensor4D {
  const { weights, config } = net;
  const w = (name: string): Tensor => {
    const variable = weights[name];
    if (!variable) throw new Error(`The stylizer has no weight "${name}"`);
    return variable;
  };
  const block = (name: string, input: Tensor4D, stride: number): Tensor4D =>
    instanceNorm(tf, conv2d(tf, input, w(`${name}/kernel`) as Tensor4D, stride, 'same', filterGradient), w(`${name}/gamma`), w(`${name}/beta`));
  return tf.tidy(() => {
    const [, height, width] = x.shape;
    if (height % STYLIZER_SIDE_MULTIPLE !== 0 || width % STYLIZER_SIDE_MULTIPLE !== 0) {
      throw new RangeError(`The stylizer takes sides divisible by ${STYLIZER_SIDE_MULTIPLE}, got ${width}×${height}`);
    }
    // Centred input, so the first layer's filters see signed contrast rather than a brightness offset.
    let h = tf.relu(block('in', tf.sub(x, 0.5), 1));
    h = tf.relu(block('down1', h, 2));
    h = tf.relu(block('down2', h, 2));
    for (let i = 0; i < config.residualBlocks; i++) {
      h = tf.add(h, block(`res${i}/b`, tf.relu(block(`res${i}/a`, h, 1)), 1));
    }
    h = tf.relu(block('up1', upsampleNearest(tf, h), 1));
    h = tf.relu(block('up2', upsampleNearest(tf, h), 1));
    const out = tf.add(conv2d(tf, h, w('out/kernel') as Tensor4D, 1, 'same', filterGradient), w('out/bias'));
    // Johnson's scaled tanh, mapped to the app's [0, 1].
    return tf.mul(tf.add(tf.tanh(out), 1), 0.5);
  });
}

/**
 * Nearest-neighbour ×2 as a broadcast multiply: its gradient is a plain sum on every backend,
 * whereas ResizeNearestNeighborGrad is not registered on all of them.
 */
function upsampleNearest(tf: Tf, x: Tensor4D): Tensor4D {
  const [n, height, width, channels] = x.shape;
  const spread = tf.mul(tf.reshape(x, [n, height, 1, width, 1, channels]), tf.ones([1, 1, 2, 1, 2, 1]));
  return tf.reshape(spread, [n, 2 * height, 2 * width, channels]);
}

/**
 * One frame ([H, W, 3] in [0, 1], any size) stylized at its own size: sides that do not divide
 * by 4 are resized to the nearest that do, and back.
 */
export function stylizeFrame(tf: Tf, net: Stylizer, frame: Tensor3D): Tensor3D {
  return tf.tidy(() => {
    const [height, width] = frame.shape;
    const fit = (side: number) => Math.max(STYLIZER_SIDE_MULTIPLE, Math.round(side / STYLIZER_SIDE_MULTIPLE) * STYLIZER_SIDE_MULTIPLE);
    const [h, w] = [fit(height), fit(width)];
    const resized = h === height && w === width ? frame : tf.image.resizeBilinear(frame, [h, w], true);
    const out = tf.squeeze(runStylizer(tf, net, tf.expandDims(resized, 0) as Tensor4D), [0]) as Tensor3D;
    return h === height && w === width ? out : tf.clipByValue(tf.image.resizeBilinear(out, [height, width], true), 0, 1) as Tensor3D;
  });
}

export function disposeStylizer(net: Stylizer): void {
  disposeWeights(net.weights);
}
