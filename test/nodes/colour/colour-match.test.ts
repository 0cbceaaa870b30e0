import * as tf from '@tensorflow/tfjs';
import type { Tensor3D, Tensor4D } from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { colourStatisticsOfBytes, labStatistics, labToRgb, matchColours, rgbToLab } from '../../../src/nodes/colour/colour-match';
import type { ColourStatistics } from '../../../src/nodes/colour/colour-match';

/** Random frames in [low, high], reproducible. */
function randomFrames(n: number, size: number, seed: number, low = 0, high = 1): Tensor4D {
  return tf.randomUniform([n, size, size, 3], low, high, 'float32', seed) as Tensor4D;
}

function expectStatisticsClose(actual: ColourStatistics, expected: ColourStatistics, tolerance: number): void {
  for (let c = 0; c < 3; c++) {
    expect(Math.abs(actual.mean[c]! - expected.mean[c]!)).toBeLessThan(tolerance);
    expect(Math.abs(actual.std[c]! - expected.std[c]!)).toBeLessThan(tolerance);
  }
}

describe('rgb ↔ Lab', () => {
  it('gives the textbook Lab of white, black and sRGB red (D65)', () => {
    const rgb = tf.tensor4d([1, 1, 1, 0, 0, 0, 1, 0, 0], [1, 1, 3, 3]);
    const lab = Array.from(rgbToLab(tf, rgb).dataSync());
    const expected = [100, 0, 0, 0, 0, 0, 53.2408, 80.0925, 67.2032];
    lab.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 2));
    rgb.dispose();
  });

  it('goes back to the same RGB, within 1e-5', () => {
    const rgb = randomFrames(1, 16, 1);
    const back = tf.tidy(() => labToRgb(tf, rgbToLab(tf, rgb)));
    expect(tf.max(tf.abs(tf.sub(back, rgb))).dataSync()[0]).toBeLessThan(1e-5);
    tf.dispose([rgb, back]);
  });
});

describe('matchColours', () => {
  it('leaves frames unchanged at strength 0, within 1e-5', () => {
    const frames = randomFrames(2, 32, 2);
    const dark = randomFrames(1, 8, 3, 0, 0.3);
    const reference = labStatistics(tf, dark);
    const out = tf.tidy(() => matchColours(tf, frames, reference, 0));
    expect(tf.max(tf.abs(tf.sub(out, frames))).dataSync()[0]).toBeLessThan(1e-5);
    tf.dispose([frames, dark, out]);
  });

  it('gives each frame the reference’s Lab mean and std at strength 1', () => {
    const frames = randomFrames(2, 48, 4, 0.2, 0.8);
    // A warm, low-contrast reference: the match must move means and scale stds.
    const warm = tf.tidy(() => tf.mul(randomFrames(1, 32, 5, 0.4, 0.7), tf.tensor1d([1, 0.85, 0.7]))) as Tensor4D;
    const reference = labStatistics(tf, warm);
    const out = tf.tidy(() => matchColours(tf, frames, reference, 1));
    for (let i = 0; i < 2; i++) {
      const frame = tf.slice(out, [i, 0, 0, 0], [1, -1, -1, -1]);
      expectStatisticsClose(labStatistics(tf, frame), reference, 0.05);
      frame.dispose();
    }
    tf.dispose([frames, warm, out]);
  });

  it('pulls a frame with a colour cast back towards the colours it had', () => {
    const clean = randomFrames(1, 32, 6, 0.1, 0.9);
    const cast = tf.tidy(() => tf.clipByValue(tf.mul(clean, tf.tensor1d([1.1, 0.95, 0.6])), 0, 1)) as Tensor4D;
    const reference = labStatistics(tf, clean);
    const out = tf.tidy(() => matchColours(tf, cast, reference, 1));
    // A cast is a shift of the average colour: compare the frames' mean RGB.
    const castOf = (t: Tensor4D) => tf.tidy(() => tf.norm(tf.sub(tf.mean(t, [0, 1, 2]), tf.mean(clean, [0, 1, 2]))).dataSync()[0]!);
    expect(castOf(out)).toBeLessThan(castOf(cast) / 5);
    // The cast was yellow (Lab b up); the match takes b back to the clean frame's.
    expect(labStatistics(tf, cast).mean[2] - reference.mean[2]).toBeGreaterThan(10);
    expect(Math.abs(labStatistics(tf, out).mean[2] - reference.mean[2])).toBeLessThan(1);
    tf.dispose([clean, cast, out]);
  });

  it('moves half way in Lab at strength 0.5', () => {
    const frames = randomFrames(1, 32, 7, 0.3, 0.7);
    const reference: ColourStatistics = { mean: [60, 5, 10], std: [12, 4, 6] };
    const before = labStatistics(tf, frames);
    const out = tf.tidy(() => matchColours(tf, frames, reference, 0.5));
    const after = labStatistics(tf, out);
    for (let c = 0; c < 3; c++) expect(after.mean[c]).toBeCloseTo((before.mean[c]! + reference.mean[c]!) / 2, 1);
    tf.dispose([frames, out]);
  });

  it('creates no tensors beyond its result, so callers can use it inside their own tidy', () => {
    const frames = randomFrames(1, 16, 8);
    const reference = labStatistics(tf, frames);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) tf.tidy(() => { matchColours(tf, frames, reference, 0.5); });
    labStatistics(tf, frames);
    expect(tf.memory().numTensors).toBe(before);
    frames.dispose();
  });
});

describe('colourStatisticsOfBytes', () => {
  const size = 24;
  const randomBytes = (seed: number, channels: 3 | 4) => {
    let x = seed;
    return Uint8Array.from({ length: size * size * channels }, () => ((x = (x * 1103515245 + 12345) % 2147483648) >> 16) & 255);
  };
  const asTensor = (frames: Uint8Array[], channels: 3 | 4): Tensor4D => tf.tidy(() => {
    const all = tf.tensor4d(Float32Array.from(frames.flatMap((f) => Array.from(f))), [frames.length, size, size, channels]);
    return tf.div(tf.slice(all, [0, 0, 0, 0], [-1, -1, -1, 3]), 255) as Tensor4D;
  });

  it('agrees with the tfjs statistics within 1e-3, pooled over every frame', () => {
    const frames = [randomBytes(1, 3), randomBytes(2, 3), randomBytes(3, 3)];
    const tensor = asTensor(frames, 3);
    expectStatisticsClose(colourStatisticsOfBytes(frames, 3), labStatistics(tf, tensor), 1e-3);
    tensor.dispose();
  });

  it('ignores alpha in RGBA frames', () => {
    const frames = [randomBytes(4, 4)];
    const tensor = asTensor(frames, 4);
    expectStatisticsClose(colourStatisticsOfBytes(frames, 4), labStatistics(tf, tensor), 1e-3);
    tensor.dispose();
  });

  it('takes a single frame [h, w, 3] in labStatistics as a batch of one', () => {
    const frame = tf.tidy(() => tf.squeeze(asTensor([randomBytes(5, 3)], 3), [0])) as Tensor3D;
    expectStatisticsClose(colourStatisticsOfBytes([randomBytes(5, 3)]), labStatistics(tf, frame), 1e-3);
    frame.dispose();
  });

  it('refuses frames with no pixels rather than returning NaN', () => {
    expect(() => colourStatisticsOfBytes([])).toThrow(/no pixels/);
  });
});
