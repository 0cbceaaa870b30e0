import type { FilterGradient } from '../../core/training-kit';
import type { ObjectiveWeights } from './objective';

/** Everything besides the two networks' shapes that a resumed run must reuse. */
export interface MultiScaleSettings extends ObjectiveWeights {
  readonly seed: number;
  /** Adam for both G and D. */
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly filterGradient: FilterGradient;
}

/**
 * The defaults. Loss weights: L2 1, GDL 1 (dyelax), adversarial 0.05 (what dyelax declares and
 * Chainer runs). Optimiser: the ports disagree (SGD 0.02, Adam 4e-5 for G and SGD for D, SGD for
 * both), and all ran ~10^6 steps; Adam 2e-4, β1 0.5 for both, as our pix2pix trainer, gets
 * somewhere in the few thousand steps a browser session affords, and reuses its exact Adam state.
 */
const DEFAULT_MULTISCALE_SETTINGS: MultiScaleSettings = {
  seed: 0, norm: 2, lpWeight: 1, gdlWeight: 1, gdlAlpha: 1, advWeight: 0.05,
  learningRate: 2e-4, beta1: 0.5, beta2: 0.999, filterGradient: 'patches',
};

export function multiScaleSettings(partial: Partial<MultiScaleSettings> = {}): MultiScaleSettings {
  const settings = { ...DEFAULT_MULTISCALE_SETTINGS, ...partial };
  const { seed, norm, lpWeight, gdlWeight, gdlAlpha, advWeight, learningRate, beta1, beta2 } = settings;
  if (!Number.isInteger(seed)) throw new RangeError(`The training seed must be an integer, got ${seed}`);
  if (norm !== 1 && norm !== 2) throw new RangeError(`The distance must be L1 or L2, got L${String(norm)}`);
  if (![lpWeight, gdlWeight, advWeight].every((w) => w >= 0)) throw new RangeError('Loss weights must be ≥ 0');
  if (!(gdlAlpha >= 1)) throw new RangeError(`The GDL exponent must be ≥ 1, got ${gdlAlpha}`);
  if (!(learningRate > 0)) throw new RangeError(`The learning rate must be > 0, got ${learningRate}`);
  if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) throw new RangeError(`Adam betas must lie in [0, 1), got ${beta1}, ${beta2}`);
  return settings;
}

