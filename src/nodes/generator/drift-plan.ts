/**
 * Which drifts one feedback cycle runs (seed 1 §1.3, "pre-recursion"): each drift starts at a
 * real frame s and applies G r times, r = 1…depth. With G trained on pairs n → n + gap,
 * G^r(f(s)) stands for frame s + r·gap, so it is paired with the real frame after that one,
 * s + (r + 1)·gap — Henry's (G^r(f(N−15)) → f(N−15+r+1)) for gap 1.
 */
export interface DriftGroup {
  /** Applications of G for every start in this group. */
  readonly depth: number;
  /** Real frame indices the drifts start from. */
  readonly starts: readonly number[];
  /** The real frame G^r(f(start)) is paired with. */
  targetOf(start: number, r: number): number;
}

export interface DriftPlanOptions {
  readonly frameCount: number;
  readonly gap: number;
  /** R: the short drifts' depth (seed: 14). */
  readonly depth: number;
  /** Short drifts per cycle (seed: 100 on a dataset of thousands of frames). */
  readonly starts: number;
  /** Long drifts per cycle (seed: 2) and their depth (seed: 99). */
  readonly longDrifts: number;
  readonly longDepth: number;
  /** Uniform in [0, 1): the trainer's seeded stream, so a resumed run plans the same drifts. */
  readonly random: () => number;
}

/**
 * Plans one cycle's drifts. A drift that would run past the end of the clip is shortened to
 * the deepest that fits, so a short clip still gets feedback pairs; a clip too short for any
 * drift gets none.
 */
export function planDrifts(options: DriftPlanOptions): DriftGroup[] {
  const { frameCount, gap, random } = options;
  const targetOf = (start: number, r: number) => start + (r + 1) * gap;
  const groups: DriftGroup[] = [];
  for (const [count, wanted] of [[options.starts, options.depth], [options.longDrifts, options.longDepth]] as const) {
    // The last target, start + (depth + 1)·gap, must be a real frame.
    const depth = Math.min(wanted, Math.floor((frameCount - 1) / gap) - 1);
    if (count < 1 || depth < 1) continue;
    const lastStart = frameCount - 1 - (depth + 1) * gap;
    const starts = Array.from({ length: count }, () => Math.floor(random() * (lastStart + 1)));
    groups.push({ depth, starts, targetOf });
  }
  return groups;
}
