import { describe, expect, it } from 'vitest';
import {
  averagePool, colourHistogram, countNaN, gradientEnergy, HISTOGRAM_BINS, histogramDistance, mean, meanAbsoluteChange, meanSquaredError, psnr, PSNR_CAP_DB, ssim,
} from '../../tools/eval/metrics';

const SIZE = 32;
const shape = { width: SIZE, height: SIZE };

/** A SIZE × SIZE RGB frame whose pixel (x, y) is `rgb(x, y)`. */
function frame(rgb: (x: number, y: number) => readonly [number, number, number]): Uint8Array {
  const out = new Uint8Array(SIZE * SIZE * 3);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) out.set(rgb(x, y), (y * SIZE + x) * 3);
  }
  return out;
}

const grey = (v: number) => frame(() => [v, v, v]);
/** Columns alternating black and white; `phase` shifts them by whole columns. */
const stripes = (phase = 0) => frame((x) => ((x + phase) % 2 === 0 ? [0, 0, 0] : [255, 255, 255]));
/** A deterministic, detailed picture: a smooth pattern plus hashed noise. */
const textured = (seed = 0) => frame((x, y) => {
  const noise = (Math.imul(x * 73856093 ^ y * 19349663 ^ seed * 83492791, 2654435761) >>> 24) & 63;
  return [(x * 8 + noise) & 255, (y * 8 + noise) & 255, ((x + y) * 4 + noise) & 255];
});

describe('psnr', () => {
  it('gives the documented cap for identical frames', () => {
    expect(psnr(textured(), textured())).toBe(PSNR_CAP_DB);
  });

  it('is 20·log10(255) dB when every value is off by one', () => {
    expect(psnr(grey(100), grey(101))).toBeCloseTo(20 * Math.log10(255), 10);
  });

  it('falls as the error grows', () => {
    expect(psnr(grey(100), grey(110))).toBeLessThan(psnr(grey(100), grey(101)));
    expect(meanSquaredError(grey(100), grey(110))).toBe(100);
  });

  it('refuses frames of different sizes', () => {
    expect(() => psnr(new Uint8Array(3), new Uint8Array(6))).toThrow(/differ in size/);
  });
});

describe('ssim', () => {
  it('is exactly 1 for identical frames', () => {
    expect(ssim(textured(), textured(), shape)).toBe(1);
  });

  it('matches the closed form for two flat frames: (2ab + C1) / (a² + b² + C1)', () => {
    const [a, b, c1] = [100, 150, (0.01 * 255) ** 2];
    expect(ssim(grey(a), grey(b), shape)).toBeCloseTo((2 * a * b + c1) / (a * a + b * b + c1), 10);
  });

  it('is symmetric and below 1 for different detailed frames', () => {
    const [x, y] = [textured(1), textured(2)];
    expect(ssim(x, y, shape)).toBeCloseTo(ssim(y, x, shape), 12);
    expect(ssim(x, y, shape)).toBeLessThan(0.9);
  });

  it('is about -1 between a striped frame and its inverse', () => {
    expect(ssim(stripes(0), stripes(1), shape)).toBeLessThan(-0.99);
  });

  it('refuses frames smaller than its 11×11 window', () => {
    expect(() => ssim(new Uint8Array(8 * 8 * 3), new Uint8Array(8 * 8 * 3), { width: 8, height: 8 })).toThrow(/at least 11×11/);
  });
});

describe('gradientEnergy', () => {
  it('is 0 for a flat grey frame', () => {
    expect(gradientEnergy(grey(128), shape)).toBe(0);
  });

  it('is 1/(width − 1) for one black-to-white vertical edge', () => {
    const edge = frame((x) => (x < SIZE / 2 ? [0, 0, 0] : [255, 255, 255]));
    expect(gradientEnergy(edge, shape)).toBeCloseTo(1 / (SIZE - 1), 12);
  });

  it('is 1 for columns alternating black and white (every horizontal step is a full swing)', () => {
    expect(gradientEnergy(stripes(), shape)).toBeCloseTo(1, 12);
  });

  it('refuses a buffer that does not match the shape', () => {
    expect(() => gradientEnergy(new Uint8Array(10), shape)).toThrow(/RGB frame has 3072 values, got 10/);
  });
});

describe('meanAbsoluteChange', () => {
  it('is 0 between a frame and itself', () => {
    expect(meanAbsoluteChange(textured(), textured())).toBe(0);
  });

  it('is 1 when alternating stripes shift by one column', () => {
    expect(meanAbsoluteChange(stripes(0), stripes(1))).toBe(1);
  });

  it('is 2/255 · (1 − 1/width) when a ramp shifts one column (the new first column repeats its neighbour)', () => {
    const ramp = frame((x) => [x * 2, x * 2, x * 2]);
    const shifted = frame((x) => { const v = Math.max(0, x - 1) * 2; return [v, v, v]; });
    expect(meanAbsoluteChange(ramp, shifted)).toBeCloseTo((2 / 255) * (1 - 1 / SIZE), 12);
  });
});

describe('colourHistogram and histogramDistance', () => {
  it(`has ${HISTOGRAM_BINS ** 3} bins summing to 1`, () => {
    const histogram = colourHistogram([textured()]);
    expect(histogram).toHaveLength(HISTOGRAM_BINS ** 3);
    expect(histogram.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 12);
  });

  it('puts each colour in its bin', () => {
    const red = colourHistogram([frame(() => [255, 0, 0])]);
    expect(red[(HISTOGRAM_BINS - 1) * HISTOGRAM_BINS * HISTOGRAM_BINS]).toBe(1);
  });

  it('gives 0 for the same colours and 1 for disjoint ones', () => {
    expect(histogramDistance(colourHistogram([textured()]), colourHistogram([textured()]))).toBe(0);
    expect(histogramDistance(colourHistogram([frame(() => [255, 0, 0])]), colourHistogram([frame(() => [0, 0, 255])]))).toBe(1);
  });

  it('gives 0.5 between black and a pool of one black and one white frame', () => {
    expect(histogramDistance(colourHistogram([grey(0)]), colourHistogram([grey(0), grey(255)]))).toBeCloseTo(0.5, 12);
  });
});

describe('countNaN and mean', () => {
  it('counts NaN values only', () => {
    expect(countNaN(Float32Array.from([0, Number.NaN, 1, Number.NaN, Number.POSITIVE_INFINITY]))).toBe(2);
  });

  it('refuses the mean of nothing', () => {
    expect(mean([1, 2, 6])).toBe(3);
    expect(() => mean([])).toThrow(/no values/);
  });
});

describe('averagePool (the coarse scale)', () => {
  it('averages each 4×4 block and drops a border narrower than the window', () => {
    const pooled = averagePool(textured(), shape);
    expect(pooled.shape).toEqual({ width: 8, height: 8 });
    const source = textured();
    let sum = 0;
    for (let y = 0; y < 4; y++) for (let x = 0; x < 4; x++) sum += source[(y * SIZE + x) * 3]!;
    expect(pooled.pixels[0]).toBeCloseTo(sum / 16, 10);
    expect(averagePool(new Uint8Array(6 * 5 * 3), { width: 6, height: 5 }).shape).toEqual({ width: 1, height: 1 });
    expect(() => averagePool(new Uint8Array(3 * 3 * 3), { width: 3, height: 3 })).toThrow('Pooling 4×4 needs frames of at least that size, got 3×3');
  });

  it('averages pixel noise away while motion of shapes larger than the pool survives', () => {
    // Alternating single-pixel stripes flipping each frame: all change at full scale, none pooled.
    const flicker = [stripes(0), stripes(1)] as const;
    expect(meanAbsoluteChange(flicker[0], flicker[1])).toBe(1);
    const [a, b] = flicker.map((f) => averagePool(f, shape).pixels);
    expect(meanAbsoluteChange(a!, b!)).toBe(0);
    // A block edge moving by 8 pixels changes the pooled frame too.
    const block = (offset: number) => frame((x) => (x >= offset && x < offset + 8 ? [255, 255, 255] : [0, 0, 0]));
    const [c, d] = [block(0), block(8)].map((f) => averagePool(f, shape).pixels);
    expect(meanAbsoluteChange(c!, d!)).toBeGreaterThan(0.2);
    expect(gradientEnergy(c!, { width: 8, height: 8 })).toBeGreaterThan(0);
  });
});
