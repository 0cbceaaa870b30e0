import type { io, NamedTensorMap } from '@tensorflow/tfjs';
import type { Tf } from '../../core';
import {
  assignCheckpointWeights, decodeGeneratorTensors, encodeGeneratorCheckpoint, generatorCheckpointFromArtifacts, generatorCheckpointToArtifacts,
  GENERATOR_PREFIX, withLoadedWeights,
} from '../generator/checkpoint-codec';
import type { GeneratorCheckpoint, GeneratorCheckpointContent, GeneratorCheckpointKind, GeneratorCheckpointManifest } from '../generator/checkpoint-codec';
import type { GanTrainingManifest } from '../generator/gan-state';
import type { MultiScaleDiscriminatorConfig } from './discriminator';
import type { MultiScaleLosses } from './losses';
import { checkMultiScaleConfig, createMultiScaleGenerator, disposeMultiScaleGenerator, MULTISCALE_PRESETS } from './model';
import type { MultiScaleConfig, MultiScaleGenerator, MultiScalePreset } from './model';
import type { MultiScaleSettings } from './settings';

export { GENERATOR_PREFIX } from '../generator/checkpoint-codec';

/** `format` of the ModelArtifacts these checkpoints become; the pix2pix generator's checkpoint layout, with its own name. */
export const MULTISCALE_CHECKPOINT_FORMAT = 'nfp-studio/multiscale-generator';
export const MULTISCALE_CHECKPOINT_VERSION = 1;

export type MultiScaleTrainingManifest = GanTrainingManifest<MultiScaleSettings, MultiScaleDiscriminatorConfig>;

interface MultiScaleCheckpointTypes {
  readonly format: typeof MULTISCALE_CHECKPOINT_FORMAT;
  readonly version: typeof MULTISCALE_CHECKPOINT_VERSION;
  readonly config: MultiScaleConfig;
  readonly preset: MultiScalePreset;
  readonly losses: MultiScaleLosses;
  readonly training: MultiScaleTrainingManifest;
}

export type MultiScaleCheckpointManifest = GeneratorCheckpointManifest<MultiScaleCheckpointTypes>;
export type MultiScaleCheckpoint = GeneratorCheckpoint<MultiScaleCheckpointTypes>;
export type MultiScaleCheckpointContent = GeneratorCheckpointContent<MultiScaleCheckpointTypes>;

const MULTISCALE_CHECKPOINT: GeneratorCheckpointKind<MultiScaleCheckpointTypes> = {
  format: MULTISCALE_CHECKPOINT_FORMAT,
  version: MULTISCALE_CHECKPOINT_VERSION,
  presets: MULTISCALE_PRESETS,
  checkConfig: checkMultiScaleConfig,
  wrongFormat: (format) => `Not a multi-scale generator checkpoint (format "${format}"); pick one saved by a Multi-Scale Generator.`,
  presetNoun: 'multi-scale',
};

/** Encodes `content`; the tensors are read, not disposed. */
export function encodeMultiScaleCheckpoint(tf: Tf, content: MultiScaleCheckpointContent): Promise<MultiScaleCheckpoint> {
  return encodeGeneratorCheckpoint(tf, MULTISCALE_CHECKPOINT, content);
}

/** Every tensor in the checkpoint, by name. The caller disposes them. */
export function decodeMultiScaleTensors(tf: Tf, checkpoint: MultiScaleCheckpoint): NamedTensorMap {
  return decodeGeneratorTensors(tf, checkpoint);
}

/** Copies the checkpoint's generator weights into `net`, which must have the same shape. @throws Error naming a misshapen weight. */
export function loadMultiScaleWeights(tf: Tf, net: MultiScaleGenerator, checkpoint: MultiScaleCheckpoint): void {
  assignCheckpointWeights(tf, net.weights, decodeMultiScaleTensors(tf, checkpoint), GENERATOR_PREFIX);
}

/** A new generator with the checkpoint's shape and weights. */
export function loadMultiScaleGenerator(tf: Tf, checkpoint: MultiScaleCheckpoint): MultiScaleGenerator {
  const net = createMultiScaleGenerator(tf, checkpoint.manifest.generator, 0);
  return withLoadedWeights(net, (loading) => loadMultiScaleWeights(tf, loading, checkpoint), disposeMultiScaleGenerator);
}

/** As tfjs ModelArtifacts for the content-addressed model library: shape in `modelTopology`, step, losses and trainer state in `userDefinedMetadata`. */
export function multiScaleToArtifacts(checkpoint: MultiScaleCheckpoint): io.ModelArtifacts {
  return generatorCheckpointToArtifacts(checkpoint);
}

/**
 * Reads a checkpoint back from ModelArtifacts. `_tf` is unused now that the weight buffers are
 * joined without it; it stays so that callers need not change. @throws Error saying what is
 * missing or wrong, for the user.
 */
export function multiScaleFromArtifacts(_tf: Tf, artifacts: io.ModelArtifacts): MultiScaleCheckpoint {
  return generatorCheckpointFromArtifacts(MULTISCALE_CHECKPOINT, artifacts);
}
