import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tensor3D, Tensor4D } from '@tensorflow/tfjs';
import { styleCheckpointFromArtifacts, styleCheckpointToArtifacts } from '../../../src/nodes/style/style-checkpoint';
import { StyleTrainer } from '../../../src/nodes/style/style-trainer';
import { runStylizer, stylizerConfig } from '../../../src/nodes/style/stylizer';
import { createTextureFeatures, disposeTextureFeatures, styleDistance, styleTargets, textureFeatureMaps } from '../../../src/nodes/style/texture-loss';
import type { TextureFeatures } from '../../../src/nodes/style/texture-loss';
import { smoothContent, stripes } from './style-images';

const SIZE = 32;
let style: Tensor4D;
let content: Tensor4D;

beforeAll(() => {
  style = stripes(tf, SIZE);
  content = smoothContent(tf, SIZE);
});
afterAll(() => tf.dispose([style, content]));

function trainer(seed = 3): StyleTrainer {
  return new StyleTrainer(tf, { config: stylizerConfig('tiny'), preset: 'tiny', style, styleId: 'a'.repeat(64), size: SIZE, seed });
}

async function measureStyleDistance(features: TextureFeatures, images: Tensor4D, targets: readonly Tensor3D[]): Promise<number> {
  const value = tf.tidy(() => styleDistance(tf, textureFeatureMaps(tf, features, images), targets));
  const [number] = await value.data();
  value.dispose();
  return number!;
}

async function distance(t: StyleTrainer, images: Tensor4D): Promise<number> {
  const value = t.styleDistanceOf(images);
  const [number] = await value.data();
  value.dispose();
  return number!;
}

describe('style trainer', () => {
  it('the style distance is zero for the style image itself and grows with unlike textures', async () => {
    const features = createTextureFeatures(tf, 9);
    const targets = styleTargets(tf, features, style);
    expect(await measureStyleDistance(features, style, targets)).toBeCloseTo(0, 6);
    const shifted = tf.tidy(() => tf.concat([tf.slice(style, [0, 0, 3, 0], [1, SIZE, SIZE - 3, 3]), tf.slice(style, [0, 0, 0, 0], [1, SIZE, 3, 3])], 2) as Tensor4D);
    // A shifted copy (with one seam) has the same texture; a smooth image has none of it.
    expect(await measureStyleDistance(features, shifted, targets)).toBeLessThan(0.2);
    expect(await measureStyleDistance(features, content, targets)).toBeGreaterThan(0.5);
    tf.dispose([shifted, ...targets]);
    disposeTextureFeatures(features);
  });

  it('lowers the style loss, and its output ends nearer the style image in Gram distance than the content image is, with a flat tensor count', async () => {
    const t = trainer();
    const losses: number[] = [];
    losses.push((await t.step(content)).style);
    const afterFirst = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) losses.push((await t.step(content)).style);
    expect(tf.memory().numTensors).toBe(afterFirst);
    expect(losses.at(-1)!).toBeLessThan(losses[0]! * 0.8);
    const stylized = tf.tidy(() => runStylizer(tf, t.net, content));
    const contentDistance = await distance(t, content);
    expect(await distance(t, stylized)).toBeLessThan(contentDistance);
    stylized.dispose();
    t.dispose();
  });

  it('resumes from its checkpoint exactly: the next step of a resumed trainer equals the uninterrupted one', async () => {
    const before = tf.memory().numTensors;
    const original = trainer(5);
    await original.step(content);
    await original.step(content);
    const artifacts = styleCheckpointToArtifacts(await original.exportState());
    const resumed = await StyleTrainer.resume(tf, styleCheckpointFromArtifacts(tf, artifacts), style);
    expect(resumed.stepCount).toBe(2);
    expect(resumed.styleId).toBe('a'.repeat(64));
    const [next, resumedNext] = [await original.step(content), await resumed.step(content)];
    expect(resumedNext).toEqual(next);
    expect(resumed.random.state).toEqual(original.random.state);
    original.dispose();
    resumed.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses weights that are not a style checkpoint, and one with only a network to resume, with messages for the user', async () => {
    expect(() => styleCheckpointFromArtifacts(tf, { format: 'nfp-studio/next-frame-generator', weightSpecs: [], weightData: new ArrayBuffer(0) }))
      .toThrow(/not a Style Transfer checkpoint/);
    const t = trainer();
    const full = await t.exportState();
    const { training: _training, ...networkOnly } = full;
    void _training;
    await expect(StyleTrainer.resume(tf, networkOnly, style)).rejects.toThrow(/holds only a network/);
    t.dispose();
  });
});
