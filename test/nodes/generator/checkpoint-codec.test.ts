import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { encodeGeneratorCheckpoint, generatorCheckpointFromArtifacts, generatorCheckpointToArtifacts, withLoadedWeights } from '../../../src/core/training-kit/checkpoint-codec';
import type { GeneratorCheckpointKind } from '../../../src/core/training-kit/checkpoint-codec';

interface ToyTypes {
  readonly format: 'toy/format';
  readonly version: 3;
  readonly config: { readonly width: number };
  readonly preset: 'small';
  readonly losses: { readonly loss: number };
  readonly training: { readonly note: string };
}

const TOY: GeneratorCheckpointKind<ToyTypes> = {
  format: 'toy/format',
  version: 3,
  presets: ['small'],
  checkConfig: (config) => {
    if (config.width < 1) throw new RangeError('width must be at least 1');
  },
  wrongFormat: (format) => `Not a toy (format "${format}")`,
  presetNoun: 'toy',
};

function toyNet() {
  return { config: { width: 2 }, weights: { kernel: tf.variable(tf.tensor1d([1, 2])), bias: tf.variable(tf.tensor1d([3])) } };
}

describe('the generic generator checkpoint codec', () => {
  it('writes the kind\'s format and version, and reads back the same manifest from weights stored in parts', async () => {
    const net = toyNet();
    const extra = { 'adam/m': tf.tensor1d([5]) };
    const checkpoint = await encodeGeneratorCheckpoint(tf, TOY, {
      generator: net, preset: 'small', step: 4, losses: { loss: 0.5 }, training: { manifest: { note: 'n' }, tensors: extra },
    });
    expect(checkpoint.manifest).toMatchObject({ format: 'toy/format', version: 3, preset: 'small', generator: { width: 2 }, step: 4, training: { note: 'n' } });
    expect(checkpoint.manifest.weightSpecs.map((spec) => spec.name)).toEqual(['generator/kernel', 'generator/bias', 'adam/m']);

    const artifacts = generatorCheckpointToArtifacts(checkpoint);
    const bytes = new Uint8Array(checkpoint.weightData);
    const parts = [bytes.slice(0, 5).buffer, bytes.slice(5).buffer];
    const back = generatorCheckpointFromArtifacts(TOY, { ...artifacts, weightData: parts });
    expect(back.manifest).toEqual(checkpoint.manifest);
    expect(new Uint8Array(back.weightData)).toEqual(bytes);
    tf.dispose([...Object.values(net.weights), ...Object.values(extra)]);
  });

  it('names the kind in what it refuses', () => {
    const topology = { version: 3, generator: { width: 2 } };
    expect(() => generatorCheckpointFromArtifacts(TOY, { format: 'other', modelTopology: topology })).toThrow('Not a toy (format "other")');
    expect(() => generatorCheckpointFromArtifacts(TOY, { format: 'toy/format', modelTopology: { ...topology, preset: 'huge' } })).toThrow('Unknown toy preset "huge"');
    expect(() => generatorCheckpointFromArtifacts(TOY, { format: 'toy/format', modelTopology: { ...topology, generator: { width: 0 } } })).toThrow(/width/);
    expect(() => generatorCheckpointFromArtifacts(TOY, { format: 'toy/format', modelTopology: topology })).toThrow('The checkpoint has no weights');
  });

  it('disposes a network whose weights fail to load', () => {
    const disposed: string[] = [];
    const fail = () => withLoadedWeights('net', () => { throw new Error('misshapen'); }, (net) => disposed.push(net));
    expect(fail).toThrow('misshapen');
    expect(disposed).toEqual(['net']);
    expect(withLoadedWeights('net', () => undefined, (net) => disposed.push(net))).toBe('net');
    expect(disposed).toEqual(['net']);
  });
});
