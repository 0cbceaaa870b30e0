import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { runDrifts } from '../../../src/nodes/generator/feedback-drifts';
import type { DriftedPair } from '../../../src/nodes/generator/feedback-drifts';
import { RandomStream } from '../../../src/core/training-kit/random-stream';
import { createUNet, disposeUNet, predictNextFrame } from '../../../src/nodes/unet/unet';
import { translatingClip } from './synthetic-clip';

const net = createUNet(tf, { size: 16, levels: 2, baseChannels: 4, maxChannels: 8, dropoutBlocks: 1 }, 2);
const frames = translatingClip(tf, { size: 16, frames: 12 });
afterAll(() => {
  disposeUNet(net);
  frames.dispose();
});

function maxDifference(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}

const release = (pairs: DriftedPair[]) => tf.dispose(pairs.map((pair) => pair.input));

describe('feedback drifts', () => {
  const drifts = [{ start: 2, depth: 3 }, { start: 5, depth: 3 }, { start: 0, depth: 2 }];

  it('returns each drift’s pairs in plan order with their true next frames', async () => {
    const pairs = await runDrifts(tf, net, frames, drifts, { batchSize: 2 });
    expect(pairs.map(({ applications, target }) => [applications, target])).toEqual([
      [1, 4], [2, 5], [3, 6],
      [1, 7], [2, 8], [3, 9],
      [1, 2], [2, 3],
    ]);
    release(pairs);
  });

  it('feeds each output back in: the r-th input is G applied r times to the start frame', async () => {
    const pairs = await runDrifts(tf, net, frames, drifts, { batchSize: 3 });
    let expected = tf.squeeze(tf.slice(frames, [5, 0, 0, 0], [1, -1, -1, -1]), [0]) as tf.Tensor3D;
    for (const pair of pairs.slice(3, 6)) {
      expected = predictNextFrame(tf, net, expected);
      expect(maxDifference(pair.input, expected)).toBeLessThan(1e-6);
    }
    release(pairs);
  });

  it('gives the same pairs whatever the batch size', async () => {
    const one = await runDrifts(tf, net, frames, drifts, { batchSize: 1 });
    const many = await runDrifts(tf, net, frames, drifts, { batchSize: 8 });
    one.forEach((pair, i) => expect(maxDifference(pair.input, many[i]!.input)).toBeLessThan(1e-6));
    release([...one, ...many]);
  });

  it('keeps dropout on when asked, reproducibly from the random stream', async () => {
    const plain = await runDrifts(tf, net, frames, drifts.slice(0, 1));
    const first = await runDrifts(tf, net, frames, drifts.slice(0, 1), { dropout: true, random: new RandomStream(3) });
    const again = await runDrifts(tf, net, frames, drifts.slice(0, 1), { dropout: true, random: new RandomStream(3) });
    expect(maxDifference(first[2]!.input, plain[2]!.input)).toBeGreaterThan(0);
    expect(maxDifference(first[2]!.input, again[2]!.input)).toBe(0);
    release([...plain, ...first, ...again]);
  });

  it('reports each batched application, and leaves only the returned tensors behind', async () => {
    const before = tf.memory().numTensors;
    const progress: string[] = [];
    const pairs = await runDrifts(tf, net, frames, drifts, { batchSize: 2, onApplication: (done, total) => { progress.push(`${done}/${total}`); } });
    // Depth-3 drifts share one batch, the depth-2 drift gets its own.
    expect(progress).toEqual(['1/5', '2/5', '3/5', '4/5', '5/5']);
    expect(tf.memory().numTensors).toBe(before + pairs.length);
    release(pairs);
  });

  it('refuses a drift whose last target lies past the clip', async () => {
    await expect(runDrifts(tf, net, frames, [{ start: 8, depth: 3 }])).rejects.toThrow(/needs frame 12; the clip has 12/);
  });
});
