/** The budget field's range and step, in minutes: a quarter minute is the shortest run worth a loop check. */
export const MIN_MINUTES = 0.25;
export const MAX_MINUTES = 600;
export const DEFAULT_MINUTES = 5;
/** One-click budgets beside the field: the shortest, a quick look, the default, a longer run. */
export const BUDGET_PRESETS: readonly number[] = [MIN_MINUTES, 1, DEFAULT_MINUTES, 15];

/** Fewest steps a run gets, however slow the device: four checkpoints of two steps each for the loop check to rate. */
export const MIN_STEPS = 8;

/**
 * The Restoration network's share of the budget when it is added. It trains after the
 * generator, on that generator's drift, so it gets the smaller part (decision for issue 24:
 * the issue does not split the budget; the Restoration example trained half as long).
 */
export const RESTORATION_SHARE = 1 / 3;

export interface StepBudget {
  readonly generator: number;
  /** 0 when no Restoration network is added. */
  readonly restoration: number;
}

/**
 * The steps `minutes` of training buy at `stepsPerSecond` (measured on this device), split
 * between the generator and, when added, the Restoration network, which is taken to step as
 * fast as the generator (same network, same size).
 *
 * @example
 * budgetSteps(2, 5, false); // { generator: 600, restoration: 0 }
 */
export function budgetSteps(minutes: number, stepsPerSecond: number, restoration: boolean): StepBudget {
  const total = Math.max(0, minutes) * 60 * Math.max(0, stepsPerSecond);
  if (!restoration) return { generator: Math.max(MIN_STEPS, Math.floor(total)), restoration: 0 };
  return {
    generator: Math.max(MIN_STEPS, Math.floor(total * (1 - RESTORATION_SHARE))),
    restoration: Math.max(MIN_STEPS, Math.floor(total * RESTORATION_SHARE)),
  };
}

/** Whether the field holds a budget the dialog accepts. */
export function isBudget(minutes: number): boolean {
  return Number.isFinite(minutes) && minutes >= MIN_MINUTES && minutes <= MAX_MINUTES;
}
