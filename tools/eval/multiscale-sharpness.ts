import type { FrameShape } from './metrics';

/**
 * Mean over pixels and channels of |(∇x Y + ∇y Y) − (∇x Ŷ + ∇y Ŷ)|, ∇ the absolute difference to
 * the left and upper neighbour (the first row and column have none and are skipped), on RGB bytes.
 */
export function gradientDifference(prediction: ArrayLike<number>, truth: ArrayLike<number>, shape: FrameShape): number {
  const { width, height } = shape;
  if (prediction.length !== width * height * 3 || truth.length !== prediction.length) throw new RangeError(`Frames must be ${width}×${height} RGB`);
  let sum = 0;
  for (let y = 1; y < height; y++) {
    for (let x = 1; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        const i = (y * width + x) * 3 + c;
        const edges = (f: ArrayLike<number>) => Math.abs(f[i]! - f[i - 3]!) + Math.abs(f[i]! - f[i - width * 3]!);
        sum += Math.abs(edges(truth) - edges(prediction));
      }
    }
  }
  return sum / ((width - 1) * (height - 1) * 3);
}

/** Mathieu et al.'s sharpness difference (eq. 8) in dB: 10 log10(255² / gradientDifference); capped at 100 dB for identical edges. */
export function sharpness(prediction: ArrayLike<number>, truth: ArrayLike<number>, shape: FrameShape): number {
  const difference = gradientDifference(prediction, truth, shape);
  return difference > 0 ? Math.min(100, 10 * Math.log10((255 * 255) / difference)) : 100;
}
