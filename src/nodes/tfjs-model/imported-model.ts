import type { GraphModel, io, LayersModel, Tensor, Tensor4D } from '@tensorflow/tfjs';
import type { Tf } from '../../core';
import { errorMessage } from '../../core';

/** A user's model, Layers or Graph, behind one call: one NHWC batch in, one tensor out. */
export interface ImportedModel {
  readonly kind: 'layers' | 'graph';
  /** The input's declared shape (null/-1 = any), undefined when the model does not say. */
  readonly inputShape: readonly (number | null)[] | undefined;
  readonly inputDtype: string;
  run(batch: Tensor4D): Tensor;
  dispose(): void;
}

/** True for the artifacts of a converted TensorFlow graph (a GraphDef), false for a Keras-style Layers model. */
export function isGraphModel(artifacts: io.ModelArtifacts): boolean {
  if (artifacts.format === 'graph-model') return true;
  if (artifacts.format === 'layers-model') return false;
  const topology = artifacts.modelTopology as { node?: unknown } | undefined;
  return topology !== undefined && !(topology instanceof ArrayBuffer) && Array.isArray(topology.node);
}

/**
 * Builds the model from stored artifacts. @throws Error saying which op or layer tfjs lacks,
 * or why the model cannot run as a frame → frame node (several inputs or outputs).
 */
export async function buildImportedModel(tf: Tf, artifacts: io.ModelArtifacts): Promise<ImportedModel> {
  const handler = tf.io.fromMemory(artifacts);
  let model: ImportedModel;
  try {
    model = isGraphModel(artifacts) ? fromGraph(await tf.loadGraphModel(handler)) : fromLayers(await tf.loadLayersModel(handler));
  } catch (error) {
    throw new Error(unsupportedMessage(error));
  }
  return model;
}

function fromLayers(model: LayersModel): ImportedModel {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    model.dispose();
    throw new Error(`the model has ${model.inputs.length} inputs and ${model.outputs.length} outputs; a frame node needs exactly one of each (an image in, an image out)`);
  }
  return {
    kind: 'layers',
    inputShape: model.inputs[0]!.shape,
    inputDtype: model.inputs[0]!.dtype,
    run: (batch) => model.predict(batch) as Tensor,
    dispose: () => model.dispose(),
  };
}

function fromGraph(model: GraphModel): ImportedModel {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    model.dispose();
    throw new Error(`the model has ${model.inputs.length} inputs and ${model.outputs.length} outputs; a frame node needs exactly one of each (an image in, an image out)`);
  }
  const input = model.inputs[0]!;
  return {
    kind: 'graph',
    inputShape: input.shape?.map((d) => (d < 0 ? null : d)),
    inputDtype: input.dtype,
    run: (batch) => {
      try {
        return model.execute(batch) as Tensor;
      } catch (error) {
        // Control flow (while loops, dynamic shapes) needs executeAsync, which a synchronous frame step cannot await.
        if (error instanceof Error && /executeAsync/.test(error.message)) {
          throw new Error('the model has control-flow ops that need asynchronous execution, which a frame node cannot run');
        }
        throw error;
      }
    },
    dispose: () => model.dispose(),
  };
}

/** tfjs's load and kernel errors, said in terms of the user's model. */
export function unsupportedMessage(error: unknown): string {
  const message = errorMessage(error);
  const op = /Unknown op '([^']+)'/.exec(message) ?? /Tensorflow Op is not supported: (\S+)/.exec(message);
  if (op) return `the model uses the op "${op[1]}", which TensorFlow.js does not support`;
  const layer = /Unknown layer: (\w+)/.exec(message);
  if (layer) return `the model uses the layer "${layer[1]}", which TensorFlow.js does not know (custom layers cannot be loaded from files)`;
  const kernel = /Kernel '([^']+)' not registered for backend '([^']+)'/.exec(message);
  if (kernel) return `the model uses the op "${kernel[1]}", which the ${kernel[2]} backend cannot run; try another backend`;
  return `the model could not be loaded: ${message}`;
}
