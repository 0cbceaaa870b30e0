import type { Tensor, Tensor4D } from '@tensorflow/tfjs';
import type { Tf } from '../../core';
import { conv2d, disposeWeights, instanceNorm, RandomStream, WeightBuilder } from '../../core/training-kit';
import type { FilterGradient, WeightMap } from '../../core/training-kit';
import type { GeneratorPreset } from './unet';

/** A conditional PatchGAN's shape (junyanz's NLayerDiscriminator). */
export interface PatchGanConfig {
  /** Stride-2 layers; 3 gives pix2pix's 70×70 patches, 2 gives 34×34. */
  readonly layers: number;
  readonly baseChannels: number;
  readonly maxChannels: number;
}

const presets: Readonly<Record<GeneratorPreset, PatchGanConfig>> = {
  tiny: { layers: 2, baseChannels: 16, maxChannels: 64 },
  small: { layers: 3, baseChannels: 32, maxChannels: 256 },
  standard: { layers: 3, baseChannels: 64, maxChannels: 512 },
};

/** The discriminator that trains alongside the `preset` generator. */
export function patchGanConfig(preset: GeneratorPreset): PatchGanConfig {
  return presets[preset];
}

export interface PatchGan {
  readonly config: PatchGanConfig;
  readonly weights: WeightMap;
}

const KERNEL = 4;
const LEAK = 0.2;
/** Each conv sees a 1-pixel zero border, as pix2pix's (pad 1, then VALID). */
const PAD = 1;

/** Side of the input square one output logit sees: 70 for 3 layers. */
export function receptiveField(config: PatchGanConfig): number {
  let field = 1;
  const strides = [...Array<number>(config.layers).fill(2), 1, 1];
  for (const stride of strides.reverse()) field = (field - 1) * stride + KERNEL;
  return field;
}

/** Side of the logit map for `size` × `size` frames: 30 at 256 with 3 layers. */
export function logitSize(config: PatchGanConfig, size: number): number {
  let side = size;
  for (let i = 0; i < config.layers; i++) side = Math.floor((side + 2 * PAD - KERNEL) / 2) + 1;
  return side - 2;
}

function layerChannels(config: PatchGanConfig): number[] {
  return Array.from({ length: config.layers + 1 }, (_, i) => Math.min(config.baseChannels * 2 ** i, config.maxChannels));
}

/**
 * A conditional PatchGAN discriminator with seeded N(0, 0.02) weights: 4×4 convs, `layers`
 * stride-2 then one stride-1 (LeakyReLU 0.2, instance norm after the first), then a stride-1
 * conv to one logit per patch. It sees the input frame and a real or predicted next frame
 * stacked as 6 channels, so it judges the pair, not the frame alone.
 */
export function createPatchGan(tf: Tf, config: PatchGanConfig, seed: number): PatchGan {
  if (!Number.isInteger(config.layers) || config.layers < 1) throw new RangeError(`A PatchGAN needs at least 1 layer, got ${config.layers}`);
  const channels = layerChannels(config);
  const builder = new WeightBuilder(tf, 'patchgan', new RandomStream(seed));
  channels.forEach((out, i) => {
    builder.kernel(`conv${i}/kernel`, [KERNEL, KERNEL, i === 0 ? 6 : channels[i - 1]!, out]);
    if (i === 0) {
      builder.zeros('conv0/bias', out);
    } else {
      builder.scale(`conv${i}/gamma`, out);
      builder.zeros(`conv${i}/beta`, out);
    }
  });
  builder.kernel('logits/kernel', [KERNEL, KERNEL, channels[config.layers]!, 1]);
  builder.zeros('logits/bias', 1);
  return { config, weights: builder.build() };
}

/**
 * Logits ([N, s, s, 1], s = `logitSize`) saying how real each patch of the pair
 * (`condition` → `frame`, both [N, size, size, 3] in [-1, 1]) looks. `filterGradient` matters
 * only inside a gradient tape.
 * @throws RangeError when the frames are too small for the layer count.
 */
export function runPatchGan(tf: Tf, net: PatchGan, condition: Tensor4D, frame: Tensor4D, filterGradient?: FilterGradient): Tensor4D {
  const { config, weights } = net;
  const size = condition.shape[1];
  if (logitSize(config, size) < 1) throw new RangeError(`${size}px frames are too small for a ${config.layers}-layer PatchGAN`);
  const w = (name: string): Tensor => {
    const variable = weights[name];
    if (!variable) throw new Error(`The PatchGAN has no weight "${name}"`);
    return variable;
  };
  return tf.tidy(() => {
    let h: Tensor4D = tf.concat([condition, frame], 3);
    for (let i = 0; i <= config.layers; i++) {
      const stride = i < config.layers ? 2 : 1;
      const conv = conv2d(tf, h, w(`conv${i}/kernel`) as Tensor4D, stride, PAD, filterGradient);
      const normed = i === 0 ? tf.add(conv, w('conv0/bias')) : instanceNorm(tf, conv, w(`conv${i}/gamma`), w(`conv${i}/beta`));
      h = tf.leakyRelu(normed, LEAK) as Tensor4D;
    }
    return tf.add(conv2d(tf, h, w('logits/kernel') as Tensor4D, 1, PAD, filterGradient), w('logits/bias'));
  });
}

export function disposePatchGan(net: PatchGan): void {
  disposeWeights(net.weights);
}
