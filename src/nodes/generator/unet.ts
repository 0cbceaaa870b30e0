import type { Tensor, Tensor3D, Tensor4D } from '@tensorflow/tfjs';
import type { Tf } from '../../core';
import { conv2d, conv2dTranspose } from './conv-ops';
import type { FilterGradient } from './conv-ops';
import { instanceNorm } from './instance-norm';
import { RandomStream } from './random-stream';
import { disposeWeights, WeightBuilder } from './weights';
import type { WeightMap } from './weights';

/** Network sizes, from fast on a CPU to pix2pix's own generator. */
export const GENERATOR_PRESETS = ['tiny', 'small', 'standard'] as const;
export type GeneratorPreset = (typeof GENERATOR_PRESETS)[number];

/** Frame sizes the generator node offers (tests also use 16 and 32). */
export const GENERATOR_FRAME_SIZES = [64, 128, 256] as const;

/** A U-Net's shape. Frames are square, `size` × `size`, and `size` must be divisible by 2^levels. */
export interface UNetConfig {
  readonly size: number;
  /** Stride-2 encoder convolutions; pix2pix uses 8, which takes 256 down to 1×1. */
  readonly levels: number;
  /** Channels of the first encoder layer; each deeper layer doubles them up to `maxChannels`. */
  readonly baseChannels: number;
  readonly maxChannels: number;
  /** Innermost decoder blocks followed by dropout 0.5 (pix2pix: 3). */
  readonly dropoutBlocks: number;
  /**
   * Predicts the change from the input rather than the frame itself: the output is
   * tanh(atanh(input) + network), so an untrained network (output layer zeroed) copies its
   * input, and training only has to learn the motion. Absent (not false) on pix2pix's plain
   * U-Net, so older checkpoints' shapes stay equal.
   */
  readonly residual?: true;
}

interface PresetShape {
  readonly baseChannels: number;
  readonly maxChannels: number;
  /** Upper bound; smaller frames get fewer levels so the bottleneck stays at least 1×1. */
  readonly levels: number;
  readonly dropoutBlocks: number;
}

const presetShapes: Readonly<Record<GeneratorPreset, PresetShape>> = {
  tiny: { baseChannels: 16, maxChannels: 64, levels: 4, dropoutBlocks: 1 },
  small: { baseChannels: 32, maxChannels: 256, levels: 6, dropoutBlocks: 2 },
  standard: { baseChannels: 64, maxChannels: 512, levels: 8, dropoutBlocks: 3 },
};

/** What a generator's output is: the next frame itself (pix2pix), or the change from its input. */
export const GENERATOR_OUTPUTS = ['frame', 'change'] as const;
export type GeneratorOutput = (typeof GENERATOR_OUTPUTS)[number];

/** The U-Net shape for `preset` at `size`: standard at 256 is pix2pix's 8-level unet_256. */
export function unetConfig(preset: GeneratorPreset, size: number, output: GeneratorOutput = 'frame'): UNetConfig {
  const shape = presetShapes[preset];
  const levels = Math.min(shape.levels, Math.floor(Math.log2(size)));
  const config = { size, levels, baseChannels: shape.baseChannels, maxChannels: shape.maxChannels, dropoutBlocks: Math.min(shape.dropoutBlocks, levels - 1) };
  return output === 'change' ? { ...config, residual: true } : config;
}

/** Whether `config` predicts the change from its input. */
export function outputOf(config: UNetConfig): GeneratorOutput {
  return config.residual ? 'change' : 'frame';
}

/** Channels of encoder layer 0…levels−1; decoder layers mirror them. */
export function encoderChannels(config: UNetConfig): number[] {
  return Array.from({ length: config.levels }, (_, i) => Math.min(config.baseChannels * 2 ** i, config.maxChannels));
}

/** A generator: its shape and its weights as named tf.variables (see `unetWeightNames` for the names). */
export interface UNet {
  readonly config: UNetConfig;
  readonly weights: WeightMap;
}

export interface UNetRunOptions {
  /** Dropout 0.5 on the inner decoder blocks: on while training; on in the loop for a stochastic loop. */
  readonly dropout?: boolean;
  /** Makes the dropout masks reproducible; each block adds its index. Unseeded masks use Math.random. */
  readonly dropoutSeed?: number;
  /** How training computes filter gradients; irrelevant outside a gradient tape. */
  readonly filterGradient?: FilterGradient;
}

const KERNEL = 4;
const LEAK = 0.2;
const DROPOUT_RATE = 0.5;

/** Throws on a shape the U-Net cannot take. */
export function checkUNetConfig(config: UNetConfig): void {
  const { size, levels, baseChannels, maxChannels, dropoutBlocks, residual } = config;
  if (residual !== undefined && residual !== true) throw new RangeError(`"residual" is true or absent, got ${String(residual)}`);
  const whole = (value: number, min: number) => Number.isInteger(value) && value >= min;
  if (!whole(levels, 2)) throw new RangeError(`A U-Net needs at least 2 levels, got ${levels}`);
  if (!whole(size, 2) || size % 2 ** levels !== 0) throw new RangeError(`Frame size ${size} is not divisible by 2^${levels}`);
  if (!whole(baseChannels, 1) || !whole(maxChannels, baseChannels)) throw new RangeError(`Bad channel counts ${baseChannels}…${maxChannels}`);
  if (!whole(dropoutBlocks, 0) || dropoutBlocks > levels - 1) throw new RangeError(`${dropoutBlocks} dropout blocks do not fit ${levels - 1} decoder blocks`);
}

/**
 * A pix2pix U-Net (4×4 stride-2 convolutions and transposed convolutions, LeakyReLU 0.2 down,
 * ReLU up, skip connections, tanh out) with seeded N(0, 0.02) weights.
 *
 * Normalisation is instance statistics everywhere (pix2pix's train-mode batch norm at batch 1),
 * except on the first encoder layer (as pix2pix) and the innermost one, whose 1×1 map at full
 * depth would make every normalised value equal β (junyanz leaves it out too). Layers without
 * a norm get a bias; the others do not need one.
 */
export function createUNet(tf: Tf, config: UNetConfig, seed: number): UNet {
  checkUNetConfig(config);
  const channels = encoderChannels(config);
  const inner = config.levels - 1;
  const builder = new WeightBuilder(tf, 'unet', new RandomStream(seed));
  channels.forEach((out, i) => {
    builder.kernel(`enc${i}/kernel`, [KERNEL, KERNEL, i === 0 ? 3 : channels[i - 1]!, out]);
    if (i === 0 || i === inner) builder.zeros(`enc${i}/bias`, out);
    else normWeights(builder, `enc${i}`, out);
  });
  for (let j = inner; j >= 1; j--) {
    const input = j === inner ? channels[inner]! : 2 * channels[j]!;
    const out = channels[j - 1]!;
    builder.kernel(`dec${j}/kernel`, [KERNEL, KERNEL, out, input]);
    normWeights(builder, `dec${j}`, out);
  }
  // A residual network starts as the identity: a zero output layer adds no change.
  if (config.residual) builder.zeros('out/kernel', [KERNEL, KERNEL, 3, 2 * channels[0]!]);
  else builder.kernel('out/kernel', [KERNEL, KERNEL, 3, 2 * channels[0]!]);
  builder.zeros('out/bias', 3);
  return { config, weights: builder.build() };
}

function normWeights(builder: WeightBuilder, layer: string, channels: number): void {
  builder.scale(`${layer}/gamma`, channels);
  builder.zeros(`${layer}/beta`, channels);
}

/**
 * Runs the generator on `x` ([N, size, size, 3] in [-1, 1]); returns the predicted next frames
 * in [-1, 1]. The network's own range is pix2pix's, so weights stay compatible with it; use
 * `predictNextFrame` for the app's [0, 1] frames.
 */
export function runUNet(tf: Tf, net: UNet, x: Tensor4D, options: UNetRunOptions = {}): Tensor4D {
  const { config, weights } = net;
  const w = (name: string) => {
    const variable = weights[name];
    if (!variable) throw new Error(`The U-Net has no weight "${name}"`);
    return variable;
  };
  const kernel = (layer: string) => w(`${layer}/kernel`) as Tensor as Tensor4D;
  return tf.tidy(() => {
    const inner = config.levels - 1;
    const skips: Tensor4D[] = [];
    let h = x;
    for (let i = 0; i <= inner; i++) {
      const input = i === 0 ? h : tf.leakyRelu(h, LEAK);
      const conv = conv2d(tf, input, kernel(`enc${i}`), 2, 'same', options.filterGradient);
      h = i === 0 || i === inner ? tf.add(conv, w(`enc${i}/bias`)) : instanceNorm(tf, conv, w(`enc${i}/gamma`), w(`enc${i}/beta`));
      skips.push(h);
    }
    for (let j = inner; j >= 1; j--) {
      const input = j === inner ? h : tf.concat([h, skips[j]!], 3);
      h = instanceNorm(tf, upsample(tf, tf.relu(input), kernel(`dec${j}`), options.filterGradient), w(`dec${j}/gamma`), w(`dec${j}/beta`));
      const block = inner - j;
      if (options.dropout && block < config.dropoutBlocks) {
        const seed = options.dropoutSeed === undefined ? undefined : options.dropoutSeed + block;
        h = tf.dropout(h, DROPOUT_RATE, undefined, seed) as Tensor4D;
      }
    }
    const last = tf.add(upsample(tf, tf.relu(tf.concat([h, skips[0]!], 3)), kernel('out'), options.filterGradient), w('out/bias'));
    return tf.tanh(config.residual ? tf.add(last, inverseTanh(tf, x)) : last) as Tensor4D;
  });
}

/** Largest |x| fed to atanh: keeps saturated pixels (exact ±1) finite, about ±4.95 in logit space. */
const ATANH_LIMIT = 0.9999;

/** atanh(x) = ½ ln((1 + x) / (1 − x)), on x clipped inside (−1, 1). */
function inverseTanh(tf: Tf, x: Tensor4D): Tensor4D {
  const clipped = tf.clipByValue(x, -ATANH_LIMIT, ATANH_LIMIT);
  return tf.mul(tf.log(tf.div(tf.add(1, clipped), tf.sub(1, clipped))), 0.5);
}

function upsample(tf: Tf, x: Tensor4D, kernel: Tensor4D, filterGradient: FilterGradient | undefined): Tensor4D {
  const [n, height, width] = x.shape;
  return conv2dTranspose(tf, x, kernel, [n, height * 2, width * 2, kernel.shape[2]], 2, 'same', filterGradient);
}

/** The next frame for `frame` ([size, size, 3] in [0, 1], the app's range), in [0, 1]. */
export function predictNextFrame(tf: Tf, net: UNet, frame: Tensor3D, options: UNetRunOptions = {}): Tensor3D {
  return tf.tidy(() => {
    const batch = toModelRange(tf, tf.expandDims(frame, 0) as Tensor4D);
    return tf.squeeze(fromModelRange(tf, runUNet(tf, net, batch, options)), [0]) as Tensor3D;
  });
}

/** [0, 1] → [-1, 1]. */
export function toModelRange<T extends Tensor4D | Tensor3D>(tf: Tf, x: T): T {
  return tf.tidy(() => tf.sub(tf.mul(x, 2), 1));
}

/** [-1, 1] → [0, 1]. */
export function fromModelRange<T extends Tensor4D | Tensor3D>(tf: Tf, x: T): T {
  return tf.tidy(() => tf.mul(tf.add(x, 1), 0.5));
}

export function disposeUNet(net: UNet): void {
  disposeWeights(net.weights);
}
