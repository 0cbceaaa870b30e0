import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { Tensor3D } from '@tensorflow/tfjs';
import {
  finiteOnly, frameMetrics, gradientEnergy, histogramDistance, matchColour, meanAbsoluteChange, METRIC, softHistogram, splitFinite,
} from '../../../src/nodes/monitor/metrics';

const W = 8;
const H = 6;

function flat(r: number, g = r, b = r): Tensor3D {
  return tf.tidy(() => tf.mul(tf.ones([H, W, 3]), tf.tensor1d([r, g, b])) as Tensor3D);
}

/** value(x) = x / W in every row and channel: a horizontal ramp. */
function ramp(shift = 0): Tensor3D {
  const row = Array.from({ length: W }, (_, x) => (((x - shift) % W) + W) % W / W);
  return tf.tidy(() => tf.tile(tf.reshape(tf.tensor1d(row), [1, W, 1]), [H, 1, 3]) as Tensor3D);
}

function value(scalar: tf.Tensor): number {
  const v = scalar.dataSync()[0]!;
  scalar.dispose();
  return v;
}

describe('monitor metrics', () => {
  it('gives a flat grey frame zero detail', () => {
    const grey = flat(0.5);
    expect(value(gradientEnergy(tf, grey))).toBe(0);
    grey.dispose();
  });

  it('gives a ramp of step 1/W the detail (1/W)²: dx = 1/W, dy = 0', () => {
    const frame = ramp();
    expect(value(gradientEnergy(tf, frame))).toBeCloseTo(1 / (W * W), 7);
    frame.dispose();
  });

  it('measures a one-pixel wrap-around shift of the ramp as 2(W − 1)/W²', () => {
    // Every column but the first changes by 1/W; the first jumps from (W − 1)/W to 0.
    const a = ramp(0);
    const b = ramp(1);
    expect(value(meanAbsoluteChange(tf, b, a))).toBeCloseTo((2 * (W - 1)) / (W * W), 7);
    tf.dispose([a, b]);
  });

  it('builds soft histograms whose rows sum to 1, splitting a value between its two nearest bins', () => {
    const grey = flat(0.5);
    const hist = softHistogram(tf, grey);
    expect(hist.shape).toEqual([3, 16]);
    const rows = hist.arraySync();
    for (const row of rows) expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 6);
    // 0.5 · 16 − ½ = 7.5: half in bin 7, half in bin 8.
    expect(rows[0]![7]).toBeCloseTo(0.5, 6);
    expect(rows[0]![8]).toBeCloseTo(0.5, 6);
    tf.dispose([grey, hist]);
  });

  it('puts the histogram distance of identical frames at 0', () => {
    const a = ramp();
    const b = ramp();
    expect(value(histogramDistance(tf, softHistogram(tf, a), softHistogram(tf, b)))).toBe(0);
    tf.dispose([a, b]);
  });

  it('puts pure red against pure blue at 2/3: R and B disjoint, G identical', () => {
    const red = flat(1, 0, 0);
    const blue = flat(0, 0, 1);
    expect(value(tf.tidy(() => histogramDistance(tf, softHistogram(tf, red), softHistogram(tf, blue))))).toBeCloseTo(2 / 3, 6);
    tf.dispose([red, blue]);
  });

  it('puts two greys half a bin apart at 1/2: 0.5 fills bins 7 and 8 half each, 0.53125 fills bin 8', () => {
    const a = flat(0.5);
    const b = flat(0.5 + 1 / 32);
    expect(value(tf.tidy(() => histogramDistance(tf, softHistogram(tf, a), softHistogram(tf, b))))).toBeCloseTo(0.5, 6);
    tf.dispose([a, b]);
  });

  it('samples large frames on a grid and still gives a flat frame its exact histogram', () => {
    const big = tf.fill([300, 200, 3], 1) as Tensor3D;
    const hist = softHistogram(tf, big);
    expect(hist.arraySync()[1]![15]).toBeCloseTo(1, 6);
    tf.dispose([big, hist]);
  });

  it('counts NaN and ±Inf values, and zeroes them for the other metrics', () => {
    const values = new Float32Array(H * W * 3).fill(0.5);
    values[0] = Number.NaN;
    values[5] = Number.NaN;
    values[7] = Number.POSITIVE_INFINITY;
    values[100] = Number.NEGATIVE_INFINITY;
    const raw = tf.tensor3d(values, [H, W, 3]);
    const split = splitFinite(tf, raw);
    expect(value(split.nonFinite)).toBe(4);
    const clean = finiteOnly(tf, raw);
    expect(Array.from(clean.dataSync())).toEqual(Array.from(split.clean.dataSync()));
    expect(value(tf.sum(tf.cast(tf.isNaN(clean), 'float32')))).toBe(0);
    expect(clean.dataSync()[0]).toBe(0);
    const again = splitFinite(tf, raw);
    const metrics = frameMetrics(tf, again, undefined, softHistogram(tf, clean)).dataSync();
    expect(metrics[METRIC.nonFinite]).toBe(4);
    expect(Number.isFinite(metrics[METRIC.detail])).toBe(true);
    expect(metrics[METRIC.motion]).toBe(0);
    expect(metrics[METRIC.histogram]).toBe(0);
    tf.dispose([raw, clean, split.clean, again.clean, again.nonFinite]);
  });

  it('colour-matches a frame to the reference mean and standard deviation per channel', () => {
    const frame = tf.tidy(() => tf.add(tf.mul(ramp(), 0.2), tf.tensor1d([0.1, 0.5, 0.3])) as Tensor3D);
    const reference = tf.tidy(() => tf.add(tf.mul(ramp(3), tf.tensor1d([0.4, 0.1, 0.6])), tf.tensor1d([0.2, 0.3, 0.05])) as Tensor3D);
    const matched = matchColour(tf, frame, reference);
    const got = tf.moments(matched, [0, 1]);
    const want = tf.moments(reference, [0, 1]);
    const close = (a: tf.Tensor, b: tf.Tensor) => Array.from(a.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(b.dataSync()[i]!, 5));
    close(got.mean, want.mean);
    close(got.variance, want.variance);
    tf.dispose([frame, reference, matched, got.mean, got.variance, want.mean, want.variance]);
  });
});
