import * as tf from '@tensorflow/tfjs';
import type { Tensor4D } from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  loadMultiScaleGenerator, MULTISCALE_CHECKPOINT_FORMAT, multiScaleFromArtifacts, multiScaleToArtifacts,
} from '../../../src/nodes/multiscale/checkpoint';
import { disposeMultiScaleGenerator } from '../../../src/nodes/multiscale/model';
import { MultiScaleTrainer } from '../../../src/nodes/multiscale/trainer';
import { MICRO_DISCRIMINATOR, MICRO_GENERATOR } from './micro-nets';

function batch(seed: number) {
  return {
    history: tf.randomUniform([1, 32, 32, 12], 0, 1, 'float32', seed) as Tensor4D,
    target: tf.randomUniform([1, 32, 32, 3], 0, 1, 'float32', seed + 1) as Tensor4D,
  };
}

const weightsOf = (net: { weights: Record<string, tf.Variable> }) => Object.fromEntries(Object.entries(net.weights).map(([n, v]) => [n, Array.from(v.dataSync())]));

describe('multi-scale checkpoints', () => {
  it('round-trip through ModelArtifacts: the generator reloads exactly and a resumed trainer takes exactly the next step', async () => {
    const options = { generator: MICRO_GENERATOR, discriminator: MICRO_DISCRIMINATOR, seed: 5 };
    const trainer = new MultiScaleTrainer(tf, options);
    const first = batch(1);
    await trainer.step(first);
    const before = tf.memory().numTensors;
    const artifacts = multiScaleToArtifacts(await trainer.exportState());
    expect(tf.memory().numTensors).toBe(before);
    expect(artifacts.format).toBe(MULTISCALE_CHECKPOINT_FORMAT);

    // Through JSON, as IndexedDB's structured clone would not catch a class instance or a function in the manifest.
    const checkpoint = multiScaleFromArtifacts({ ...JSON.parse(JSON.stringify({ ...artifacts, weightData: null })), weightData: artifacts.weightData });
    expect(checkpoint.manifest.step).toBe(1);
    expect(Object.keys(checkpoint.manifest.losses ?? {})).toEqual(['lp', 'gdl', 'gAdv', 'd']);
    const loaded = loadMultiScaleGenerator(tf, checkpoint);
    expect(weightsOf(loaded)).toEqual(weightsOf(trainer.generator));
    disposeMultiScaleGenerator(loaded);

    const resumed = await MultiScaleTrainer.resume(tf, checkpoint);
    const second = batch(7);
    const [original, again] = [await trainer.step(second), await resumed.step(second)];
    expect(again).toEqual(original);
    expect(weightsOf(resumed.generator)).toEqual(weightsOf(trainer.generator));
    expect(resumed.random.state).toEqual(trainer.random.state);
    tf.dispose([first.history, first.target, second.history, second.target]);
    trainer.dispose();
    resumed.dispose();
  });

  it('refuses other formats and broken manifests with the reason', () => {
    expect(() => multiScaleFromArtifacts({ format: 'nfp-studio/next-frame-generator' })).toThrow('Not a multi-scale generator checkpoint (format "nfp-studio/next-frame-generator")');
    expect(() => multiScaleFromArtifacts({ format: 'nfp-studio/multiscale-generator', modelTopology: { version: 9 } })).toThrow('Checkpoint version 9 is not supported');
    expect(() => multiScaleFromArtifacts({ format: 'nfp-studio/multiscale-generator', modelTopology: { version: 1, generator: { scales: [] } } })).toThrow('has 4 scales');
  });
});
