import type { io, NamedTensorMap } from '@tensorflow/tfjs';
import type { Tf } from '../../core';
import type { AdamStateMeta } from './adam-state';
import type { StepLosses } from './losses';
import type { PatchGanConfig } from './patchgan';
import type { RandomState } from './random-stream';
import type { TrainerSettings } from './trainer-settings';
import { checkUNetConfig, createUNet, disposeUNet, GENERATOR_PRESETS } from './unet';
import type { GeneratorPreset, UNet, UNetConfig } from './unet';
import { assignWeights, prefixedWeights } from './weights';

/** `format` of the ModelArtifacts these checkpoints become. */
export const CHECKPOINT_FORMAT = 'nfp-studio/next-frame-generator';
export const CHECKPOINT_VERSION = 1;
/** Prefix of the generator's weights among a checkpoint's tensors. */
export const GENERATOR_PREFIX = 'generator/';

/** What a checkpoint needs beyond the generator to resume training exactly. */
export interface TrainingManifest {
  readonly settings: TrainerSettings;
  readonly discriminator: PatchGanConfig;
  readonly random: RandomState;
  readonly optimizers: { readonly generator: AdamStateMeta; readonly discriminator: AdamStateMeta };
}

/** A checkpoint's JSON half: what the weight bytes are and where they came from. */
export interface CheckpointManifest {
  readonly format: typeof CHECKPOINT_FORMAT;
  readonly version: typeof CHECKPOINT_VERSION;
  readonly preset?: GeneratorPreset;
  readonly generator: UNetConfig;
  /** Training steps taken to reach these weights. */
  readonly step: number;
  /** The losses of the last step, when there was one. */
  readonly losses?: StepLosses;
  /** Name, shape and dtype of each tensor in `weightData`, in order. */
  readonly weightSpecs: io.WeightsManifestEntry[];
  /** Present when the checkpoint holds the whole trainer (discriminator, optimizers, random stream). */
  readonly training?: TrainingManifest;
}

/** A generator (and optionally its trainer) as a JSON manifest plus one buffer of little-endian float32 weights. */
export interface Checkpoint {
  readonly manifest: CheckpointManifest;
  readonly weightData: ArrayBuffer;
}

export interface CheckpointContent {
  readonly generator: UNet;
  readonly preset?: GeneratorPreset;
  readonly step?: number;
  readonly losses?: StepLosses;
  /** The trainer's manifest and its tensors, already named apart from `generator/…`. */
  readonly training?: { readonly manifest: TrainingManifest; readonly tensors: NamedTensorMap };
}

/** Encodes `content` into a checkpoint. The tensors are read, not disposed. */
export async function encodeCheckpoint(tf: Tf, content: CheckpointContent): Promise<Checkpoint> {
  const tensors = { ...prefixedWeights(content.generator.weights, GENERATOR_PREFIX), ...content.training?.tensors };
  const { data, specs } = await tf.io.encodeWeights(tensors);
  const manifest: CheckpointManifest = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
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
export function decodeCheckpointTensors(tf: Tf, checkpoint: Checkpoint): NamedTensorMap {
  return tf.io.decodeWeights(checkpoint.weightData, checkpoint.manifest.weightSpecs);
}

/** A new generator with the checkpoint's shape and weights. */
export function loadGenerator(tf: Tf, checkpoint: Checkpoint): UNet {
  // The seed does not matter: every weight is overwritten below.
  const net = createUNet(tf, checkpoint.manifest.generator, 0);
  try {
    loadGeneratorWeights(tf, net, checkpoint);
  } catch (error) {
    disposeUNet(net);
    throw error;
  }
  return net;
}

/** Copies the checkpoint's generator weights into `net`, which must have the same shape. */
export function loadGeneratorWeights(tf: Tf, net: UNet, checkpoint: Checkpoint): void {
  const tensors = decodeCheckpointTensors(tf, checkpoint);
  try {
    assignWeights(net.weights, tensors, GENERATOR_PREFIX);
  } finally {
    tf.dispose(Object.values(tensors));
  }
}

/**
 * The checkpoint as tfjs ModelArtifacts, for the content-addressed model library: the shape
 * goes in `modelTopology`, the step, losses and trainer state in `userDefinedMetadata`.
 */
export function checkpointToArtifacts(checkpoint: Checkpoint): io.ModelArtifacts {
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

/** Reads a checkpoint back from ModelArtifacts. @throws Error saying what is missing or wrong. */
export function checkpointFromArtifacts(artifacts: io.ModelArtifacts): Checkpoint {
  if (artifacts.format !== CHECKPOINT_FORMAT) throw new Error(`Not a next-frame generator checkpoint (format "${String(artifacts.format)}")`);
  const topology = artifacts.modelTopology;
  if (!isRecord(topology)) throw new Error('The checkpoint has no generator description');
  if (topology.version !== CHECKPOINT_VERSION) throw new Error(`Checkpoint version ${String(topology.version)} is not supported (expected ${CHECKPOINT_VERSION})`);
  const generator = topology.generator as UNetConfig;
  if (!isRecord(generator)) throw new Error('The checkpoint has no generator shape');
  checkUNetConfig(generator);
  const preset = topology.preset;
  if (preset !== undefined && !GENERATOR_PRESETS.includes(preset as GeneratorPreset)) throw new Error(`Unknown generator preset "${String(preset)}"`);
  const { weightSpecs, weightData } = artifacts;
  if (!weightSpecs || weightData === undefined) throw new Error('The checkpoint has no weights');
  const metadata = (artifacts.userDefinedMetadata ?? {}) as Record<string, unknown>;
  const step = metadata.step ?? 0;
  if (typeof step !== 'number' || !Number.isInteger(step) || step < 0) throw new Error(`Bad checkpoint step ${String(step)}`);
  const manifest: CheckpointManifest = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    ...(preset !== undefined ? { preset: preset as GeneratorPreset } : {}),
    generator,
    step,
    ...(metadata.losses ? { losses: metadata.losses as StepLosses } : {}),
    weightSpecs,
    ...(metadata.training ? { training: metadata.training as TrainingManifest } : {}),
  };
  return { manifest, weightData: joinBuffers(weightData) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !(value instanceof ArrayBuffer) && !Array.isArray(value);
}

function joinBuffers(data: io.WeightData): ArrayBuffer {
  if (data instanceof ArrayBuffer) return data;
  const joined = new Uint8Array(data.reduce((sum, part) => sum + part.byteLength, 0));
  let offset = 0;
  for (const part of data) {
    joined.set(new Uint8Array(part), offset);
    offset += part.byteLength;
  }
  return joined.buffer;
}
