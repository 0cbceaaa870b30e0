import type { Tensor, Tensor3D, Tensor4D } from '@tensorflow/tfjs';
import type { Tf } from '../../core';
import { conv2d, conv2dTranspose, disposeWeights, instanceNorm, RandomStream, WeightBuilder } from '../../core/training-kit';
import { warpBilinear } from './flow-warp';
import { resizeConvolutionKernel } from './resize-convolution';
import type { FilterGradient, WeightMap } from '../../core/training-kit';

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
  /**
   * With `residual`: the output layer also gives a displacement field (2 more channels,
   * tanh × `MAX_FLOW_SHARE` of the frame), the input is moved by it (bilinear, see `warpBilinear`) and the
   * change is added to the moved input. Motion then carries pixels along instead of repainting
   * them, as video-prediction networks that predict flow do (Liu et al. 2017, "Video frame
   * synthesis using deep voxel flow"); it still starts as copy-last. Absent (not false) otherwise.
   */
  readonly flow?: true;
  /**
   * How the decoder doubles resolution. Absent: pix2pix's 4×4 stride-2 transposed convolution.
   * `resize`: nearest-neighbour ×2 then a 3×3 convolution (Odena et al. 2016, "Deconvolution and
   * Checkerboard Artifacts"). A transposed convolution gives the four output phases of a flat
   * input four different kernel sums, so its output carries a 2-pixel grid; in a loop that
   * feeds G its own output, a faint grid in each frame adds up to a grid that covers the
   * picture. A resize-convolution maps a flat input to a flat output. On its own it did not
   * keep loops clean (single-pixel texture still grew; docs/research/2026-12-03-loop-texture.md).
   * Absent (not a value) on pix2pix's U-Net, so older shapes stay equal.
   */
  readonly upsample?: 'resize';
  /**
   * The input frame also reaches the output layer at full resolution, through a 3×3
   * convolution that starts at zero. pix2pix's U-Net sees its input only through stride-2
   * convolutions, so its finest skip is at half resolution: it cannot express even the best
   * linear 3×3 predictor, and in `residual` mode the input's finest detail passes through the
   * identity with nothing able to damp it, so texture the loop adds there only piles up.
   * Absent (not false) on pix2pix's U-Net, so older shapes stay equal.
   */
  readonly fullResolutionSkip?: true;
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

/** What a generator's output is: the next frame itself (pix2pix), the change from its input, or a motion field plus a change. */
export const GENERATOR_OUTPUTS = ['frame', 'change', 'motion'] as const;
export type GeneratorOutput = (typeof GENERATOR_OUTPUTS)[number];

/** How a U-Net's decoder upsamples: pix2pix's transposed convolution, or resize then convolve (see `UNetConfig.upsample`). */
export const GENERATOR_UPSAMPLINGS = ['transposed', 'resize'] as const;
export type GeneratorUpsampling = (typeof GENERATOR_UPSAMPLINGS)[number];

/** What a U-Net may change from pix2pix's (see `UNetConfig`); each left out is pix2pix's. */
export interface UNetVariant {
  readonly output?: GeneratorOutput;
  readonly upsampling?: GeneratorUpsampling;
  readonly fullResolutionSkip?: boolean;
}

/** The U-Net shape for `preset` at `size`: standard at 256 is pix2pix's 8-level unet_256. */
export function unetConfig(preset: GeneratorPreset, size: number, variant: UNetVariant = {}): UNetConfig {
  const shape = presetShapes[preset];
  const levels = Math.min(shape.levels, Math.floor(Math.log2(size)));
  const config = { size, levels, baseChannels: shape.baseChannels, maxChannels: shape.maxChannels, dropoutBlocks: Math.min(shape.dropoutBlocks, levels - 1) };
  return {
    ...config,
    ...(variant.output === 'change' || variant.output === 'motion' ? { residual: true } : {}),
    ...(variant.output === 'motion' ? { flow: true } : {}),
    ...(variant.upsampling === 'resize' ? { upsample: 'resize' } : {}),
    ...(variant.fullResolutionSkip ? { fullResolutionSkip: true } : {}),
  };
}

/** The variant `config` is, every field given. */
export function variantOf(config: UNetConfig): Required<UNetVariant> {
  return { output: outputOf(config), upsampling: upsamplingOf(config), fullResolutionSkip: config.fullResolutionSkip === true };
}

/** Whether `config` predicts the frame, the change from its input, or motion and change. */
export function outputOf(config: UNetConfig): GeneratorOutput {
  return config.flow ? 'motion' : config.residual ? 'change' : 'frame';
}

/** How `config`'s decoder upsamples. */
export function upsamplingOf(config: UNetConfig): GeneratorUpsampling {
  return config.upsample === 'resize' ? 'resize' : 'transposed';
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
/** The resize-convolution's kernel: odd, so it stays centred on the upsampled grid. */
const RESIZE_KERNEL = 3;
/** The full-resolution skip's kernel: the 3×3 neighbourhood a linear predictor of the change needs. */
const SKIP_KERNEL = 3;
const LEAK = 0.2;
/**
 * Largest displacement a `flow` network moves a pixel per frame, as a share of the frame's
 * width: 1 pixel at 64 px, 4 at 256. Adam moves every weight at about the learning rate per
 * step whatever its gradient, so the bound is also the flow's step size: at 8 pixels at 64 px
 * the first hundred steps threw pixels across the frame (one-step PSNR 6 dB under copy-last).
 */
export const MAX_FLOW_SHARE = 1 / 64;
const DROPOUT_RATE = 0.5;

/** Throws on a shape the U-Net cannot take. */
export function checkUNetConfig(config: UNetConfig): void {
  const { size, levels, baseChannels, maxChannels, dropoutBlocks, residual, flow, upsample, fullResolutionSkip } = config;
  if (residual !== undefined && residual !== true) throw new RangeError(`"residual" is true or absent, got ${String(residual)}`);
  if (flow !== undefined && (flow !== true || !residual)) throw new RangeError(`"flow" is true (with "residual") or absent, got ${String(flow)}`);
  if (upsample !== undefined && upsample !== 'resize') throw new RangeError(`"upsample" is "resize" or absent, got ${String(upsample)}`);
  if (fullResolutionSkip !== undefined && fullResolutionSkip !== true) throw new RangeError(`"fullResolutionSkip" is true or absent, got ${String(fullResolutionSkip)}`);
  const whole = (value: number, min: number) => Number.isInteger(value) && value >= min;
  if (!whole(levels, 2)) throw new RangeError(`A U-Net needs at least 2 levels, got ${levels}`);
  if (!whole(size, 2) || size % 2 ** levels !== 0) throw new RangeError(`Frame size ${size} is not divisible by 2^${levels}`);
  if (!whole(baseChannels, 1) || !whole(maxChannels, baseChannels)) throw new RangeError(`Bad channel counts ${baseChannels}…${maxChannels}`);
  if (!whole(dropoutBlocks, 0) || dropoutBlocks > levels - 1) throw new RangeError(`${dropoutBlocks} dropout blocks do not fit ${levels - 1} decoder blocks`);
}

/**
 * A pix2pix U-Net (4×4 stride-2 convolutions and transposed convolutions, LeakyReLU 0.2 down,
 * ReLU up, skip connections, tanh out) with seeded N(0, 0.02) weights. With `upsample: 'resize'`
 * the decoder doubles resolution by nearest-neighbour ×2 and a 3×3 convolution instead; with
 * `fullResolutionSkip` a 3×3 convolution of the input joins the output layer.
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
    builder.kernel(`dec${j}/kernel`, upsampleKernelShape(config, input, out));
    normWeights(builder, `dec${j}`, out);
  }
  // A residual network starts as the identity: a zero output layer adds no change.
  // A flow network's output layer gives the displacement (x, y) first, then the change.
  const outChannels = config.flow ? 5 : 3;
  const outShape = upsampleKernelShape(config, 2 * channels[0]!, outChannels);
  if (config.residual) builder.zeros('out/kernel', outShape);
  else builder.kernel('out/kernel', outShape);
  builder.zeros('out/bias', outChannels);
  // Zero, so the skip changes nothing until training gives it weight (a residual net still starts as copy-last).
  if (config.fullResolutionSkip) builder.zeros('skip/kernel', [SKIP_KERNEL, SKIP_KERNEL, 3, outChannels]);
  return { config, weights: builder.build() };
}

/** A decoder kernel from `input` to `out` channels: transposed convolutions store [k, k, out, in], convolutions [k, k, in, out]. */
function upsampleKernelShape(config: UNetConfig, input: number, out: number): [number, number, number, number] {
  return config.upsample === 'resize' ? [RESIZE_KERNEL, RESIZE_KERNEL, input, out] : [KERNEL, KERNEL, out, input];
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
      h = instanceNorm(tf, upsample(tf, config, tf.relu(input), kernel(`dec${j}`), options.filterGradient), w(`dec${j}/gamma`), w(`dec${j}/beta`));
      const block = inner - j;
      if (options.dropout && block < config.dropoutBlocks) {
        const seed = options.dropoutSeed === undefined ? undefined : options.dropoutSeed + block;
        h = tf.dropout(h, DROPOUT_RATE, undefined, seed) as Tensor4D;
      }
    }
    const last = tf.add(upsample(tf, config, tf.relu(tf.concat([h, skips[0]!], 3)), kernel('out'), options.filterGradient), w('out/bias'));
    const withInput = config.fullResolutionSkip ? tf.add(last, conv2d(tf, x, kernel('skip'), 1, 'same', options.filterGradient)) : last;
    if (!config.flow) return tf.tanh(config.residual ? tf.add(withInput, inverseTanh(tf, x)) : withInput) as Tensor4D;
    const [flow, change] = tf.split(withInput, [2, 3], 3) as [Tensor4D, Tensor4D];
    const moved = warpBilinear(tf, x, tf.mul(tf.tanh(flow), MAX_FLOW_SHARE * config.size));
    return tf.tanh(tf.add(change, inverseTanh(tf, moved))) as Tensor4D;
  });
}

/** Largest |x| fed to atanh: keeps saturated pixels (exact ±1) finite, about ±4.95 in logit space. */
const ATANH_LIMIT = 0.9999;

/** atanh(x) = ½ ln((1 + x) / (1 − x)), on x clipped inside (−1, 1). */
function inverseTanh(tf: Tf, x: Tensor4D): Tensor4D {
  const clipped = tf.clipByValue(x, -ATANH_LIMIT, ATANH_LIMIT);
  return tf.mul(tf.log(tf.div(tf.add(1, clipped), tf.sub(1, clipped))), 0.5);
}

/** Doubles `x`'s height and width with the decoder's `kernel`, as `config.upsample` says. */
function upsample(tf: Tf, config: UNetConfig, x: Tensor4D, kernel: Tensor4D, filterGradient: FilterGradient | undefined): Tensor4D {
  const [n, height, width] = x.shape;
  const transposed = config.upsample === 'resize' ? resizeConvolutionKernel(tf, kernel) : kernel;
  return conv2dTranspose(tf, x, transposed, [n, height * 2, width * 2, transposed.shape[2]], 2, 'same', filterGradient);
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
