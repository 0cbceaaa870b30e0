import type { io } from '@tensorflow/tfjs';
import { utf8Length } from './bytes';
import type { ModelLibrary } from './model-library';

/** A tfjs IOHandler backed by the model library: `model.save(handler)`, `tf.loadLayersModel(handler)`. */
export interface ModelIOHandler extends io.IOHandler {
  save(artifacts: io.ModelArtifacts): Promise<io.SaveResult>;
  load(): Promise<io.ModelArtifacts>;
  /** The hash the last `save` stored the model under: what a graph file should reference. */
  readonly savedSha256: string | undefined;
}

/**
 * An IOHandler that saves under `name` and loads `sha256`, or after a save, what was saved.
 * @example
 * const handler = storage.modelIOHandler(undefined, 'Monet');
 * await model.save(handler);
 * const again = await tf.loadLayersModel(storage.modelIOHandler(handler.savedSha256));
 */
export function createModelIOHandler(
  models: Pick<ModelLibrary, 'saveModel' | 'loadModel'>, sha256?: string, name = 'Untitled model',
): ModelIOHandler {
  let savedSha256: string | undefined;
  return {
    get savedSha256() {
      return savedSha256;
    },
    async save(artifacts) {
      const saved = await models.saveModel(artifacts, name);
      savedSha256 = saved.sha256;
      return { modelArtifactsInfo: modelArtifactsInfo(artifacts) };
    },
    async load() {
      const key = savedSha256 ?? sha256;
      if (key === undefined) throw new Error('This model handler has nothing to load: give it a sha256 or save through it first');
      return models.loadModel(key);
    },
  };
}

/** What tfjs reports after a save; our equivalent of `io.getModelArtifactsInfoForJSON`, without importing tfjs. */
export function modelArtifactsInfo(artifacts: io.ModelArtifacts): io.ModelArtifactsInfo {
  const { modelTopology, weightSpecs, weightData } = artifacts;
  const isGraphDef = modelTopology instanceof ArrayBuffer;
  return {
    dateSaved: new Date(),
    modelTopologyType: isGraphDef ? 'GraphDef' : 'JSON',
    modelTopologyBytes: modelTopology == null ? 0 : isGraphDef ? modelTopology.byteLength : utf8Length(JSON.stringify(modelTopology)),
    weightSpecsBytes: weightSpecs == null ? 0 : utf8Length(JSON.stringify(weightSpecs)),
    weightDataBytes: weightData == null ? 0 : [weightData].flat().reduce((sum, part) => sum + part.byteLength, 0),
  };
}
