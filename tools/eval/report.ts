import { livingVerdict } from './living-bar';
import type { LoopFeatures, EvalReport, EvalSettings, EvalSummary, LoopComparison, ModelReport, OneStepScores, PreparedClip, RolloutPoint, RolloutReport } from './eval-types';

/** Share of the clip trained on; the rest is held out. */
export const TRAIN_SHARE = 0.8;
/** The node's training needs 3 frames (pairs n → n + 1 and a drift); scoring needs 2 held out (one pair). */
export const MIN_TRAIN_FRAMES = 3;
export const MIN_HELD_OUT_FRAMES = 2;

export interface ClipSplit {
  /** Frames [0, trainCount) are trained on, [trainCount, frameCount) held out. */
  readonly trainCount: number;
  readonly heldOutCount: number;
}

/**
 * The first 80 % of the clip (rounded down) to train on, the last 20 % held out. Held-out
 * frames come after every training frame, so a model is scored on motion it never saw.
 * @throws Error for the user when the clip is too short for both parts.
 */
export function splitClip(frameCount: number, clipName: string): ClipSplit {
  const trainCount = Math.floor(frameCount * TRAIN_SHARE);
  const heldOutCount = frameCount - trainCount;
  if (trainCount < MIN_TRAIN_FRAMES || heldOutCount < MIN_HELD_OUT_FRAMES) {
    throw new Error(`"${clipName}" has ${frameCount} frame${frameCount === 1 ? '' : 's'}; the evaluation needs at least 6: the first 80 % to train on (at least ${MIN_TRAIN_FRAMES}) and the last 20 % held out (at least ${MIN_HELD_OUT_FRAMES}).`);
  }
  return { trainCount, heldOutCount };
}

/** How far a ratio is from 1, symmetric for "too little" and "too much"; no ratio, or 0, counts as infinitely far. */
export function distanceFromOne(ratio: number | null): number {
  return ratio === null || !(ratio > 0) ? Number.POSITIVE_INFINITY : Math.abs(Math.log(ratio));
}

/** The issues' "done when" questions, answered from the models' numbers (see EvalSummary); `plain` may be absent. */
export function summarise(copyLast: OneStepScores, plain: ModelReport | undefined, feedback: ModelReport, frameHistogramDistance: number): EvalSummary {
  const compared = plain ? compareRollouts(feedback.rollout, plain.rollout) : undefined;
  const restoration = plain?.restored && feedback.restored
    ? { plain: compareRollouts(plain.restored.rollout, plain.rollout), feedback: compareRollouts(feedback.restored.rollout, feedback.rollout) }
    : undefined;
  const onlines = [plain?.online, feedback.online].filter((o) => o !== undefined);
  const online = onlines.length === 0 ? undefined : {
    swaps: onlines.reduce((sum, o) => sum + o.swaps, 0),
    // A swap assigns into the live network's variables, so every swap must leave the count the first one left.
    tensorCountFlat: onlines.every((o) => o.tensorsAfterSwaps.every((count) => count === o.tensorsAfterSwaps[0])),
    framesWithNaN: onlines.reduce((sum, o) => sum + o.rollout.framesWithNaN, 0),
  };
  return {
    ...(plain ? { plainBeatsCopyLastOnPsnr: plain.oneStep.psnr > copyLast.psnr } : {}),
    feedbackBeatsCopyLastOnPsnr: feedback.oneStep.psnr > copyLast.psnr,
    atFrame: feedback.rollout.points.at(-1)?.frame ?? 0,
    ...(compared ? { feedbackKeepsMoreDetail: compared.keepsMoreDetail, feedbackKeepsMoreMotion: compared.keepsMoreMotion } : {}),
    feedbackLoop: livingVerdict(feedback.oneStep, feedback.rollout, frameHistogramDistance),
    ...(feedback.variants?.length ? {
      feedbackLoopVariants: feedback.variants.map((v) => ({ loopFeatures: loopFeaturesLabel(v), ...livingVerdict(feedback.oneStep, v.rollout, frameHistogramDistance) })),
    } : {}),
    ...(restoration ? { restoration } : {}),
    ...(online ? { online } : {}),
  };
}

/** Whether rollout `a` ends closer to the clip's own detail and motion than rollout `b` (|ln ratio| at the last point). */
export function compareRollouts(a: RolloutReport, b: RolloutReport): LoopComparison {
  const aEnd = a.points.at(-1);
  const bEnd = b.points.at(-1);
  const closer = (pick: (point: RolloutPoint) => number | null): boolean =>
    aEnd !== undefined && bEnd !== undefined && distanceFromOne(pick(aEnd)) < distanceFromOne(pick(bEnd));
  return { keepsMoreDetail: closer((p) => p.gradientEnergyRatio), keepsMoreMotion: closer((p) => p.meanAbsChangeRatio) };
}

/** The report from its parts: the prepared clip (from any page that prepared it) and the two models. */
export function composeReport(prepared: PreparedClip, settings: EvalSettings, plain: ModelReport | undefined, feedback: ModelReport, totalSeconds: number): EvalReport {
  const { clip, split, source, copyLastFrame, decodeSeconds } = prepared;
  return {
    clip,
    settings,
    split,
    source,
    copyLastFrame,
    models: plain ? { plain, feedback } : { feedback },
    summary: summarise(prepared.copyLastFrame, plain, feedback, source.frameHistogramDistance),
    seconds: { decode: decodeSeconds, total: roundNumbers(totalSeconds, 4) },
  };
}

/** Rounds every fractional number in a JSON-bound value to `digits` significant digits, for a readable report; integers stay exact. */
export function roundNumbers<T>(value: T, digits = 5): T {
  if (typeof value === 'number') return (Number.isFinite(value) && !Number.isInteger(value) ? Number(value.toPrecision(digits)) : value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => roundNumbers(item, digits)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, roundNumbers(item as unknown, digits)])) as T;
  }
  return value;
}

/** "colour coherence 0.5 + loop noise 0.02": loop features in words, for logs, tables and file names. */
export function loopFeaturesLabel(features: LoopFeatures): string {
  const match = features.colourMatch === 'histogram' ? ' (histograms)' : '';
  const parts = [features.colourCoherence > 0 ? `colour coherence ${features.colourCoherence}${match}` : '', features.loopNoise > 0 ? `loop noise ${features.loopNoise}` : ''];
  return parts.filter(Boolean).join(' + ') || 'no loop features';
}
