import { PIX2PIX_JITTER_SCALE } from './augment';
import type { FilterGradient } from './conv-ops';
import { DEFAULT_L1_WEIGHT } from './losses';

/** A trainer's hyperparameters: everything besides the two networks' shapes that a resumed run must reuse. */
export interface TrainerSettings {
  /** Seeds the weights of both networks and the stream of crops, flips and dropout masks. */
  readonly seed: number;
  /** λ on the L1 term (pix2pix: 100). */
  readonly l1Weight: number;
  /** Adam learning rate for both networks (pix2pix: 2e-4). */
  readonly learningRate: number;
  /** Adam β1 for both networks (pix2pix: 0.5). */
  readonly beta1: number;
  /** Adam β2 (pix2pix: 0.999). */
  readonly beta2: number;
  /** Scale-up before the random crop; 1 turns jitter off (pix2pix: 286/256). */
  readonly jitterScale: number;
  /** Random horizontal flips; off by default, since a mirrored clip moves the other way. */
  readonly flip: boolean;
  /** How filter gradients are computed (see `FilterGradient`); the numbers differ only by float rounding. */
  readonly filterGradient: FilterGradient;
}

export const DEFAULT_TRAINER_SETTINGS: TrainerSettings = {
  seed: 0,
  l1Weight: DEFAULT_L1_WEIGHT,
  learningRate: 2e-4,
  beta1: 0.5,
  beta2: 0.999,
  jitterScale: PIX2PIX_JITTER_SCALE,
  flip: false,
  filterGradient: 'patches',
};

/** `partial` over the defaults. @throws RangeError on a value training cannot use. */
export function trainerSettings(partial: Partial<TrainerSettings> = {}): TrainerSettings {
  const settings = { ...DEFAULT_TRAINER_SETTINGS, ...partial };
  const { seed, l1Weight, learningRate, beta1, beta2, jitterScale } = settings;
  if (!Number.isInteger(seed)) throw new RangeError(`The training seed must be an integer, got ${seed}`);
  if (!(l1Weight >= 0)) throw new RangeError(`The L1 weight must be ≥ 0, got ${l1Weight}`);
  if (!(learningRate > 0)) throw new RangeError(`The learning rate must be > 0, got ${learningRate}`);
  if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) throw new RangeError(`Adam betas must lie in [0, 1), got ${beta1}, ${beta2}`);
  if (!(jitterScale >= 1)) throw new RangeError(`The jitter scale must be ≥ 1, got ${jitterScale}`);
  return settings;
}
