/**
 * Frame-quality metrics for the evaluation command, on plain RGB bytes (row-major,
 * width × height × 3, 0…255). Pure: no tfjs, no DOM, so they run the same in the page and in
 * unit tests. Where a metric needs a unit, pixel values are scaled to [0, 1].
 *
 * - PSNR: 10·log10(255² / MSE) in dB over all values; capped at `PSNR_CAP_DB`, so identical
 *   frames give the cap rather than ∞ (JSON has no ∞).
 * - SSIM: Wang, Bovik, Sheikh & Simoncelli (2004) with their standard settings — an 11×11
 *   Gaussian window, σ = 1.5, K1 = 0.01, K2 = 0.03, L = 255 — over the window positions that fit
 *   inside the frame (the reference code's 'valid' filtering), computed per RGB channel and
 *   averaged over the channels. Identical frames give exactly 1.
 * - Gradient energy: mean of dx² + dy² (forward differences, values in [0, 1]) over every pixel
 *   that has a right and a lower neighbour, and over the channels. 0 for a flat frame; it falls
 *   as a loop blurs into a bland texture.
 * - Mean absolute change: mean |a − b| over all values, in [0, 1]. Between consecutive frames it
 *   measures motion; 0 means a frozen loop.
 * - Colour histogram: joint RGB histogram with `HISTOGRAM_BINS` bins per channel (512 bins),
 *   normalised to sum to 1. The distance between two histograms is their total variation,
 *   ½·Σ|p − q|: 0 for the same colour distribution, 1 for disjoint ones.
 * - Coarse scale: the same gradient energy and mean absolute change on frames average-pooled
 *   `COARSE_POOL` × `COARSE_POOL`. Pixel noise and flicker average out there, while motion
 *   and shapes larger than the pool do not: a loop that only sparkles scores high at full scale
 *   and near zero at coarse scale, so noise does not count as life.
 */

/** Side of the average-pooling window of the coarse-scale measures. */
export const COARSE_POOL = 4;

/** Upper bound on PSNR; reached when MSE < 255²·10⁻¹⁰, i.e. for identical frames. */
export const PSNR_CAP_DB = 100;
/** Bins per channel of the joint colour histogram (8 → 512 bins). */
export const HISTOGRAM_BINS = 8;

const SSIM_WINDOW = 11;
const SSIM_SIGMA = 1.5;
const SSIM_C1 = (0.01 * 255) ** 2;
const SSIM_C2 = (0.03 * 255) ** 2;

/** A frame's layout: `width × height` pixels of 3 bytes. */
export interface FrameShape {
  readonly width: number;
  readonly height: number;
}

function checkFrame(frame: ArrayLike<number>, shape: FrameShape, label = 'frame'): void {
  const { width, height } = shape;
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0)) throw new RangeError(`Bad frame shape ${width}×${height}`);
  if (frame.length !== width * height * 3) throw new RangeError(`A ${width}×${height} RGB ${label} has ${width * height * 3} values, got ${frame.length}`);
}

function checkSameLength(a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length) throw new RangeError(`Frames differ in size: ${a.length} and ${b.length} values`);
  if (a.length === 0) throw new RangeError('Empty frames have no metric');
}

/** Mean squared error, in 8-bit levels². */
export function meanSquaredError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  checkSameLength(a, b);
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    sum += d * d;
  }
  return sum / a.length;
}

/** PSNR in dB (peak 255), at most `PSNR_CAP_DB`. */
export function psnr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const mse = meanSquaredError(a, b);
  const db = 10 * Math.log10((255 * 255) / mse);
  return Math.min(PSNR_CAP_DB, db);
}

/** The normalised 1-D Gaussian the SSIM window is the outer product of. */
function gaussianKernel(size: number, sigma: number): Float64Array {
  const kernel = new Float64Array(size);
  const centre = (size - 1) / 2;
  let sum = 0;
  for (let i = 0; i < size; i++) {
    kernel[i] = Math.exp(-((i - centre) ** 2) / (2 * sigma * sigma));
    sum += kernel[i]!;
  }
  return kernel.map((value) => value / sum);
}

const WINDOW = gaussianKernel(SSIM_WINDOW, SSIM_SIGMA);

/** Separable Gaussian filtering of a `width × height` plane, keeping only positions where the window fits. */
function filterValid(plane: Float64Array, width: number, height: number): Float64Array {
  const outWidth = width - SSIM_WINDOW + 1;
  const outHeight = height - SSIM_WINDOW + 1;
  const rows = new Float64Array(outWidth * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < outWidth; x++) {
      let sum = 0;
      for (let k = 0; k < SSIM_WINDOW; k++) sum += WINDOW[k]! * plane[y * width + x + k]!;
      rows[y * outWidth + x] = sum;
    }
  }
  const out = new Float64Array(outWidth * outHeight);
  for (let y = 0; y < outHeight; y++) {
    for (let x = 0; x < outWidth; x++) {
      let sum = 0;
      for (let k = 0; k < SSIM_WINDOW; k++) sum += WINDOW[k]! * rows[(y + k) * outWidth + x]!;
      out[y * outWidth + x] = sum;
    }
  }
  return out;
}

/** SSIM of two RGB frames (see the module comment). @throws RangeError for frames smaller than the 11×11 window. */
export function ssim(a: ArrayLike<number>, b: ArrayLike<number>, shape: FrameShape): number {
  checkFrame(a, shape);
  checkFrame(b, shape);
  const { width, height } = shape;
  if (width < SSIM_WINDOW || height < SSIM_WINDOW) throw new RangeError(`SSIM needs frames of at least ${SSIM_WINDOW}×${SSIM_WINDOW}, got ${width}×${height}`);
  const pixels = width * height;
  let total = 0;
  for (let c = 0; c < 3; c++) {
    const x = new Float64Array(pixels);
    const y = new Float64Array(pixels);
    for (let p = 0; p < pixels; p++) {
      x[p] = a[p * 3 + c]!;
      y[p] = b[p * 3 + c]!;
    }
    const product = (u: Float64Array, v: Float64Array) => u.map((value, i) => value * v[i]!);
    const muX = filterValid(x, width, height);
    const muY = filterValid(y, width, height);
    const xx = filterValid(product(x, x), width, height);
    const yy = filterValid(product(y, y), width, height);
    const xy = filterValid(product(x, y), width, height);
    let sum = 0;
    for (let i = 0; i < muX.length; i++) {
      const mx = muX[i]!;
      const my = muY[i]!;
      const varX = xx[i]! - mx * mx;
      const varY = yy[i]! - my * my;
      const cov = xy[i]! - mx * my;
      sum += ((2 * mx * my + SSIM_C1) * (2 * cov + SSIM_C2)) / ((mx * mx + my * my + SSIM_C1) * (varX + varY + SSIM_C2));
    }
    total += sum / muX.length;
  }
  return total / 3;
}

/** Gradient energy of one RGB frame (see the module comment). */
export function gradientEnergy(frame: ArrayLike<number>, shape: FrameShape): number {
  checkFrame(frame, shape);
  const { width, height } = shape;
  if (width < 2 || height < 2) throw new RangeError(`Gradient energy needs frames of at least 2×2, got ${width}×${height}`);
  let sum = 0;
  for (let y = 0; y < height - 1; y++) {
    for (let x = 0; x < width - 1; x++) {
      for (let c = 0; c < 3; c++) {
        const here = frame[(y * width + x) * 3 + c]!;
        const dx = (frame[(y * width + x + 1) * 3 + c]! - here) / 255;
        const dy = (frame[((y + 1) * width + x) * 3 + c]! - here) / 255;
        sum += dx * dx + dy * dy;
      }
    }
  }
  return sum / ((width - 1) * (height - 1) * 3);
}

/**
 * `frame` average-pooled `factor` × `factor` (values kept in 0…255, not rounded); a border
 * narrower than the window is dropped, as a 'valid' pool does.
 * @throws RangeError when the frame is smaller than one window.
 */
export function averagePool(frame: ArrayLike<number>, shape: FrameShape, factor = COARSE_POOL): { readonly pixels: Float64Array; readonly shape: FrameShape } {
  checkFrame(frame, shape);
  const width = Math.floor(shape.width / factor);
  const height = Math.floor(shape.height / factor);
  if (width < 1 || height < 1) throw new RangeError(`Pooling ${factor}×${factor} needs frames of at least that size, got ${shape.width}×${shape.height}`);
  const pixels = new Float64Array(width * height * 3);
  const area = factor * factor;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (let dy = 0; dy < factor; dy++) {
          for (let dx = 0; dx < factor; dx++) sum += frame[((y * factor + dy) * shape.width + x * factor + dx) * 3 + c]!;
        }
        pixels[(y * width + x) * 3 + c] = sum / area;
      }
    }
  }
  return { pixels, shape: { width, height } };
}

/** Mean absolute difference of two frames, values scaled to [0, 1]. */
export function meanAbsoluteChange(a: ArrayLike<number>, b: ArrayLike<number>): number {
  checkSameLength(a, b);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length / 255;
}

/** The joint RGB histogram of one or more frames pooled, normalised to sum to 1. */
export function colourHistogram(frames: readonly ArrayLike<number>[]): Float64Array {
  const bins = new Float64Array(HISTOGRAM_BINS ** 3);
  const shift = 8 - Math.log2(HISTOGRAM_BINS);
  let count = 0;
  for (const frame of frames) {
    if (frame.length % 3 !== 0) throw new RangeError(`An RGB frame's length is a multiple of 3, got ${frame.length}`);
    for (let i = 0; i < frame.length; i += 3) {
      const r = clampByte(frame[i]!) >> shift;
      const g = clampByte(frame[i + 1]!) >> shift;
      const b = clampByte(frame[i + 2]!) >> shift;
      const bin = (r * HISTOGRAM_BINS + g) * HISTOGRAM_BINS + b;
      bins[bin] = bins[bin]! + 1;
      count++;
    }
  }
  if (count === 0) throw new RangeError('A histogram needs at least one pixel');
  return bins.map((n) => n / count);
}

function clampByte(value: number): number {
  return Number.isNaN(value) ? 0 : Math.max(0, Math.min(255, Math.round(value)));
}

/** Total-variation distance between two normalised histograms, in [0, 1]. */
export function histogramDistance(p: ArrayLike<number>, q: ArrayLike<number>): number {
  checkSameLength(p, q);
  let sum = 0;
  for (let i = 0; i < p.length; i++) sum += Math.abs(p[i]! - q[i]!);
  return sum / 2;
}

/** NaN values in `values` (a network's float output: NaN appears there before any rounding to bytes). */
export function countNaN(values: ArrayLike<number>): number {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i])) count++;
  return count;
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('The mean of no values is undefined');
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}
