import type { Tensor, Tensor3D, Tensor4D } from '@tensorflow/tfjs';
import { defineNode } from '../core';
import type { FrameSize, ModelSource, Tf } from '../core';
import type { Fit, ValueRange } from './tfjs-model/conventions';
import { FITS, VALUE_RANGES, fromRange, inputSizeFor, outputProblem, toFrame, toRange } from './tfjs-model/conventions';
import type { ImportedModel } from './tfjs-model/imported-model';
import { buildImportedModel, unsupportedMessage } from './tfjs-model/imported-model';

interface TfjsModelState {
  readonly tf: Tf;
  readonly models: ModelSource;
  /** The built model and the stored model it came from. */
  loaded: { readonly sha256: string; readonly model: ImportedModel } | undefined;
  /** The settings under which a trial run succeeded, and the size to feed. */
  checked: { readonly key: string; readonly inputSize: FrameSize } | undefined;
}

/**
 * Bring your own model: runs a user's TensorFlow.js model (Layers or Graph; model.json and
 * weight files picked or dropped in the Model field, stored content-addressed in IndexedDB and
 * referenced by SHA-256) as a frame → frame node, e.g. a Magenta-style stylization network.
 *
 * - Conventions are params: the value range the model takes and gives (frames are [0, 1]), and
 *   whether frames are resized to a model's fixed input size (and its output back).
 * - Before the first frame, and whenever the model or those params change, the model is built
 *   and tried once on a blank input, so a wrong shape, an unsupported op or layer, or a wrong
 *   output shape is a clear node error rather than a failure deep in tfjs.
 * - Outputs are clipped to [0, 1], and resized to the frame size when the model gives another.
 * - Until a model is picked, frames pass through unchanged, so adding the node stops nothing.
 */
export const tfjsModel = defineNode({
  type: 'tfjs-model',
  version: 1,
  title: 'TF.js Model',
  category: 'Transform',
  description: 'Runs your own TensorFlow.js image-to-image model (model.json + weight files) on each frame.',
  inputs: [{ name: 'frame', type: 'frame', label: 'Frame' }],
  outputs: [{ name: 'frame', type: 'frame', label: 'Frame' }],
  params: {
    model: { kind: 'model', label: 'Model', default: '' },
    inputRange: { kind: 'enum', label: 'Input range', default: '0 to 1', options: VALUE_RANGES },
    outputRange: { kind: 'enum', label: 'Output range', default: '0 to 1', options: VALUE_RANGES },
    fit: { kind: 'enum', label: 'Size', default: 'frame size', options: FITS },
  },
  create: ({ tf, models }): TfjsModelState => ({ tf, models, loaded: undefined, checked: undefined }),
  prepare: async ({ state, params, size }) => {
    if (params.model === '') {
      release(state);
      return;
    }
    if (state.loaded?.sha256 !== params.model) {
      const artifacts = await state.models.loadModel(params.model);
      const model = await buildImportedModel(state.tf, artifacts);
      release(state);
      state.loaded = { sha256: params.model, model };
    }
    const key = `${params.model}|${params.inputRange}|${params.fit}|${size.width}x${size.height}`;
    if (state.checked?.key === key) return;
    const inputSize = inputSizeFor(state.loaded.model.inputShape, size, params.fit as Fit);
    if ('problem' in inputSize) throw new Error(inputSize.problem);
    trialRun(state.tf, state.loaded.model, inputSize, params.inputRange as ValueRange);
    state.checked = { key, inputSize };
  },
  process: ({ tf, state, params, inputs, size }) => {
    // No model picked yet: the loop goes on unchanged, as a source without a file shows blank.
    if (params.model === '') return { frame: inputs['frame'] };
    const model = state.loaded?.model;
    const inputSize = state.checked?.inputSize;
    if (!model || !inputSize) throw new Error('the model is not loaded yet');
    let batch = tf.expandDims(inputs['frame'], 0) as Tensor4D;
    if (inputSize.width !== size.width || inputSize.height !== size.height) batch = tf.image.resizeBilinear(batch, [inputSize.height, inputSize.width]);
    const output = runModel(tf, model, batch, params.inputRange as ValueRange);
    const problem = outputProblem(output.shape);
    if (problem) throw new Error(problem);
    return { frame: toFrame(tf, fromRange(tf, tf.cast(output, 'float32'), params.outputRange as ValueRange) as Tensor4D, size) };
  },
  dispose: release,
});

function runModel(tf: Tf, model: ImportedModel, batch: Tensor4D, range: ValueRange): Tensor {
  const scaled = toRange(tf, batch, range);
  // Some converted models take integer pixels (e.g. uint8 images exported as int32).
  const input = model.inputDtype === 'int32' ? tf.cast(tf.round(scaled), 'int32') : scaled;
  return model.run(input as Tensor4D);
}

/** One run on a blank input of the size frames will have. @throws Error naming the problem. */
function trialRun(tf: Tf, model: ImportedModel, size: FrameSize, range: ValueRange): void {
  let shape: number[];
  try {
    shape = tf.tidy(() => runModel(tf, model, tf.zeros([1, size.height, size.width, 3]), range).shape);
  } catch (error) {
    throw new Error(unsupportedMessage(error));
  }
  const problem = outputProblem(shape);
  if (problem) throw new Error(problem);
}

function release(state: TfjsModelState): void {
  state.loaded?.model.dispose();
  state.loaded = undefined;
  state.checked = undefined;
}
