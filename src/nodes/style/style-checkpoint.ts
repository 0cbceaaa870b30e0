import type { io, NamedTensorMap } from '@tensorflow/tfjs';
import type { Tf } from '../../core';
import type { AdamStateMeta, RandomState } from '../../core/training-kit';
import { assignCheckpointWeights, checkpointWeightsAndStep, encodeNetworkTensors, withLoadedWeights } from '../../core/training-kit';
import type { StyleLosses, StyleTrainerSettings } from './style-settings';
import { checkStylizerConfig, createStylizer, disposeStylizer, isStylizerPreset } from './stylizer';
import type { Stylizer, StylizerConfig, StylizerPreset } from './stylizer';

/** `format` of the ModelArtifacts style checkpoints become. */
export const STYLE_CHECKPOINT_FORMAT = 'nfp-studio/style-transfer';
const STYLE_CHECKPOINT_VERSION = 1;
/** Prefix of the stylizer's weights among a checkpoint's tensors; the optimizer's moments go under `adam/`. */
export const STYLIZER_PREFIX = 'stylizer/';

/** What a checkpoint needs beyond the stylizer to resume training exactly. */
export interface StyleTrainingManifest {
  readonly settings: StyleTrainerSettings;
  readonly random: RandomState;
  readonly optimizer: AdamStateMeta;
}

/** A stylizer (and optionally its trainer) as a JSON manifest plus one buffer of float32 weights. */
export interface StyleCheckpoint {
  readonly preset?: StylizerPreset;
  readonly config: StylizerConfig;
  readonly step: number;
  /** SHA-256 of the style image it learnt, '' when unknown: a resumed run must use the same one. */
  readonly style: string;
  /** The training size (px), which sets the scale of the learnt texture. */
  readonly size: number;
  readonly losses?: StyleLosses;
  readonly weightSpecs: io.WeightsManifestEntry[];
  readonly weightData: ArrayBuffer;
  readonly training?: StyleTrainingManifest;
}

export interface StyleCheckpointContent {
  readonly net: Stylizer;
  readonly preset?: StylizerPreset;
  readonly step: number;
  readonly style: string;
  readonly size: number;
  readonly losses?: StyleLosses;
  readonly training?: { readonly manifest: StyleTrainingManifest; readonly tensors: NamedTensorMap };
}

/** Encodes `content`; the tensors are read, not disposed. */
export async function encodeStyleCheckpoint(tf: Tf, content: StyleCheckpointContent): Promise<StyleCheckpoint> {
  const { net, preset, step, style, size, losses, training } = content;
  const { data, specs } = await encodeNetworkTensors(tf, net.weights, STYLIZER_PREFIX, training?.tensors);
  return {
    ...(preset ? { preset } : {}), config: net.config, step, style, size, ...(losses ? { losses } : {}),
    weightSpecs: specs, weightData: data, ...(training ? { training: training.manifest } : {}),
  };
}

/** Every tensor in the checkpoint, by name. The caller disposes them. */
export function decodeStyleTensors(tf: Tf, checkpoint: StyleCheckpoint): NamedTensorMap {
  return tf.io.decodeWeights(checkpoint.weightData, checkpoint.weightSpecs);
}

/** Copies the checkpoint's stylizer weights into `net`, which must have the same shape. */
export function loadStylizerWeights(tf: Tf, net: Stylizer, checkpoint: StyleCheckpoint): void {
  assignCheckpointWeights(tf, net.weights, decodeStyleTensors(tf, checkpoint), STYLIZER_PREFIX);
}

/** A new stylizer with the checkpoint's shape and weights. */
export function loadStylizer(tf: Tf, checkpoint: StyleCheckpoint): Stylizer {
  return withLoadedWeights(createStylizer(tf, checkpoint.config, 0), (net) => loadStylizerWeights(tf, net, checkpoint), disposeStylizer);
}

/** The checkpoint as tfjs ModelArtifacts for the content-addressed model library. */
export function styleCheckpointToArtifacts(checkpoint: StyleCheckpoint): io.ModelArtifacts {
  const { preset, config, step, style, size, losses, weightSpecs, weightData, training } = checkpoint;
  return {
    format: STYLE_CHECKPOINT_FORMAT,
    generatedBy: 'nfp-studio',
    modelTopology: { version: STYLE_CHECKPOINT_VERSION, stylizer: config, ...(preset ? { preset } : {}) },
    weightSpecs,
    weightData,
    userDefinedMetadata: { step, style, size, ...(losses ? { losses } : {}), ...(training ? { training } : {}) },
  };
}

/** Reads a style checkpoint back. @throws Error saying, for the user, what is wrong with it. */
export function styleCheckpointFromArtifacts(tf: Tf, artifacts: io.ModelArtifacts): StyleCheckpoint {
  if (artifacts.format !== STYLE_CHECKPOINT_FORMAT) {
    throw new Error(`These weights are not a Style Transfer checkpoint (format "${String(artifacts.format)}"); pick weights this node saved.`);
  }
  const topology = artifacts.modelTopology as Record<string, unknown> | undefined;
  if (!topology || topology.version !== STYLE_CHECKPOINT_VERSION) throw new Error(`Style checkpoint version ${String(topology?.version)} is not supported (expected ${STYLE_CHECKPOINT_VERSION})`);
  const config = topology.stylizer as StylizerConfig;
  if (typeof config !== 'object' || config === null) throw new Error('The style checkpoint has no network shape');
  checkStylizerConfig(config);
  const preset = topology.preset;
  if (preset !== undefined && !(typeof preset === 'string' && isStylizerPreset(preset))) throw new Error(`Unknown stylizer preset "${String(preset)}"`);
  const { weightSpecs, weightData, metadata: meta, step } = checkpointWeightsAndStep(artifacts, 'style checkpoint');
  return {
    ...(preset !== undefined ? { preset: preset as StylizerPreset } : {}),
    config,
    step,
    style: typeof meta.style === 'string' ? meta.style : '',
    size: typeof meta.size === 'number' ? meta.size : 0,
    ...(meta.losses ? { losses: meta.losses as StyleLosses } : {}),
    weightSpecs,
    // One buffer, whether it was stored whole or in parts.
    weightData: tf.io.CompositeArrayBuffer.join(weightData),
    ...(meta.training ? { training: meta.training as StyleTrainingManifest } : {}),
  };
}
