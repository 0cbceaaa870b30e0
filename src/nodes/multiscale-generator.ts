import type { Tensor3D, Tensor4D } from '@tensorflow/tfjs';
import { defineNode } from '../core';
import { MODEL_SIZES } from './model-sizes';
import { trainedWeights, trainingParams } from '../core/training-kit';
import type { Tf } from '../core';
import { HISTORY_PORTS } from './frame-history';
import { DEFAULT_MOTION_THRESHOLD } from './multiscale/clip-crops';
import { createLiveMultiScale, followMultiScaleParams } from './multiscale/live-multiscale';
import type { LiveMultiScale } from './multiscale/live-multiscale';
import { disposeMultiScaleGenerator, MULTISCALE_PRESETS, predictFromHistory, SCALE_DIVISOR } from './multiscale/model';
import type { MultiScaleGenerator } from './multiscale/model';
import { startMultiScaleTraining } from './multiscale/multiscale-job';

export const MULTISCALE_TYPE = 'multiscale-generator';

/** The params every trainable node shares (Weights, Train steps, Batch size, Checkpoint every, Seed). */
const TRAINING = trainingParams(MULTISCALE_TYPE, { steps: 2000, batch: 8 });

const RUN_AT = { full: 1, '1/2': 0.5, '1/4': 0.25 } as const;
type RunAt = keyof typeof RUN_AT;

/**
 * Mathieu, Couprie & LeCun's multi-scale generator (docs/nodes.md): predicts the next frame from
 * the last 4, at 1/8, 1/4, 1/2 and full resolution, each scale refining the previous one's
 * prediction. Trained adversarially (a discriminator per scale, conditioned on the history)
 * with L2 (or L1) and the gradient difference loss, on random 32×32 crops of 5-frame clips that
 * move enough. Fully convolutional: the 32 px training crops teach a network that runs on whole
 * frames, at the graph's size (or a half or a quarter of it, for speed).
 *
 * In a loop, feed it a Frame History node: real frames first, then its own output. Unwired
 * history inputs repeat the next newer frame that is wired, so a single frame also works.
 */
export const multiscaleGenerator = defineNode({
  type: MULTISCALE_TYPE,
  version: 1,
  title: 'Multi-Scale Generator',
  category: 'Models',
  description: 'Multi-scale GAN (Mathieu et al.): the last 4 frames → the next one. Train it on a dataset, then loop it through a Frame History.',
  keepsStateOnReset: true,
  inputs: [
    { name: 't3', type: 'frame', label: 'Frame t−3', optional: true },
    { name: 't2', type: 'frame', label: 'Frame t−2', optional: true },
    { name: 't1', type: 'frame', label: 'Frame t−1', optional: true },
    { name: 't0', type: 'frame', label: 'Frame t', optional: true },
    { name: 'dataset', type: 'dataset', label: 'Training data', optional: true },
  ],
  outputs: [{ name: 'frame', type: 'frame', label: 'Next frame' }],
  params: {
    checkpoint: TRAINING.checkpoint,
    preset: { kind: 'enum', label: 'Network', default: 'small', options: MULTISCALE_PRESETS },
    runAt: { kind: 'enum', label: 'Run at', default: 'full', options: Object.keys(RUN_AT) as RunAt[] },
    steps: TRAINING.steps,
    batch: TRAINING.batch,
    trainSize: { kind: 'enum', label: 'Training frame size', default: '128', options: MODEL_SIZES },
    motionThreshold: { kind: 'number', label: 'Motion threshold', default: DEFAULT_MOTION_THRESHOLD, min: 0, max: 100_000, step: 10 },
    distance: { kind: 'enum', label: 'Distance', default: 'L2', options: ['L2', 'L1'] },
    gdlWeight: { kind: 'number', label: 'GDL weight', default: 1, min: 0, max: 100, step: 0.1 },
    advWeight: { kind: 'number', label: 'Adversarial weight', default: 0.05, min: 0, max: 10, step: 0.01 },
    checkpointEvery: TRAINING.checkpointEvery,
    seed: TRAINING.seed,
  },
  create: ({ tf, params }): LiveMultiScale => createLiveMultiScale(tf, params),
  prepare: ({ state, params, models }) => followMultiScaleParams(state, params, models),
  process: ({ tf, inputs, state, params, size }) => {
    const wired = HISTORY_PORTS.map((name) => inputs[name]);
    if (!wired.some(Boolean)) return { frame: tf.zeros([size.height, size.width, 3]) as Tensor3D };
    return { frame: predictFrame(tf, state.net, fillHistory(wired), size, RUN_AT[params.runAt as RunAt]) };
  },
  dispose: (state) => disposeMultiScaleGenerator(state.net),
  training: { ...trainedWeights<LiveMultiScale>(), start: (context) => startMultiScaleTraining(context) },
});

/** The 4 frames, oldest first, each gap filled with the next newer wired frame (or, for the newest, the nearest older one). */
function fillHistory(wired: ReadonlyArray<Tensor3D | undefined>): Tensor3D[] {
  const filled = [...wired];
  for (let i = filled.length - 2; i >= 0; i--) filled[i] ??= filled[i + 1];
  for (let i = 1; i < filled.length; i++) filled[i] ??= filled[i - 1];
  return filled as Tensor3D[];
}

/**
 * The next frame at the graph's size, in [0, 1]. The network needs sides divisible by 8, so the
 * frames are resized to the nearest such size at `scale` of the graph's and the prediction back.
 */
function predictFrame(tf: Tf, net: MultiScaleGenerator, frames: readonly Tensor3D[], size: { width: number; height: number }, scale: number): Tensor3D {
  const side = (n: number) => Math.max(SCALE_DIVISOR, Math.round((n * scale) / SCALE_DIVISOR) * SCALE_DIVISOR);
  const work: [number, number] = [side(size.height), side(size.width)];
  const resized = work[0] !== size.height || work[1] !== size.width;
  const batch = frames.map((frame) => tf.expandDims(resized ? tf.image.resizeBilinear(frame, work, true) : frame, 0) as Tensor4D);
  const next = tf.squeeze(predictFromHistory(tf, net, batch), [0]) as Tensor3D;
  const out = resized ? tf.image.resizeBilinear(next, [size.height, size.width], true) : next;
  return tf.clipByValue(out, 0, 1) as Tensor3D;
}
