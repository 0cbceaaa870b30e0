import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../../src/core/training-kit/random-stream';
import { ANY_CROP_SHARE, CROP_TRIES, cropMotion, cropsToBatch, pickCrop } from '../../../src/nodes/multiscale/clip-crops';
import type { SquareFrames } from '../../../src/nodes/multiscale/clip-crops';

const SIZE = 8;
const CROP = 4;

/** `count` grey frames of SIZE px; in the top-left CROP × CROP square, frame f is f × `step` grey (the rest stays 100). */
function frames(count: number, step: number): SquareFrames {
  const list = Array.from({ length: count }, (_, f) => {
    const bytes = new Uint8Array(SIZE * SIZE * 3).fill(100);
    for (let y = 0; y < CROP; y++) for (let x = 0; x < CROP; x++) bytes.fill(f * step, (y * SIZE + x) * 3, (y * SIZE + x) * 3 + 3);
    return bytes;
  });
  return { size: SIZE, count, frame: (i) => list[i]! };
}

describe('clip crops', () => {
  it('measures motion as dyelax\'s clip_l2_diff: Σ (a − b)² over 4 frame pairs, pixels in [−1, 1]', () => {
    const clip = frames(5, 51);
    // Each pair differs by 51 grey levels = 0.4 in [−1, 1] on 4×4×3 values: 4 pairs × 48 × 0.16.
    expect(cropMotion(clip, { start: 0, top: 0, left: 0 }, CROP)).toBeCloseTo(4 * 48 * 0.16, 6);
    // Half overlapping the moving square: half the values move.
    expect(cropMotion(clip, { start: 0, top: 2, left: 0 }, CROP)).toBeCloseTo(4 * 24 * 0.16, 6);
    expect(cropMotion(clip, { start: 0, top: 4, left: 4 }, CROP)).toBe(0);
  });

  it('keeps crops that move more than the threshold and drops those that do not', () => {
    const clip = frames(5, 51);
    const random = new RandomStream(3);
    const picks = Array.from({ length: 200 }, () => pickCrop(clip, random, 10, CROP));
    // Every crop passing the test overlaps the moving square by more than 10 / (4 × 0.16) values.
    for (const pick of picks.filter((p) => p.moving)) expect(cropMotion(clip, pick, CROP)).toBeGreaterThan(10);
    const moving = picks.filter((p) => p.moving).length;
    // Only the ~5 % that take their first crop regardless may be still.
    expect(moving).toBeGreaterThan(200 * (1 - 3 * ANY_CROP_SHARE));
    expect(moving).toBeLessThan(200);
    // A threshold no crop can pass: every try fails and the last crop is taken, marked still.
    const still = Array.from({ length: 20 }, () => pickCrop(clip, new RandomStream(9), 1e9, CROP));
    expect(still.every((p) => !p.moving)).toBe(true);
    // Threshold 0 on a still clip: nothing moves, however often it tries.
    const random2 = new RandomStream(4);
    const before = random2.state.draws;
    expect(pickCrop(frames(5, 0), random2, 0, CROP).moving).toBe(false);
    expect(random2.state.draws - before).toBeGreaterThanOrEqual(2);
    expect(random2.state.draws - before).toBeLessThanOrEqual(2 + 2 * CROP_TRIES);
  });

  it('refuses clips too short or frames too small, with the reason', () => {
    expect(() => pickCrop(frames(4, 10), new RandomStream(1), 0, CROP)).toThrow('A training clip needs 5 frames, the dataset has 4');
    expect(() => pickCrop(frames(5, 10), new RandomStream(1), 0, 16)).toThrow('8px frames are smaller than the 16px crops');
  });

  it('stacks the 4 history frames on channels, oldest first, and the fifth as the target', () => {
    const clip = frames(6, 10);
    const batch = cropsToBatch(tf, clip, [{ start: 1, top: 0, left: 0 }], CROP);
    expect(batch.history.shape).toEqual([1, CROP, CROP, 12]);
    const pixel = Array.from(batch.history.dataSync().slice(0, 12)).map((v) => Math.round(v * 255));
    expect(pixel).toEqual([10, 10, 10, 20, 20, 20, 30, 30, 30, 40, 40, 40]);
    expect(Math.round(batch.target.dataSync()[0]! * 255)).toBe(50);
    tf.dispose([batch.history, batch.target]);
  });
});
