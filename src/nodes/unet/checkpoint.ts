import { defineCheckpointFormat } from '../../core/training-kit';
import type { GanTrainingManifest, GeneratorCheckpoint, GeneratorCheckpointContent, GeneratorCheckpointManifest } from '../../core/training-kit';
import type { PatchGanConfig } from './patchgan';
import type { StepLosses, TrainerSettings } from './trainer-settings';
import { checkUNetConfig, createUNet, disposeUNet, GENERATOR_PRESETS } from './unet';
import type { GeneratorPreset, UNet, UNetConfig } from './unet';

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

/** The generator's checkpoints (the restoration node stores its own in the same format). */
export const GENERATOR_CHECKPOINT = defineCheckpointFormat<NextFrameCheckpointTypes, UNet>({
  format: CHECKPOINT_FORMAT,
  version: CHECKPOINT_VERSION,
  presets: GENERATOR_PRESETS,
  checkConfig: checkUNetConfig,
  wrongFormat: (format) => `Not a next-frame generator checkpoint (format "${format}")`,
  presetNoun: 'generator',
  create: createUNet,
  dispose: disposeUNet,
});

// The names the generator, restoration and eval code call them by.
export const {
  encode: encodeCheckpoint, decodeTensors: decodeCheckpointTensors, load: loadGenerator, loadWeights: loadGeneratorWeights,
  toArtifacts: checkpointToArtifacts, fromArtifacts: checkpointFromArtifacts,
} = GENERATOR_CHECKPOINT;
