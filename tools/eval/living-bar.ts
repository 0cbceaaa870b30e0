import type { LivingVerdict, OneStepReport, RolloutReport } from './eval-types';

/**
 * The bar a loop must clear to count as living, at its last rollout point (the eval's default
 * rollout is 1,000 frames): detail (gradient energy) and motion (mean change per frame) within
 * `RATIO_BAND` of the clip's, at full scale and on frames pooled 4×4 (so flicker and pixel noise
 * cannot pass for life); a colour histogram no further from the clip's than
 * max(`COLOUR_FLOOR`, `COLOUR_SLACK` × the clip's own frames' distance); no NaN in any frame;
 * and one-step prediction no more than `ONE_STEP_SLACK_DB` under copying the last frame (a
 * loop may not buy its life by forgetting how the clip moves).
 */
export const LIVING_BAR = {
  RATIO_BAND: [0.5, 2],
  COLOUR_FLOOR: 0.3,
  COLOUR_SLACK: 1.5,
  ONE_STEP_SLACK_DB: 0.5,
} as const;

/** The colour distance a loop may reach on a clip whose real frames lie `frameHistogramDistance` from its histogram. */
export function colourLimit(frameHistogramDistance: number): number {
  return Math.max(LIVING_BAR.COLOUR_FLOOR, LIVING_BAR.COLOUR_SLACK * frameHistogramDistance);
}

/** Measures `rollout`'s last point and `oneStep` against the bar. */
export function livingVerdict(oneStep: OneStepReport, rollout: RolloutReport, frameHistogramDistance: number): LivingVerdict {
  const failures: string[] = [];
  const end = rollout.points.at(-1);
  if (end === undefined) return { lives: false, failures: ['no rollout point'] };
  const [low, high] = LIVING_BAR.RATIO_BAND;
  const ratios = [
    ['detail', end.gradientEnergyRatio],
    ['motion', end.meanAbsChangeRatio],
    ['coarse detail', end.coarseGradientEnergyRatio],
    ['coarse motion', end.coarseMeanAbsChangeRatio],
  ] as const;
  for (const [name, value] of ratios) {
    if (value === null) failures.push(`${name}: the clip has none to compare with`);
    else if (!(value >= low && value <= high)) failures.push(`${name} ${value.toFixed(2)}× the clip's (outside ${low}–${high})`);
  }
  const limit = colourLimit(frameHistogramDistance);
  if (!(end.histogramDistance <= limit)) failures.push(`colour distance ${end.histogramDistance.toFixed(2)} (limit ${limit.toFixed(2)})`);
  if (rollout.framesWithNaN > 0) failures.push(`${rollout.framesWithNaN} frames with NaN`);
  if (!(oneStep.psnrGainOverCopyLast >= -LIVING_BAR.ONE_STEP_SLACK_DB)) {
    failures.push(`one-step ${oneStep.psnrGainOverCopyLast.toFixed(2)} dB against copy-last (limit −${LIVING_BAR.ONE_STEP_SLACK_DB})`);
  }
  return { lives: failures.length === 0, failures };
}
