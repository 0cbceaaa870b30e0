import type { io, NamedTensorMap } from '@tensorflow/tfjs';
import { concatBuffers } from '../storage/bytes';
import type { Tf } from '../graph/node-definition';
import { assignWeights, prefixedWeights } from './weights';
import type { WeightMap } from './weights';

/** Prefix of the generator's weights among a checkpoint's tensors. */
export const GENERATOR_PREFIX = 'generator/';

/**
 * The types that tell one kind of generator checkpoint from another (the pix2pix generator's,
 * the multi-scale generator's). Everything else about them, their bytes included, is the same.
 */
export interface GeneratorCheckpointTypes {
  readonly format: string;
  readonly version: number;
  readonly config: object;
  readonly preset: string;
  readonly losses: object;
  readonly training: object;
}

/** A checkpoint's JSON half: what the weight bytes are and where they came from. */
export interface GeneratorCheckpointManifest<T extends GeneratorCheckpointTypes> {
  readonly format: T['format'];
  readonly version: T['version'];
  readonly preset?: T['preset'];
  readonly generator: T['config'];
  /** Training steps taken to reach these weights. */
  readonly step: number;
  /** The losses of the last step, when there was one. */
  readonly losses?: T['losses'];
  /** Name, shape and dtype of each tensor in `weightData`, in order. */
  readonly weightSpecs: io.WeightsManifestEntry[];
  /** Present when the checkpoint holds the whole trainer (discriminator, optimisers, random stream). */
  readonly training?: T['training'];
}

/** A generator (and optionally its trainer) as a JSON manifest plus one buffer of little-endian float32 weights. */
export interface GeneratorCheckpoint<T extends GeneratorCheckpointTypes> {
  readonly manifest: GeneratorCheckpointManifest<T>;
  readonly weightData: ArrayBuffer;
}

export interface GeneratorCheckpointContent<T extends GeneratorCheckpointTypes> {
  readonly generator: { readonly config: T['config']; readonly weights: WeightMap };
  readonly preset?: T['preset'];
  readonly step?: number;
  readonly losses?: T['losses'];
  /** The trainer's manifest and its tensors, already named apart from `generator/…`. */
  readonly training?: { readonly manifest: T['training']; readonly tensors: NamedTensorMap };
}

/** What the codec needs to know about one kind of generator checkpoint: what to write, and what to accept back. */
export interface GeneratorCheckpointKind<T extends GeneratorCheckpointTypes> {
  readonly format: T['format'];
  readonly version: T['version'];
  readonly presets: readonly T['preset'][];
  /** @throws Error when `config` is not a shape this kind of generator can take. */
  readonly checkConfig: (config: T['config']) => void;
  /** The message for artifacts of another format, for the user. */
  readonly wrongFormat: (format: string) => string;
  /** How the message for an unknown preset names the network ('generator', 'multi-scale'). */
  readonly presetNoun: string;
}

/** Encodes `content` into a checkpoint of `kind`. The tensors are read, not disposed. */
export async function encodeGeneratorCheckpoint<T extends GeneratorCheckpointTypes>(
  tf: Tf, kind: GeneratorCheckpointKind<T>, content: GeneratorCheckpointContent<T>,
): Promise<GeneratorCheckpoint<T>> {
  const { data, specs } = await encodeNetworkTensors(tf, content.generator.weights, GENERATOR_PREFIX, content.training?.tensors);
  // Key order is part of the stored JSON, and stored checkpoints are addressed by their hash.
  const manifest: GeneratorCheckpointManifest<T> = {
    format: kind.format,
    version: kind.version,
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
export function decodeGeneratorTensors(tf: Tf, checkpoint: GeneratorCheckpoint<GeneratorCheckpointTypes>): NamedTensorMap {
  return tf.io.decodeWeights(checkpoint.weightData, checkpoint.manifest.weightSpecs);
}

/**
 * The checkpoint as tfjs ModelArtifacts, for the content-addressed model library: the shape
 * goes in `modelTopology`, the step, losses and trainer state in `userDefinedMetadata`.
 */
export function generatorCheckpointToArtifacts(checkpoint: GeneratorCheckpoint<GeneratorCheckpointTypes>): io.ModelArtifacts {
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

/** Reads a checkpoint of `kind` back from ModelArtifacts. @throws Error saying what is missing or wrong, for the user. */
export function generatorCheckpointFromArtifacts<T extends GeneratorCheckpointTypes>(
  kind: GeneratorCheckpointKind<T>, artifacts: io.ModelArtifacts,
): GeneratorCheckpoint<T> {
  if (artifacts.format !== kind.format) throw new Error(kind.wrongFormat(String(artifacts.format)));
  const topology = artifacts.modelTopology;
  if (!isRecord(topology)) throw new Error('The checkpoint has no generator description');
  if (topology.version !== kind.version) throw new Error(`Checkpoint version ${String(topology.version)} is not supported (expected ${kind.version})`);
  const generator = topology.generator as T['config'];
  if (!isRecord(generator)) throw new Error('The checkpoint has no generator shape');
  kind.checkConfig(generator);
  const preset = topology.preset as T['preset'] | undefined;
  if (preset !== undefined && !kind.presets.includes(preset)) throw new Error(`Unknown ${kind.presetNoun} preset "${String(preset)}"`);
  const { weightSpecs, weightData, metadata, step } = checkpointWeightsAndStep(artifacts, 'checkpoint');
  const manifest: GeneratorCheckpointManifest<T> = {
    format: kind.format,
    version: kind.version,
    ...(preset !== undefined ? { preset } : {}),
    generator,
    step,
    ...(metadata.losses ? { losses: metadata.losses as T['losses'] } : {}),
    weightSpecs,
    ...(metadata.training ? { training: metadata.training as T['training'] } : {}),
  };
  return { manifest, weightData: concatBuffers(weightData) };
}

/** One network's weights under `prefix`, then `extra` (a trainer's state), as tfjs weight bytes and specs. The tensors are read, not disposed. */
export function encodeNetworkTensors(tf: Tf, weights: WeightMap, prefix: string, extra?: NamedTensorMap): Promise<{ data: ArrayBuffer; specs: io.WeightsManifestEntry[] }> {
  return tf.io.encodeWeights({ ...prefixedWeights(weights, prefix), ...extra });
}

/** Copies the weights under `prefix` among a checkpoint's decoded `tensors` into `weights` (same shapes), then disposes all of `tensors`. */
export function assignCheckpointWeights(tf: Tf, weights: WeightMap, tensors: NamedTensorMap, prefix: string): void {
  try {
    assignWeights(weights, tensors, prefix);
  } finally {
    tf.dispose(Object.values(tensors));
  }
}

/** `network` (just made) after `load` filled in its weights; if loading fails it is disposed and the error rethrown. */
export function withLoadedWeights<Network>(network: Network, load: (network: Network) => void, dispose: (network: Network) => void): Network {
  try {
    load(network);
  } catch (error) {
    dispose(network);
    throw error;
  }
  return network;
}

/** The weights and the training step recorded in a checkpoint's artifacts. @throws Error, naming the `noun`, when weights are missing or the step is no count. */
export function checkpointWeightsAndStep(artifacts: io.ModelArtifacts, noun: string): {
  weightSpecs: io.WeightsManifestEntry[]; weightData: io.WeightData; metadata: Record<string, unknown>; step: number;
} {
  const { weightSpecs, weightData } = artifacts;
  if (!weightSpecs || weightData === undefined) throw new Error(`The ${noun} has no weights`);
  const metadata = (artifacts.userDefinedMetadata ?? {}) as Record<string, unknown>;
  const step = metadata.step ?? 0;
  if (typeof step !== 'number' || !Number.isInteger(step) || step < 0) throw new Error(`Bad ${noun} step ${String(step)}`);
  return { weightSpecs, weightData, metadata, step };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !(value instanceof ArrayBuffer) && !Array.isArray(value);
}
