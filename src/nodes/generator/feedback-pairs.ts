import type { RandomStream } from '../../core/training-kit';

/**
 * How many drifted pairs a training cycle adds, after Damien Henry's `create_video.sh`:
 * 100 short drifts, `pre_recursion --recursion 15`, whose loop
 * `for r in range(1, 15)` applies G 14 times; then 2 long drifts, `--recursion 100`, 99 times.
 */
export interface DriftSchedule {
  readonly drifts: number;
  /** G applications per short drift. */
  readonly depth: number;
  readonly longDrifts: number;
  /** G applications per long drift. */
  readonly longDepth: number;
}

export const HENRY_DRIFT_SCHEDULE: DriftSchedule = { drifts: 100, depth: 14, longDrifts: 2, longDepth: 99 };

/** One drift: G applied `depth` times to real frame `start`, each output fed back in. */
export interface Drift {
  readonly start: number;
  readonly depth: number;
}

/** A drifted pair: the output of `applications` applications of G, and the real frame it should have been followed by. */
export interface DriftPairIndex {
  readonly applications: number;
  readonly target: number;
}

/**
 * The drifts of one cycle over a clip of `frameCount` frames (indices from 0), short ones
 * first, then long ones, as the script runs them.
 *
 * What Henry's script does, and what is kept:
 * - `random_pick` shuffles the frames and copies the first `--limit` of them: distinct anchor
 *   frames N. For each, `find_frame` looks up f(N − recursion) and the drift starts there, so
 *   its deepest output G^depth(f(N − depth − 1)) is paired with f(N) itself.
 * - Anchors too early in the clip have no f(N − recursion) and are skipped by the script; here
 *   they are never drawn, so the schedule's counts are met whenever the clip has enough
 *   frames (a deviation: the script silently makes fewer drifts).
 * - With `frameStep` k (pairs n → n + k), every index step becomes k frames.
 */
export function planDrifts(frameCount: number, schedule: DriftSchedule, random: RandomStream, frameStep = 1): Drift[] {
  checkCount(frameCount, 'frameCount');
  checkCount(frameStep, 'frameStep', 1);
  return [
    ...anchoredDrifts(frameCount, schedule.drifts, schedule.depth, random, frameStep),
    ...anchoredDrifts(frameCount, schedule.longDrifts, schedule.longDepth, random, frameStep),
  ];
}

function anchoredDrifts(frameCount: number, count: number, depth: number, random: RandomStream, frameStep: number): Drift[] {
  checkCount(count, 'drift count');
  checkCount(depth, 'drift depth', 1);
  const firstAnchor = (depth + 1) * frameStep;
  const anchors = sampleDistinct(frameCount - firstAnchor, count, random).map((offset) => firstAnchor + offset);
  return anchors.map((anchor) => ({ start: anchor - firstAnchor, depth }));
}

/**
 * The pairs a drift yields: for r = 1…depth, G^r(f(start)) stands in for frame start + r·k and
 * is paired with the real frame one step later, f(start + (r + 1)·k). The script's pairing
 * (`join_pairs`: file r(i) with real frame i + 1) gives exactly these.
 */
export function driftPairs(drift: Drift, frameStep = 1): DriftPairIndex[] {
  return Array.from({ length: drift.depth }, (_, i) => ({
    applications: i + 1,
    target: drift.start + (i + 2) * frameStep,
  }));
}

/**
 * `count` distinct integers from [0, range), in draw order (partial Fisher–Yates, as
 * `shuffle(files)[:limit]`); all of them when `count` ≥ `range`.
 */
export function sampleDistinct(range: number, count: number, random: RandomStream): number[] {
  if (range <= 0) return [];
  const take = Math.min(count, range);
  const pool = Array.from({ length: range }, (_, i) => i);
  for (let i = 0; i < take; i++) {
    const j = i + random.int(range - i);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, take);
}

function checkCount(value: number, label: string, min = 0): void {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${label} must be an integer ≥ ${min}, got ${value}`);
}
