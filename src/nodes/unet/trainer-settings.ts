import { PIX2PIX_JITTER_SCALE } from './augment';
import type { FilterGradient, FrameDistance } from '../../core/training-kit';
import { FRAME_DISTANCES } from '../../core/training-kit';

/** pix2pix's weight on the L1 term. */
export const DEFAULT_L1_WEIGHT = 100;

/** One training step's losses, as numbers. */
export interface StepLosses {
  /** The frame distance (mean absolute or squared error) of the prediction, in the network's [-1, 1] range. */
  readonly frame: number;
  /** The generator's adversarial loss; absent when its weight is 0 and the discriminator sits out. */
  readonly gAdv?: number;
  /** The discriminator's loss; absent when it sits out. */
  readonly d?: number;
}

/** A trainer's hyperparameters: everything besides the two networks' shapes that a resumed run must reuse. */
export interface TrainerSettings {
  /** Seeds the weights of both networks and the stream of crops, flips and dropout masks. */
  readonly seed: number;
  /**
   * How far a prediction is from its target: L1 (pix2pix) or L2. On a clip whose motion a single
   * frame cannot tell, L1's best guess is the frame itself (the median), while L2's is the
   * average of the possible next frames, which scores higher PSNR.
   */
  readonly frameDistance: FrameDistance;
  /** λ on the frame-distance term (pix2pix: 100, on L1). */
  readonly frameWeight: number;
  /** Weight on the adversarial term (pix2pix: 1); at 0 the discriminator sits out, neither run nor trained. */
  readonly adversarialWeight: number;
  /**
   * Weight on the loop-statistics term: how far each prediction's amount of change and detail
   * is from its target's, at full and coarse scale (loop-statistics-loss.ts). 0: none, as
   * pix2pix; checkpoints from before it trained without.
   */
  readonly statisticsWeight: number;
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
  frameDistance: 'L1',
  frameWeight: DEFAULT_L1_WEIGHT,
  adversarialWeight: 1,
  statisticsWeight: 0,
  learningRate: 2e-4,
  beta1: 0.5,
  beta2: 0.999,
  jitterScale: PIX2PIX_JITTER_SCALE,
  flip: false,
  filterGradient: 'patches',
};

/** `partial` over the defaults. @throws RangeError on a value training cannot use. */
export function trainerSettings(partial: Partial<TrainerSettings> & LegacySettings = {}): TrainerSettings {
  // Checkpoints from before the frame distance was a choice call its weight l1Weight.
  const { l1Weight, ...current } = partial;
  const settings = { ...DEFAULT_TRAINER_SETTINGS, ...(l1Weight === undefined ? {} : { frameWeight: l1Weight }), ...current };
  const { seed, frameDistance, frameWeight, adversarialWeight, learningRate, beta1, beta2, jitterScale } = settings;
  if (!Number.isInteger(seed)) throw new RangeError(`The training seed must be an integer, got ${seed}`);
  if (!FRAME_DISTANCES.includes(frameDistance)) throw new RangeError(`The frame distance must be ${FRAME_DISTANCES.join(' or ')}, got ${String(frameDistance)}`);
  if (!(frameWeight >= 0)) throw new RangeError(`The frame-distance weight must be ≥ 0, got ${frameWeight}`);
  if (!(settings.statisticsWeight >= 0)) throw new RangeError(`The loop-statistics weight must be ≥ 0, got ${settings.statisticsWeight}`);
  if (!(adversarialWeight >= 0)) throw new RangeError(`The adversarial weight must be ≥ 0, got ${adversarialWeight}`);
  if (!(learningRate > 0)) throw new RangeError(`The learning rate must be > 0, got ${learningRate}`);
  if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) throw new RangeError(`Adam betas must lie in [0, 1), got ${beta1}, ${beta2}`);
  if (!(jitterScale >= 1)) throw new RangeError(`The jitter scale must be ≥ 1, got ${jitterScale}`);
  return settings;
}

/** Settings fields that older checkpoints recorded under another name. */
interface LegacySettings {
  readonly l1Weight?: number;
}
