import type { io, NamedTensorMap } from '@tensorflow/tfjs';
import type { Tf } from '../../core';
import type { AdamStateMeta } from '../generator/adam-state';
import type { RandomState } from '../generator/random-stream';
import { assignWeights, prefixedWeights } from '../generator/weights';
import type { MultiScaleDiscriminatorConfig } from './discriminator';
import type { MultiScaleLosses } from './losses';
import { checkMultiScaleConfig, createMultiScaleGenerator, disposeMultiScaleGenerator, MULTISCALE_PRESETS } from './model';
import type { MultiScaleConfig, MultiScaleGenerator, MultiScalePreset } from './model';
import type { MultiScaleSettings } from './settings';

/** `format` of the ModelArtifacts these checkpoints become; the pix2pix generator's format pattern, with its own name. */
export const MULTISCALE_CHECKPOINT_FORMAT = 'nfp-studio/multiscale-generator';
export const MULTISCALE_CHECKPOINT_VERSION = 1;
export const GENERATOR_PREFIX = 'generator/';

export interface MultiScaleTrainingManifest {
  readonly settings: MultiScaleSettings;
  readonly discriminator: MultiScaleDiscriminatorConfig;
  readonly random: RandomState;
  readonly optimizers: { readonly generator: AdamStateMeta; readonly discriminator: AdamStateMeta };
}

export interface MultiScaleCheckpointManifest {
  readonly format: typeof MULTISCALE_CHECKPOINT_FORMAT;
  readonly version: typeof MULTISCALE_CHECKPOINT_VERSION;
  readonly preset?: MultiScalePreset;
  readonly generator: MultiScaleConfig;
  readonly step: number;
  readonly losses?: MultiScaleLosses;
  readonly weightSpecs: io.WeightsManifestEntry[];
  /** Present when the checkpoint holds the whole trainer (discriminators, optimisers, random stream). */
  readonly training?: MultiScaleTrainingManifest;
}

export interface MultiScaleCheckpoint {
  readonly manifest: MultiScaleCheckpointManifest;
  readonly weightData: ArrayBuffer;
}

export interface MultiScaleCheckpointContent {
  readonly generator: MultiScaleGenerator;
  readonly preset?: MultiScalePreset;
  readonly step?: number;
  readonly losses?: MultiScaleLosses;
  readonly training?: { readonly manifest: MultiScaleTrainingManifest; readonly tensors: NamedTensorMap };
}

/** Encodes `content`; the tensors are read, not disposed. */
export async function encodeMultiScaleCheckpoint(tf: Tf, content: MultiScaleCheckpointContent): Promise<MultiScaleCheckpoint> {
  const tensors = { ...prefixedWeights(content.generator.weights, GENERATOR_PREFIX), ...content.training?.tensors };
  const { data, specs } = await tf.io.encodeWeights(tensors);
  const manifest: MultiScaleCheckpointManifest = {
    format: MULTISCALE_CHECKPOINT_FORMAT,
    version: MULTISCALE_CHECKPOINT_VERSION,
    ...(content.preset ? { preset: content.preset } : {}),
    generator: content.generator.config,
    step: content.step ?? 0,
    ...(content.losses ? { losses: content.losses } : {}),
    weightSpecs: specs,
    ...(content.training ? { training: content.training.manifest } : {}),
  };
  return { manifest, weightData: data };
}

/** Every tensor in the checkpoint, by name. The caller disposes them. */
export function decodeMultiScaleTensors(tf: Tf, checkpoint: MultiScaleCheckpoint): NamedTensorMap {
  return tf.io.decodeWeights(checkpoint.weightData, checkpoint.manifest.weightSpecs);
}

/** Copies the checkpoint's generator weights into `net`, which must have the same shape. @throws Error naming a misshapen weight. */
export function loadMultiScaleWeights(tf: Tf, net: MultiScaleGenerator, checkpoint: MultiScaleCheckpoint): void {
  const tensors = decodeMultiScaleTensors(tf, checkpoint);
  try {
    assignWeights(net.weights, tensors, GENERATOR_PREFIX);
  } finally {
    tf.dispose(Object.values(tensors));
  }
}

/** A new generator with the checkpoint's shape and weights. */
export function loadMultiScaleGenerator(tf: Tf, checkpoint: MultiScaleCheckpoint): MultiScaleGenerator {
  const net = createMultiScaleGenerator(tf, checkpoint.manifest.generator, 0);
  try {
    loadMultiScaleWeights(tf, net, checkpoint);
  } catch (error) {
    disposeMultiScaleGenerator(net);
    throw error;
  }
  return net;
}

/** As tfjs ModelArtifacts for the content-addressed model library: shape in `modelTopology`, step, losses and trainer state in `userDefinedMetadata`. */
export function multiScaleToArtifacts(checkpoint: MultiScaleCheckpoint): io.ModelArtifacts {
  const { format, version, preset, generator, step, losses, weightSpecs, training } = checkpoint.manifest;
  return {
    format,
    generatedBy: 'nfp-studio',
    modelTopology: { version, generator, ...(preset ? { preset } : {}) },
    weightSpecs,
    weightData: checkpoint.weightData,
    userDefinedMetadata: { step, ...(losses ? { losses } : {}), ...(training ? { training } : {}) },
  };
}

/** Reads a checkpoint back from ModelArtifacts. @throws Error saying what is missing or wrong, for the user. */
export function multiScaleFromArtifacts(tf: Tf, artifacts: io.ModelArtifacts): MultiScaleCheckpoint {
  if (artifacts.format !== MULTISCALE_CHECKPOINT_FORMAT) {
    throw new Error(`Not a multi-scale generator checkpoint (format "${String(artifacts.format)}"); pick one saved by a Multi-Scale Generator.`);
  }
  const topology = artifacts.modelTopology as Record<string, unknown> | undefined;
  if (!topology || typeof topology !== 'object' || topology instanceof ArrayBuffer) throw new Error('The checkpoint has no generator description');
  if (topology['version'] !== MULTISCALE_CHECKPOINT_VERSION) {
    throw new Error(`Checkpoint version ${String(topology['version'])} is not supported (expected ${MULTISCALE_CHECKPOINT_VERSION})`);
  }
  const generator = topology['generator'] as MultiScaleConfig;
  if (!generator || typeof generator !== 'object') throw new Error('The checkpoint has no generator shape');
  checkMultiScaleConfig(generator);
  const preset = topology['preset'];
  if (preset !== undefined && !MULTISCALE_PRESETS.includes(preset as MultiScalePreset)) throw new Error(`Unknown multi-scale preset "${String(preset)}"`);
  const { weightSpecs, weightData } = artifacts;
  if (!weightSpecs || weightData === undefined) throw new Error('The checkpoint has no weights');
  const metadata = (artifacts.userDefinedMetadata ?? {}) as Record<string, unknown>;
  const step = metadata['step'] ?? 0;
  if (typeof step !== 'number' || !Number.isInteger(step) || step < 0) throw new Error(`Bad checkpoint step ${String(step)}`);
  const manifest: MultiScaleCheckpointManifest = {
    format: MULTISCALE_CHECKPOINT_FORMAT,
    version: MULTISCALE_CHECKPOINT_VERSION,
    ...(preset !== undefined ? { preset: preset as MultiScalePreset } : {}),
    generator,
    step,
    ...(metadata['losses'] ? { losses: metadata['losses'] as MultiScaleLosses } : {}),
    weightSpecs,
    ...(metadata['training'] ? { training: metadata['training'] as MultiScaleTrainingManifest } : {}),
  };
  const buffer = weightData instanceof ArrayBuffer ? weightData : tf.io.CompositeArrayBuffer.join(weightData);
  return { manifest, weightData: buffer };
}
