import type { RandomStream } from '../../core/training-kit';

/**
 * One restoration pair (seed 2, issue 6): real frame f(start) pushed `applications` times
 * through the trained generator G is the input; real frame f(target) is what it should become.
 */
export interface RestorationPairIndex {
  readonly start: number;
  /** k: applications of G, 1…K. */
  readonly applications: number;
  /** start + j, with j in 1…J. */
  readonly target: number;
}

export interface RestorationPairRanges {
  /** K: G is applied k ∈ 1…K times. */
  readonly maxApplications: number;
  /** J: the target is f(t + j), j ∈ 1…J frames after the start. */
  readonly maxAhead: number;
}

/**
 * Draws one pair for a clip of `frameCount` frames (indices from 0): k uniform in 1…K, then j
 * uniform in 1…J, then t uniform in 0…frameCount − 1 − j, so f(t + j) is always in the clip
 * and every start that has one can be drawn. Three draws from `random`, in that order, so a
 * saved random state fixes the pairs.
 * @throws RangeError when the clip has no frame J after its first (frameCount ≤ J).
 */
export function drawRestorationPair(frameCount: number, ranges: RestorationPairRanges, random: Pick<RandomStream, 'int'>): RestorationPairIndex {
  const { maxApplications, maxAhead } = ranges;
  checkRange(maxApplications, 'K (applications of G)');
  checkRange(maxAhead, 'J (frames ahead)');
  if (!Number.isInteger(frameCount) || frameCount <= maxAhead) {
    throw new RangeError(`Targets up to ${maxAhead} frames ahead need a clip of at least ${maxAhead + 1} frames, got ${frameCount}`);
  }
  const applications = 1 + random.int(maxApplications);
  const ahead = 1 + random.int(maxAhead);
  const start = random.int(frameCount - ahead);
  return { start, applications, target: start + ahead };
}

/** `count` independent pairs, drawn one after another. */
export function planRestorationPairs(frameCount: number, count: number, ranges: RestorationPairRanges, random: Pick<RandomStream, 'int'>): RestorationPairIndex[] {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`A pair count must be an integer ≥ 0, got ${count}`);
  return Array.from({ length: count }, () => drawRestorationPair(frameCount, ranges, random));
}

function checkRange(value: number, label: string): void {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${label} must be an integer ≥ 1, got ${value}`);
}
