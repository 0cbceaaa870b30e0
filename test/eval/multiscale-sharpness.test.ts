import { describe, expect, it } from 'vitest';
import { gradientDifference, sharpness } from '../../tools/eval/multiscale-sharpness';

const shape = { width: 2, height: 2 };
/** A 2×2 RGB frame with every channel of pixel i at grey[i]. */
const frame = (grey: readonly number[]) => Uint8Array.from(grey.flatMap((g) => [g, g, g]));

describe('sharpness (Mathieu et al. eq. 8)', () => {
  it('compares edge strengths at the pixels that have a left and an upper neighbour, as worked by hand', () => {
    // Only pixel (1, 1) has both: truth 0 with left 100 and up 40 → 100 + 40 = 140;
    // prediction 10 with left 30 and up 10 → 20 + 0 = 20. |140 − 20| = 120 per channel.
    const truth = frame([0, 40, 100, 0]);
    const prediction = frame([0, 10, 30, 10]);
    expect(gradientDifference(prediction, truth, shape)).toBe(120);
    expect(sharpness(prediction, truth, shape)).toBeCloseTo(10 * Math.log10((255 * 255) / 120), 10);
  });

  it('gives identical edges the 100 dB cap and a blurred frame less', () => {
    const truth = frame([0, 255, 255, 0]);
    expect(sharpness(truth.slice(), truth, shape)).toBe(100);
    expect(sharpness(frame([100, 150, 150, 100]), truth, shape)).toBeLessThan(sharpness(frame([10, 245, 245, 10]), truth, shape));
  });

  it('refuses frames of another size', () => {
    expect(() => gradientDifference(new Uint8Array(9), new Uint8Array(12), shape)).toThrow('Frames must be 2×2 RGB');
  });
});
