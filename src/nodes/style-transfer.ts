import type { Tensor3D } from '@tensorflow/tfjs';
import { defineNode } from '../core';
import { MODEL_SIZES } from './model-sizes';
import { trainedWeights, trainingParams } from '../core/training-kit';
import type { AssetSource } from '../core';
import { readImage } from './media/image-reader';
import { PictureFitter } from './media/picture-fitter';
import { createLiveStylizer, followStylizerParams } from './style/live-stylizer';
import type { LiveStylizer, StyleImageSource } from './style/live-stylizer';
import { startStyleTraining } from './style/style-job';
import { DEFAULT_STYLE_SETTINGS } from './style/style-settings';
import { disposeStylizer, STYLIZER_PRESETS, stylizeFrame } from './style/stylizer';

export const STYLE_TRANSFER_TYPE = 'style-transfer';

/** The params every trainable node shares (Weights, Train steps, Batch size, Checkpoint every, Seed). */
const TRAINING = trainingParams(STYLE_TRANSFER_TYPE, { steps: 1000, batch: 2 });

// Training sizes: the texture is learnt at this scale (px of the training crops); 32 trains in seconds on a CPU.

/**
 * A feed-forward stylizer (Johnson et al. 2016, scaled down) trained in the browser against one
 * style image: it gives every frame that image's texture while keeping the frame's layout. The
 * style loss needs no pretrained network (see style/texture-loss.ts). Train it on a Dataset of
 * the clip to be styled; in the graph it stylizes each frame at the frame's own size and blends
 * with the input by Strength. "Make stylized dataset…" in the inspector runs a whole dataset
 * through it, so a generator can learn the styled motion.
 */
export const styleTransfer = defineNode({
  type: STYLE_TRANSFER_TYPE,
  version: 1,
  title: 'Style Transfer',
  category: 'Models',
  description: 'Gives frames the texture of a style image. Pick the image, wire a Dataset of your clip, Train.',
  keepsStateOnReset: true,
  inputs: [
    { name: 'frame', type: 'frame', label: 'Frame', optional: true },
    { name: 'dataset', type: 'dataset', label: 'Training data', optional: true },
  ],
  outputs: [{ name: 'frame', type: 'frame', label: 'Stylized' }],
  params: {
    style: { kind: 'asset', label: 'Style image', default: '', accept: 'image' },
    checkpoint: TRAINING.checkpoint,
    preset: { kind: 'enum', label: 'Network', default: 'tiny', options: STYLIZER_PRESETS },
    size: { kind: 'enum', label: 'Training size', default: '64', options: MODEL_SIZES },
    strength: { kind: 'number', label: 'Strength', default: 1, min: 0, max: 1, step: 0.05 },
    steps: TRAINING.steps,
    batch: TRAINING.batch,
    styleWeight: { kind: 'number', label: 'Style weight', default: DEFAULT_STYLE_SETTINGS.styleWeight, min: 0.01, max: 100, step: 0.1 },
    contentWeight: { kind: 'number', label: 'Content weight', default: DEFAULT_STYLE_SETTINGS.contentWeight, min: 0, max: 100, step: 0.1 },
    tvWeight: { kind: 'number', label: 'Smoothness (TV) weight', default: DEFAULT_STYLE_SETTINGS.tvWeight, min: 0, max: 100, step: 0.1 },
    checkpointEvery: TRAINING.checkpointEvery,
    seed: TRAINING.seed,
  },
  create: ({ tf, params, assets }): LiveStylizer => createLiveStylizer(tf, params, assetStyleImages(assets)),
  prepare: ({ state, params, models }) => followStylizerParams(state, params, models),
  process: ({ tf, inputs, state, params, size }) => {
    const input = inputs['frame'];
    if (!input) return { frame: tf.zeros([size.height, size.width, 3]) as Tensor3D };
    // Strength 0 passes the frame through untouched (no network pass, no rounding).
    if (params.strength <= 0) return { frame: input };
    const stylized = stylizeFrame(tf, state.net, input);
    if (params.strength >= 1) return { frame: stylized };
    return { frame: tf.clipByValue(tf.add(tf.mul(input, 1 - params.strength), tf.mul(stylized, params.strength)), 0, 1) as Tensor3D };
  },
  dispose: (state) => disposeStylizer(state.net),
  training: { ...trainedWeights<LiveStylizer>(), start: (context) => startStyleTraining(context) },
});

/** The style image from the studio's stored files, centre-cropped to a square and drawn at the training size. */
function assetStyleImages(assets: AssetSource): StyleImageSource {
  return {
    async read(sha256, size) {
      const rgba = await readImage(assets, sha256, new PictureFitter({ width: size, height: size }), 'crop');
      const rgb = new Uint8Array(size * size * 3);
      for (let p = 0, q = 0; q < rgba.length; p += 3, q += 4) {
        rgb[p] = rgba[q]!;
        rgb[p + 1] = rgba[q + 1]!;
        rgb[p + 2] = rgba[q + 2]!;
      }
      return rgb;
    },
  };
}
