import type { io } from '@tensorflow/tfjs';
import { defineCheckpointFormat } from '../../core/training-kit';
import type { GanTrainingManifest, GeneratorCheckpoint, GeneratorCheckpointContent, GeneratorCheckpointManifest } from '../../core/training-kit';
import type { MultiScaleDiscriminatorConfig } from './discriminator';
import type { MultiScaleLosses } from './losses';
import { checkMultiScaleConfig, createMultiScaleGenerator, disposeMultiScaleGenerator, MULTISCALE_PRESETS } from './model';
import type { MultiScaleConfig, MultiScaleGenerator, MultiScalePreset } from './model';
import type { MultiScaleSettings } from './settings';

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

export const MULTISCALE_CHECKPOINT = defineCheckpointFormat<MultiScaleCheckpointTypes, MultiScaleGenerator>({
  format: MULTISCALE_CHECKPOINT_FORMAT,
  version: MULTISCALE_CHECKPOINT_VERSION,
  presets: MULTISCALE_PRESETS,
  checkConfig: checkMultiScaleConfig,
  wrongFormat: (format) => `Not a multi-scale generator checkpoint (format "${format}"); pick one saved by a Multi-Scale Generator.`,
  presetNoun: 'multi-scale',
  create: createMultiScaleGenerator,
  dispose: disposeMultiScaleGenerator,
});

// The names the multi-scale trainer, job and live network call them by.
export const {
  encode: encodeMultiScaleCheckpoint, decodeTensors: decodeMultiScaleTensors, load: loadMultiScaleGenerator, loadWeights: loadMultiScaleWeights,
  toArtifacts: multiScaleToArtifacts,
} = MULTISCALE_CHECKPOINT;

/**
 * Reads a checkpoint back from ModelArtifacts. @throws Error saying what is missing or wrong,
 * for the user.
 */
export function multiScaleFromArtifacts(artifacts: io.ModelArtifacts): MultiScaleCheckpoint {
  return MULTISCALE_CHECKPOINT.fromArtifacts(artifacts);
}
