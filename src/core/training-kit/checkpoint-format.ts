import type { io, NamedTensorMap } from '@tensorflow/tfjs';
import type { Tf } from '../graph/node-definition';
import {
  assignCheckpointWeights, decodeGeneratorTensors, encodeGeneratorCheckpoint, generatorCheckpointFromArtifacts, generatorCheckpointToArtifacts,
  GENERATOR_PREFIX, withLoadedWeights,
} from './checkpoint-codec';
import type { GeneratorCheckpoint, GeneratorCheckpointContent, GeneratorCheckpointKind, GeneratorCheckpointTypes } from './checkpoint-codec';
import type { WeightMap } from './weights';

/** What a node tells `defineCheckpointFormat` about its network, beside the format's name and checks. */
export interface CheckpointFormatSpec<T extends GeneratorCheckpointTypes, Net extends { readonly weights: WeightMap }> extends GeneratorCheckpointKind<T> {
  /** A new network of `config`'s shape; `load` overwrites every weight, so the seed does not matter there. */
  readonly create: (tf: Tf, config: T['config'], seed: number) => Net;
  readonly dispose: (net: Net) => void;
}

/**
 * One kind of checkpoint: a trained network (and optionally its trainer) as tfjs ModelArtifacts
 * for the content-addressed model library. Every method is a plain function (no `this`), so a
 * node may re-export them under its own names.
 */
export interface CheckpointFormat<T extends GeneratorCheckpointTypes, Net extends { readonly weights: WeightMap }> {
  readonly format: T['format'];
  readonly version: T['version'];
  /** Encodes `content`; the tensors are read, not disposed. */
  readonly encode: (tf: Tf, content: GeneratorCheckpointContent<T>) => Promise<GeneratorCheckpoint<T>>;
  /** Every tensor in the checkpoint, by name. The caller disposes them. */
  readonly decodeTensors: (tf: Tf, checkpoint: GeneratorCheckpoint<T>) => NamedTensorMap;
  /** Copies the checkpoint's network weights into `net` (same shape). @throws Error naming a misshapen weight. */
  readonly loadWeights: (tf: Tf, net: Net, checkpoint: GeneratorCheckpoint<T>) => void;
  /** A new network with the checkpoint's shape and weights. */
  readonly load: (tf: Tf, checkpoint: GeneratorCheckpoint<T>) => Net;
  /** The shape goes in `modelTopology`; step, losses and trainer state in `userDefinedMetadata`. */
  readonly toArtifacts: (checkpoint: GeneratorCheckpoint<T>) => io.ModelArtifacts;
  /** @throws Error saying, for the user, what is missing or wrong (another format, a bad shape…). */
  readonly fromArtifacts: (artifacts: io.ModelArtifacts) => GeneratorCheckpoint<T>;
}

/**
 * A checkpoint format in the generator layout (network under `generator/`, trainer state beside
 * it) with the node's own format name. The next-frame generator, the restoration node (which
 * shares the generator's), the multi-scale generator and plugins define theirs with this, so the
 * stored bytes and their checks are the same everywhere and older checkpoints keep opening.
 * @example
 * const GRADE = defineCheckpointFormat({ format: 'my-plugin/grade', version: 1, presets: ['one'], checkConfig, wrongFormat, presetNoun: 'grade', create, dispose });
 * const artifacts = GRADE.toArtifacts(await GRADE.encode(tf, { generator: net, step }));
 */
export function defineCheckpointFormat<T extends GeneratorCheckpointTypes, Net extends { readonly weights: WeightMap }>(
  spec: CheckpointFormatSpec<T, Net>,
): CheckpointFormat<T, Net> {
  const decodeTensors = (tf: Tf, checkpoint: GeneratorCheckpoint<T>) => decodeGeneratorTensors(tf, checkpoint);
  const loadWeights = (tf: Tf, net: Net, checkpoint: GeneratorCheckpoint<T>) => assignCheckpointWeights(tf, net.weights, decodeTensors(tf, checkpoint), GENERATOR_PREFIX);
  return {
    format: spec.format,
    version: spec.version,
    encode: (tf, content) => encodeGeneratorCheckpoint(tf, spec, content),
    decodeTensors,
    loadWeights,
    load: (tf, checkpoint) => withLoadedWeights(spec.create(tf, checkpoint.manifest.generator, 0), (net) => loadWeights(tf, net, checkpoint), spec.dispose),
    toArtifacts: (checkpoint) => generatorCheckpointToArtifacts(checkpoint),
    fromArtifacts: (artifacts) => generatorCheckpointFromArtifacts(spec, artifacts),
  };
}
