import type { io, NamedTensorMap } from '@tensorflow/tfjs';
import type { Tf } from '../../core';
import {
  assignCheckpointWeights, decodeGeneratorTensors, encodeGeneratorCheckpoint, generatorCheckpointFromArtifacts, generatorCheckpointToArtifacts,
  GENERATOR_PREFIX, withLoadedWeights,
} from './checkpoint-codec';
import type { GeneratorCheckpoint, GeneratorCheckpointContent, GeneratorCheckpointKind, GeneratorCheckpointManifest } from './checkpoint-codec';
import type { GanTrainingManifest } from './gan-state';
import type { StepLosses } from './losses';
import type { PatchGanConfig } from './patchgan';
import type { TrainerSettings } from './trainer-settings';
import { checkUNetConfig, createUNet, disposeUNet, GENERATOR_PRESETS } from './unet';
import type { GeneratorPreset, UNet, UNetConfig } from './unet';

export { GENERATOR_PREFIX } from './checkpoint-codec';

/** `format` of the ModelArtifacts these checkpoints become. */
export const CHECKPOINT_FORMAT = 'nfp-studio/next-frame-generator';
export const CHECKPOINT_VERSION = 1;

/** What a checkpoint needs beyond the generator to resume training exactly. */
export type TrainingManifest = GanTrainingManifest<TrainerSettings, PatchGanConfig>;

interface NextFrameCheckpointTypes {
  readonly format: typeof CHECKPOINT_FORMAT;
  readonly version: typeof CHECKPOINT_VERSION;
  readonly config: UNetConfig;
  readonly preset: GeneratorPreset;
  readonly losses: StepLosses;
  readonly training: TrainingManifest;
}

/** A checkpoint's JSON half: what the weight bytes are and where they came from. */
export type CheckpointManifest = GeneratorCheckpointManifest<NextFrameCheckpointTypes>;
/** A generator (and optionally its trainer) as a JSON manifest plus one buffer of little-endian float32 weights. */
export type Checkpoint = GeneratorCheckpoint<NextFrameCheckpointTypes>;
export type CheckpointContent = GeneratorCheckpointContent<NextFrameCheckpointTypes>;

const NEXT_FRAME_CHECKPOINT: GeneratorCheckpointKind<NextFrameCheckpointTypes> = {
  format: CHECKPOINT_FORMAT,
  version: CHECKPOINT_VERSION,
  presets: GENERATOR_PRESETS,
  checkConfig: checkUNetConfig,
  wrongFormat: (format) => `Not a next-frame generator checkpoint (format "${format}")`,
  presetNoun: 'generator',
};

/** Encodes `content` into a checkpoint. The tensors are read, not disposed. */
export function encodeCheckpoint(tf: Tf, content: CheckpointContent): Promise<Checkpoint> {
  return encodeGeneratorCheckpoint(tf, NEXT_FRAME_CHECKPOINT, content);
}

/** Every tensor in the checkpoint, by name. The caller disposes them. */
export function decodeCheckpointTensors(tf: Tf, checkpoint: Checkpoint): NamedTensorMap {
  return decodeGeneratorTensors(tf, checkpoint);
}

/** A new generator with the checkpoint's shape and weights. */
export function loadGenerator(tf: Tf, checkpoint: Checkpoint): UNet {
  // The seed does not matter: every weight is overwritten.
  return withLoadedWeights(createUNet(tf, checkpoint.manifest.generator, 0), (net) => loadGeneratorWeights(tf, net, checkpoint), disposeUNet);
}

/** Copies the checkpoint's generator weights into `net`, which must have the same shape. */
export function loadGeneratorWeights(tf: Tf, net: UNet, checkpoint: Checkpoint): void {
  assignCheckpointWeights(tf, net.weights, decodeCheckpointTensors(tf, checkpoint), GENERATOR_PREFIX);
}

/**
 * The checkpoint as tfjs ModelArtifacts, for the content-addressed model library: the shape
 * goes in `modelTopology`, the step, losses and trainer state in `userDefinedMetadata`.
 */
export function checkpointToArtifacts(checkpoint: Checkpoint): io.ModelArtifacts {
  return generatorCheckpointToArtifacts(checkpoint);
}

/** Reads a checkpoint back from ModelArtifacts. @throws Error saying what is missing or wrong. */
export function checkpointFromArtifacts(artifacts: io.ModelArtifacts): Checkpoint {
  return generatorCheckpointFromArtifacts(NEXT_FRAME_CHECKPOINT, artifacts);
}
