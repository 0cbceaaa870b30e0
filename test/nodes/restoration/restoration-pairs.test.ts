import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { Tensor4D } from '@tensorflow/tfjs';
import { FrameStore } from '../../../src/core/training-kit/frame-store';
import { RandomStream } from '../../../src/core/training-kit/random-stream';
import { createUNet, disposeUNet, fromModelRange, runUNet, toModelRange, unetConfig } from '../../../src/nodes/unet/unet';
import { driftedInputs, DriftedPairRing } from '../../../src/nodes/restoration/drifted-pairs';
import { drawRestorationPair, planRestorationPairs } from '../../../src/nodes/restoration/restoration-pairs';

const ranges = { maxApplications: 10, maxAhead: 10 };

/** A random source that answers `int(n)` from a script, and records each bound it was asked for. */
function scripted(answers: ((n: number) => number)[]) {
  const bounds: number[] = [];
  return { bounds, int: (n: number) => { bounds.push(n); return answers.shift()!(n); } };
}

describe('restoration pair indices', () => {
  it('draws k, then j, then t below frameCount − j, and targets f(t + j)', () => {
    const random = scripted([() => 2, () => 4, () => 7]);
    expect(drawRestorationPair(20, ranges, random)).toEqual({ start: 7, applications: 3, target: 12 });
    expect(random.bounds).toEqual([10, 10, 15]);
  });

  it('reaches the last frame at the largest draws and f(1) from f(0) at the smallest', () => {
    expect(drawRestorationPair(20, ranges, scripted([(n) => n - 1, (n) => n - 1, (n) => n - 1]))).toEqual({ start: 9, applications: 10, target: 19 });
    expect(drawRestorationPair(20, ranges, scripted([() => 0, () => 0, () => 0]))).toEqual({ start: 0, applications: 1, target: 1 });
  });

  it("draws from the trainer's stream, so a seed fixes the pairs", () => {
    const replay = new RandomStream(5);
    const expected = Array.from({ length: 4 }, () => {
      const applications = 1 + replay.int(3);
      const ahead = 1 + replay.int(2);
      const start = replay.int(8 - ahead);
      return { start, applications, target: start + ahead };
    });
    expect(planRestorationPairs(8, 4, { maxApplications: 3, maxAhead: 2 }, new RandomStream(5))).toEqual(expected);
  });

  it('covers every k in 1…K and j in 1…J and keeps every target inside the clip', () => {
    const pairs = planRestorationPairs(15, 3000, ranges, new RandomStream(2));
    expect(new Set(pairs.map((p) => p.applications))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    expect(new Set(pairs.map((p) => p.target - p.start))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    expect(Math.min(...pairs.map((p) => p.start))).toBe(0);
    expect(Math.max(...pairs.map((p) => p.target))).toBe(14);
  });

  it('refuses a clip with no frame J after its first', () => {
    expect(() => drawRestorationPair(10, ranges, new RandomStream(1))).toThrow('at least 11 frames, got 10');
    expect(() => drawRestorationPair(10, { maxApplications: 0, maxAhead: 1 }, new RandomStream(1))).toThrow('K (applications of G)');
  });
});

describe('drifted restoration inputs', () => {
  const size = 16;
  const frameBytes = Array.from({ length: 6 }, (_, i) => Uint8Array.from({ length: size * size * 3 }, (_, p) => (p * 37 + i * 71) % 256));
  const frames = FrameStore.of('test', size, frameBytes);

  /** G applied `k` times to one frame, alone, as bytes. */
  async function applied(net: ReturnType<typeof createUNet>, start: number, k: number): Promise<Uint8Array> {
    let x: Tensor4D = frames.toTensor(tf, [frames.frame(start)]);
    for (let r = 0; r < k; r++) {
      const next = tf.tidy(() => fromModelRange(tf, runUNet(tf, net, toModelRange(tf, x))));
      x.dispose();
      x = next;
    }
    const [bytes] = await frames.toBytes(tf, x);
    x.dispose();
    return bytes!;
  }

  it('are G^k(f(start)), batched by depth but returned in plan order, leaving no tensors behind', async () => {
    const net = createUNet(tf, unetConfig('tiny', size), 3);
    const pairs = [{ start: 0, applications: 3, target: 2 }, { start: 2, applications: 1, target: 3 }, { start: 1, applications: 3, target: 4 }, { start: 4, applications: 2, target: 5 }];
    const before = tf.memory().numTensors;
    const inputs = await driftedInputs(tf, net, frames, pairs, undefined, 2);
    expect(tf.memory().numTensors).toBe(before);
    for (const [i, pair] of pairs.entries()) {
      const expected = await applied(net, pair.start, pair.applications);
      expect(Buffer.from(inputs[i]!).equals(Buffer.from(expected)), `pair ${i}`).toBe(true);
    }
    disposeUNet(net);
  });

  it('with dropout options, draw fresh masks each application: a stochastic G drifts differently, reproducibly per seed', async () => {
    const net = createUNet(tf, unetConfig('small', size), 3);
    expect(net.config.dropoutBlocks).toBeGreaterThan(0);
    const pairs = [{ start: 0, applications: 3, target: 1 }];
    const seeded = (seed: number) => {
      let draw = seed;
      return () => ({ dropout: true, dropoutSeed: draw++ });
    };
    const [plain] = await driftedInputs(tf, net, frames, pairs);
    const [stochastic] = await driftedInputs(tf, net, frames, pairs, seeded(10));
    const [again] = await driftedInputs(tf, net, frames, pairs, seeded(10));
    const [other] = await driftedInputs(tf, net, frames, pairs, seeded(20));
    expect(Buffer.from(stochastic!).equals(Buffer.from(plain!))).toBe(false);
    expect(Buffer.from(stochastic!).equals(Buffer.from(again!))).toBe(true);
    expect(Buffer.from(stochastic!).equals(Buffer.from(other!))).toBe(false);
    disposeUNet(net);
  });

  it("run G at its own size and come back at the restorer's", async () => {
    const net = createUNet(tf, unetConfig('tiny', 32), 3);
    const [input] = await driftedInputs(tf, net, frames, [{ start: 0, applications: 2, target: 1 }]);
    expect(input).toHaveLength(size * size * 3);
    disposeUNet(net);
  });

  it('keep at most a pool of pairs, a refresh replacing the oldest', () => {
    const ring = new DriftedPairRing(3);
    const pair = (target: number) => ({ input: new Uint8Array(0), target });
    ring.add([pair(0), pair(1), pair(2)]);
    ring.add([pair(3), pair(4)]);
    expect([0, 1, 2].map((i) => ring.pair(i).target)).toEqual([3, 4, 2]);
    ring.add([pair(5), pair(6)]);
    expect([0, 1, 2].map((i) => ring.pair(i).target)).toEqual([6, 4, 5]);
    expect(ring.size).toBe(3);
  });
});
