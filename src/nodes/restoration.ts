import type { Tensor3D } from '@tensorflow/tfjs';
import { defineNode } from '../core';
import { MODEL_SIZES } from './model-sizes';
import { trainedWeights, trainingParams } from '../core/training-kit';
import type { ModelSource, Tf } from '../core';
import { createLiveNetwork, followParams } from './unet/live-network';
import type { LiveNetwork } from './unet/live-network';
import { disposeUNet, GENERATOR_OUTPUTS, GENERATOR_PRESETS, predictNextFrame } from './unet/unet';
import type { UNet } from './unet/unet';
import { GENERATOR_TYPE } from './next-frame-generator';
import { startRestorationTraining } from './restoration/restoration-job';

export const RESTORATION_TYPE = 'restoration';

/** The params every trainable node shares (Weights, Train steps, Batch size, Checkpoint every, Seed). */
const TRAINING = trainingParams(RESTORATION_TYPE, { steps: 2000, batch: 4 });

/** The node's live network, and where stored weights come from. */
export interface RestorationState extends LiveNetwork {
  /** Training reads the picked generator from here; the training context carries datasets only. */
  readonly models: ModelSource;
}

// As the generator's sizes: 32 px trains in seconds on a CPU (and in tests).

/**
 * A second pix2pix U-Net that pulls drifted loop frames back to plausible ones (seed 2, issue 6):
 * trained on a real frame pushed k ∈ 1…K times through a trained generator G, targeting the real
 * frame j ∈ 1…J frames later, so it restores the look without rewinding the motion. Place it
 * after G in the loop; it runs on frames where frame % every = 0 and blends its output with its
 * input by `strength`; other frames pass through untouched.
 */
export const restoration = defineNode({
  type: RESTORATION_TYPE,
  // 2: the "Predicts" param (output); restorers from before it predicted frames.
  // 3: "Drift with dropout" (generatorDropout); restorers from before it drifted without.
  version: 3,
  migrations: { 2: (params) => ({ ...params, output: 'frame' }), 3: (params) => ({ ...params, generatorDropout: false }) },
  title: 'Restoration',
  category: 'Models',
  description: 'U-Net that pulls drifted frames back to plausible ones. Train it with a trained generator, then put it after that generator in the loop.',
  keepsStateOnReset: true,
  inputs: [
    { name: 'frame', type: 'frame', label: 'Frame', optional: true },
    { name: 'dataset', type: 'dataset', label: 'Training data', optional: true },
  ],
  outputs: [{ name: 'frame', type: 'frame', label: 'Restored' }],
  params: {
    checkpoint: TRAINING.checkpoint,
    generator: { kind: 'checkpoint', label: 'Generator', default: '', of: GENERATOR_TYPE },
    preset: { kind: 'enum', label: 'Network', default: 'tiny', options: GENERATOR_PRESETS },
    size: { kind: 'enum', label: 'Model size', default: '64', options: MODEL_SIZES },
    // "change" (the default): R learns a correction added to its input, so an untrained R passes
    // frames through unchanged and training moves it only as far as the drift needs undoing;
    // a "frame" R starts as noise and, undertrained, pulls the loop towards a fixed picture.
    output: { kind: 'enum', label: 'Predicts', default: 'change', options: GENERATOR_OUTPUTS },
    every: { kind: 'number', label: 'Run every', default: 1, min: 1, max: 1000, step: 1, integer: true, unit: 'frames' },
    strength: { kind: 'number', label: 'Strength', default: 1, min: 0, max: 1, step: 0.05 },
    steps: TRAINING.steps,
    batch: TRAINING.batch,
    maxApplications: { kind: 'number', label: 'Drift depth K', default: 10, min: 1, max: 100, step: 1, integer: true },
    maxAhead: { kind: 'number', label: 'Target ahead J', default: 10, min: 1, max: 100, step: 1, integer: true, unit: 'frames' },
    pool: { kind: 'number', label: 'Drifted pairs', default: 128, min: 1, max: 4096, step: 16, integer: true },
    cycles: { kind: 'number', label: 'Pair refreshes', default: 8, min: 1, max: 1000, step: 1, integer: true },
    // On for a generator that runs with "Dropout in the loop": R then learns the drift that loop makes.
    generatorDropout: { kind: 'boolean', label: 'Drift with dropout', default: false },
    checkpointEvery: TRAINING.checkpointEvery,
    seed: TRAINING.seed,
  },
  create: ({ tf, params, models }): RestorationState => ({ ...createLiveNetwork(tf, params), models }),
  prepare: ({ state, params, models }) => followParams(state, params, models),
  process: ({ tf, inputs, state, params, size, frame }) => {
    const input = inputs['frame'];
    if (!input) return { frame: tf.zeros([size.height, size.width, 3]) as Tensor3D };
    // Passing the input through untouched keeps skipped frames and strength 0 exact (no resize round trip).
    if (frame % params.every !== 0 || params.strength <= 0) return { frame: input };
    const restored = restore(tf, state.net, input, size);
    if (params.strength >= 1) return { frame: restored };
    return { frame: tf.clipByValue(tf.add(tf.mul(input, 1 - params.strength), tf.mul(restored, params.strength)), 0, 1) as Tensor3D };
  },
  dispose: (state) => disposeUNet(state.net),
  training: { ...trainedWeights<RestorationState>(), start: (context) => startRestorationTraining(context) },
});

/** R(frame) at the graph's size, in [0, 1]: resized to the network's square and back, as the generator does. */
function restore(tf: Tf, net: UNet, frame: Tensor3D, size: { width: number; height: number }): Tensor3D {
  const modelSize = net.config.size;
  const square = frame.shape[0] === modelSize && frame.shape[1] === modelSize ? frame : tf.image.resizeBilinear(frame, [modelSize, modelSize], true);
  const out = predictNextFrame(tf, net, square);
  const back = modelSize === size.width && modelSize === size.height ? out : tf.image.resizeBilinear(out, [size.height, size.width], true);
  return tf.clipByValue(back, 0, 1) as Tensor3D;
}
