import type { Tensor3D, Tensor4D } from '@tensorflow/tfjs';
import { defineNode } from '../core';
import { MODEL_SIZES } from './model-sizes';
import { FRAME_DISTANCES, trainedWeights, trainingParams } from '../core/training-kit';
import { healthiestLoopCheckpoint } from './generator/checkpoint-choice';
import { startGeneratorTraining } from './generator/generator-job';
import { GENERATOR_REFERENCE_LOSSES } from './generator/held-out-figures';
import { createLiveNetwork, followParams } from './unet/live-network';
import { DEFAULT_L1_WEIGHT } from './unet/trainer-settings';
import type { LiveNetwork } from './unet/live-network';
import { CUSTOM_RECIPE, DEFAULT_RECIPE, GENERATOR_RECIPES, PIX2PIX_RECIPE, RECIPE_OPTIONS, recipeOf } from './generator/recipes';
import { disposeUNet, fromModelRange, GENERATOR_OUTPUTS, GENERATOR_PRESETS, GENERATOR_UPSAMPLINGS, runUNet, toModelRange } from './unet/unet';

export const GENERATOR_TYPE = 'next-frame-generator';

/** The params every trainable node shares (Weights, Train steps, Batch size, Checkpoint every, Seed). */
const TRAINING = trainingParams(GENERATOR_TYPE, { steps: 2000, batch: 4 });

/** The node's live network, plus a frame counter so a stochastic loop draws new dropout masks each frame, reproducibly. */
export interface GeneratorState extends LiveNetwork {
  frames: number;
}


/** Every default a recipe sets comes from the default recipe, so the table in recipes.ts is the one place to change them. */
const DEFAULTS = GENERATOR_RECIPES[DEFAULT_RECIPE];
const PIX2PIX = GENERATOR_RECIPES[PIX2PIX_RECIPE];

/**
 * Version 6 gave the node its Recipe, and new defaults (the Living loop recipe's). A graph saved
 * before kept pix2pix's defaults for every param it did not store, so those are filled in with
 * pix2pix's values, and the Recipe names the recipe the params now match (a v5 node left at its
 * defaults shows "pix2pix (Henry)").
 */
function toRecipes(params: Record<string, unknown>): Record<string, unknown> {
  const filled = { ...params };
  for (const [name, value] of Object.entries(PIX2PIX)) if (!Object.hasOwn(filled, name)) filled[name] = value;
  return { ...filled, recipe: recipeOf(filled) };
}

/**
 * A U-Net that predicts the next frame from the current one (pix2pix's generator, built in
 * src/nodes/unet/unet.ts; docs/nodes.md). Frames are resized to the model's
 * square size, predicted, and resized back to the graph's frame size.
 *
 * The Recipe param sets how the network is built and trained in one choice (recipes.ts): the
 * default "Living loop" predicts motion and trains for a loop that keeps moving; "pix2pix
 * (Henry)" is pix2pix as published with Henry's drift schedule, the defaults before version 6.
 * Editing one of those params by hand makes the Recipe "Custom".
 *
 * Training (the Training section of the inspector) learns from the dataset wired into
 * `dataset`: pairs (n → n + gap), plus, with Feedback pairs on, Henry's drifted pairs — the
 * network's own r-fold predictions paired with the true next frame — rebuilt every cycle.
 * The loop uses the weights as they learn. When a run reaches its steps, the node takes the
 * checkpoint whose held-out loop check came out best, not the newest (checkpoint-choice.ts).
 * Starting training again fine-tunes the current weights with a fresh optimiser; Resume on a
 * checkpoint continues exactly where it stopped.
 */
export const nextFrameGenerator = defineNode({
  type: GENERATOR_TYPE,
  // 2: the "Predicts" param (output); graphs from before it predicted frames.
  // 3: the loss params (frameLoss, frameWeight, adversarialWeight); before them, pix2pix's.
  // 4: the "Upsampling", "Full-resolution skip" and "Zoom jitter" params; before them, pix2pix's transposed convolutions, no skip, jitter.
  // 5: "Held-out frames"; graphs from before it trained on every frame.
  // 6: "Recipe", and the Living loop recipe's defaults; graphs from before it keep pix2pix's.
  version: 6,
  migrations: {
    2: (params) => ({ ...params, output: 'frame' }),
    3: (params) => ({ ...params, frameLoss: 'L1', frameWeight: DEFAULT_L1_WEIGHT, adversarialWeight: 1 }),
    4: (params) => ({ ...params, upsample: 'transposed', fullResSkip: false, jitter: true }),
    5: (params) => ({ ...params, heldOut: 0 }),
    6: toRecipes,
  },
  title: 'Next-Frame Generator',
  category: 'Models',
  description: 'U-Net: frame → next frame, trained by a recipe (Living loop, or pix2pix as published). Train it on a dataset, then feed it its own output.',
  keepsStateOnReset: true,
  inputs: [
    { name: 'frame', type: 'frame', label: 'Frame', optional: true },
    { name: 'dataset', type: 'dataset', label: 'Training data', optional: true },
  ],
  outputs: [{ name: 'frame', type: 'frame', label: 'Next frame' }],
  presets: { param: 'recipe', custom: CUSTOM_RECIPE, values: GENERATOR_RECIPES },
  params: {
    checkpoint: TRAINING.checkpoint,
    recipe: { kind: 'enum', label: 'Recipe', default: DEFAULT_RECIPE, options: RECIPE_OPTIONS },
    preset: { kind: 'enum', label: 'Network', default: 'tiny', options: GENERATOR_PRESETS },
    size: { kind: 'enum', label: 'Model size', default: '64', options: MODEL_SIZES },
    // "change": the network learns frame → next − frame (residual); it starts as copy-last instead of as noise.
    // "motion": it also moves the frame's pixels by a displacement field it predicts (see UNetConfig.flow).
    output: { kind: 'enum', label: 'Predicts', default: DEFAULTS.output, options: GENERATOR_OUTPUTS },
    // "resize": nearest ×2 + 3×3 conv in the decoder; no 2-pixel grid to pile up in the loop (see UNetConfig.upsample).
    upsample: { kind: 'enum', label: 'Upsampling', default: DEFAULTS.upsample, options: GENERATOR_UPSAMPLINGS },
    // A 3×3 convolution of the input joins the output layer, so the network can act on single pixels (see UNetConfig.fullResolutionSkip).
    fullResSkip: { kind: 'boolean', label: 'Full-resolution skip', default: DEFAULTS.fullResSkip },
    stochastic: { kind: 'boolean', label: 'Dropout in the loop', default: DEFAULTS.stochastic },
    steps: TRAINING.steps,
    batch: TRAINING.batch,
    gap: { kind: 'number', label: 'Predict ahead', default: 1, min: 1, max: 30, step: 1, integer: true, unit: 'frames' },
    // The dataset's last frames, scored at every checkpoint: a tiny network memorises a short clip, and only unseen frames show when (docs/research/2026-12-03-held-out-loss.md).
    heldOut: { kind: 'number', label: 'Held-out frames', default: DEFAULTS.heldOut, min: 0, max: 50, step: 5, integer: true, unit: '%' },
    frameLoss: { kind: 'enum', label: 'Frame loss', default: DEFAULTS.frameLoss, options: FRAME_DISTANCES },
    frameWeight: { kind: 'number', label: 'Frame loss weight λ', default: DEFAULTS.frameWeight, min: 0, max: 1000, step: 1 },
    adversarialWeight: { kind: 'number', label: 'Adversarial weight', default: DEFAULTS.adversarialWeight, min: 0, max: 10, step: 0.01 },
    // Asks each prediction for its target's amount of change and detail, at full and 4×4-pooled scale (loop-statistics-loss.ts).
    statisticsWeight: { kind: 'number', label: 'Loop statistics weight', default: DEFAULTS.statisticsWeight, min: 0, max: 100, step: 0.01 },
    // pix2pix's zoom-and-crop; its bilinear zoom blurs away single-pixel detail, which then goes unlearned (docs/research/2026-12-03-loop-texture.md).
    jitter: { kind: 'boolean', label: 'Zoom jitter', default: DEFAULTS.jitter },
    feedbackPairs: { kind: 'boolean', label: 'Feedback pairs', default: DEFAULTS.feedbackPairs },
    cycles: { kind: 'number', label: 'Feedback cycles', default: DEFAULTS.cycles, min: 1, max: 100, step: 1, integer: true },
    driftDepth: { kind: 'number', label: 'Drift depth R', default: DEFAULTS.driftDepth, min: 1, max: 100, step: 1, integer: true },
    driftStarts: { kind: 'number', label: 'Drifts per cycle', default: DEFAULTS.driftStarts, min: 0, max: 1000, step: 1, integer: true },
    longDrifts: { kind: 'number', label: 'Long drifts', default: DEFAULTS.longDrifts, min: 0, max: 20, step: 1, integer: true },
    longDriftDepth: { kind: 'number', label: 'Long drift depth', default: DEFAULTS.longDriftDepth, min: 2, max: 500, step: 1, integer: true },
    swapSeconds: { kind: 'number', label: 'Swap weights every (0 = every 10 steps)', default: 20, min: 0, max: 3600, step: 1, unit: 's' },
    checkpointEvery: TRAINING.checkpointEvery,
    seed: TRAINING.seed,
  },
  create: ({ tf, params }): GeneratorState => ({ ...createLiveNetwork(tf, params), frames: 0 }),
  prepare: ({ state, params, models }) => followParams(state, params, models),
  process: ({ tf, inputs, state, params, size }) => {
    const frame = inputs['frame'];
    state.frames++;
    if (!frame) return { frame: tf.zeros([size.height, size.width, 3]) as Tensor3D };
    const modelSize = state.net.config.size;
    const square = tf.image.resizeBilinear(frame, [modelSize, modelSize], true);
    const batch = toModelRange(tf, tf.expandDims(square, 0) as Tensor4D);
    const options = params.stochastic ? { dropout: true, dropoutSeed: params.seed * 7919 + state.frames } : {};
    const next = fromModelRange(tf, runUNet(tf, state.net, batch, options)).squeeze([0]) as Tensor3D;
    const out = modelSize === size.width && modelSize === size.height ? next : tf.image.resizeBilinear(next, [size.height, size.width], true);
    return { frame: tf.clipByValue(out, 0, 1) as Tensor3D };
  },
  dispose: (state) => disposeUNet(state.net),
  training: {
    ...trainedWeights<GeneratorState>(),
    start: (context) => startGeneratorTraining(context),
    preferCheckpoint: healthiestLoopCheckpoint,
    referenceLosses: GENERATOR_REFERENCE_LOSSES,
  },
});
