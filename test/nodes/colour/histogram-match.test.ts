import * as tf from '@tensorflow/tfjs';
import type { Tensor3D, Tensor4D } from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { COLOUR_BASES, matchHistograms, quantilesOfBytes, quantileTensor, QUANTILES } from '../../../src/nodes/colour/histogram-match';
import { histogramDistance, softHistogram } from '../../../src/nodes/monitor/metrics';
import { colourHistogram, histogramDistance as jointDistance } from '../../../tools/eval/metrics';

/** Random frames in [low, high] per channel, reproducible. */
function frames(n: number, size: number, seed: number, low: number, high: number): Tensor4D {
  return tf.randomUniform([n, size, size, 3], low, high, 'float32', seed) as Tensor4D;
}

function bytesOf(frame: Tensor3D): Uint8Array {
  return Uint8Array.from(tf.tidy(() => tf.round(tf.mul(frame, 255))).dataSync());
}

function distance(a: Tensor3D, b: Tensor3D): number {
  return tf.tidy(() => histogramDistance(tf, softHistogram(tf, a), softHistogram(tf, b)).dataSync()[0]!);
}

describe('quantiles', () => {
  it('of bytes: the exact order statistics along each axis, ascending', () => {
    // Channel 0 holds 0…99, channel 1 holds 99…0 doubled, channel 2 a constant.
    const bytes = new Uint8Array(300);
    for (let p = 0; p < 100; p++) bytes.set([p, (99 - p) * 2, 7], p * 3);
    const quantiles = quantilesOfBytes([bytes]);
    expect(quantiles).toHaveLength(COLOUR_BASES.length);
    const [red, green, blue] = quantiles[0]!; // the first basis is RGB itself
    expect(red).toHaveLength(QUANTILES);
    expect(red![0]).toBeCloseTo(0);
    expect(red![QUANTILES - 1]).toBeCloseTo(99 / 255);
    expect(green![QUANTILES - 1]).toBeCloseTo(198 / 255);
    expect(blue!.every((v) => Math.abs(v - 7 / 255) < 1e-6)).toBe(true);
    for (let i = 1; i < QUANTILES; i++) expect(red![i]!).toBeGreaterThanOrEqual(red![i - 1]!);
  });

  // The tensor path reads quantiles off a 64-bin cumulative distribution: within a bin of the exact ones.
  it('of bytes and of tensors agree on the same frame, within one bin of the range', () => {
    const frame = tf.tidy(() => tf.div(tf.round(tf.mul(frames(1, 32, 1, 0, 1), 255)), 255).squeeze([0])) as Tensor3D;
    const fromBytes = quantilesOfBytes([bytesOf(frame)]);
    const fromTensor = quantileTensor(tf, frame);
    const values = fromTensor.arraySync();
    expect(fromTensor.shape).toEqual([COLOUR_BASES.length, 3, QUANTILES]);
    for (let b = 0; b < COLOUR_BASES.length; b++) {
      for (let c = 0; c < 3; c++) for (let q = 0; q < QUANTILES; q++) expect(Math.abs(values[b]![c]![q]! - fromBytes[b]![c]![q]!)).toBeLessThan(1.8 / 64);
    }
    tf.dispose([frame, fromTensor]);
  });

  it('refuses an empty set of frames', () => {
    expect(() => quantilesOfBytes([])).toThrow(/no pixels/);
  });
});

describe('matchHistograms', () => {
  it('at strength 1 gives a dark frame the histograms of a bright reference', () => {
    const dark = frames(1, 32, 2, 0, 0.4);
    const bright = frames(1, 32, 3, 0.5, 1);
    const reference = quantileTensor(tf, bright);
    const matched = matchHistograms(tf, dark, reference, 1);
    const [d, b, m] = [dark, bright, matched].map((t) => tf.squeeze(t, [0]) as Tensor3D);
    expect(distance(d!, b!)).toBeGreaterThan(0.9);
    expect(distance(m!, b!)).toBeLessThan(0.05);
    tf.dispose([dark, bright, reference, matched, d!, b!, m!]);
  });

  it('keeps the order of values (a monotone map): a ramp stays a ramp', () => {
    const ramp = tf.tidy(() => tf.tile(tf.reshape(tf.linspace(0.1, 0.5, 16), [1, 1, 16, 1]), [1, 16, 1, 3])) as Tensor4D;
    const reference = quantileTensor(tf, tf.tidy(() => tf.tile(tf.reshape(tf.square(tf.linspace(0, 1, 64)), [1, 64, 1]), [64, 1, 3])));
    const row = tf.tidy(() => tf.slice(matchHistograms(tf, ramp, reference, 1), [0, 0, 0, 0], [1, 1, 16, 1]).dataSync());
    for (let i = 1; i < 16; i++) expect(row[i]!).toBeGreaterThanOrEqual(row[i - 1]! - 1e-5);
    expect(row[0]).toBeCloseTo(0, 1);
    expect(row[15]).toBeCloseTo(1, 1);
    tf.dispose([ramp, reference]);
  });

  it('leaves frames unchanged at strength 0 and matches each frame of a batch on its own', () => {
    const batch = tf.concat([frames(1, 16, 4, 0, 0.3), frames(1, 16, 5, 0.6, 1)]) as Tensor4D;
    const reference = quantileTensor(tf, frames(1, 16, 6, 0.3, 0.6));
    const unchanged = matchHistograms(tf, batch, reference, 0);
    expect(tf.max(tf.abs(tf.sub(unchanged, batch))).dataSync()[0]).toBeLessThan(1e-6);
    const matched = matchHistograms(tf, batch, reference, 1);
    const means = tf.mean(matched, [1, 2, 3]).dataSync();
    expect(means[0]).toBeCloseTo(0.45, 1);
    expect(means[1]).toBeCloseTo(0.45, 1);
    tf.dispose([batch, reference, unchanged, matched]);
  });

  it('is finite on a flat frame, and creates no tensor it does not return', () => {
    const flat = tf.fill([1, 8, 8, 3], 0.5) as Tensor4D;
    const reference = quantileTensor(tf, frames(1, 8, 7, 0, 1));
    const before = tf.memory().numTensors;
    const out = matchHistograms(tf, flat, reference, 1);
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(Array.from(out.dataSync()).every(Number.isFinite)).toBe(true);
    tf.dispose([flat, reference, out]);
  });

  it('matches how the channels go together, not only each channel: colour noise on grey becomes grey', () => {
    // The reference is grey (R = G = B) at random levels; the frame has the same per-channel
    // values but each channel drawn on its own, i.e. colour noise. Per-channel matching would
    // leave it as it is; matching along the other bases pulls it back to grey.
    const grey = tf.tidy(() => tf.tile(tf.randomUniform([1, 32, 32, 1], 0, 1, 'float32', 8), [1, 1, 1, 3])) as Tensor4D;
    const noise = frames(1, 32, 9, 0, 1);
    const matched = matchHistograms(tf, noise, quantileTensor(tf, grey), 1);
    const joint = (t: Tensor4D) => colourHistogram([Uint8Array.from(tf.tidy(() => tf.round(tf.mul(t, 255))).dataSync())]);
    const before = jointDistance(joint(noise), joint(grey));
    const after = jointDistance(joint(matched), joint(grey));
    expect(before).toBeGreaterThan(0.7);
    expect(after).toBeLessThan(0.1);
    tf.dispose([grey, noise, matched]);
  });
});
