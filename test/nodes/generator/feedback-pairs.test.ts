import { describe, expect, it } from 'vitest';
import { driftPairs, HENRY_DRIFT_SCHEDULE, planDrifts, sampleDistinct } from '../../../src/nodes/generator/feedback-pairs';
import type { DriftSchedule } from '../../../src/nodes/generator/feedback-pairs';
import { RandomStream } from '../../../src/core/training-kit/random-stream';

const onlyShort = (drifts: number, depth: number): DriftSchedule => ({ drifts, depth, longDrifts: 0, longDepth: 1 });

describe('feedback pair indices', () => {
  it("pairs G^r(f(start)) with f(start + r + 1) for r = 1…depth, as Henry's join_pairs does", () => {
    expect(driftPairs({ start: 10, depth: 3 })).toEqual([
      { applications: 1, target: 12 },
      { applications: 2, target: 13 },
      { applications: 3, target: 14 },
    ]);
  });

  it("ends a 14-deep drift on the anchor frame N itself: pre_recursion starts at f(N − 15)", () => {
    const pairs = driftPairs({ start: 25 - 15, depth: HENRY_DRIFT_SCHEDULE.depth });
    expect(pairs).toHaveLength(14);
    expect(pairs[0]).toEqual({ applications: 1, target: 12 });
    expect(pairs[13]).toEqual({ applications: 14, target: 25 });
  });

  it('steps k frames per application for pairs n → n + k', () => {
    expect(driftPairs({ start: 1, depth: 3 }, 2).map((pair) => pair.target)).toEqual([5, 7, 9]);
  });

  it('uses every anchor that has f(N − depth − 1) exactly once when asked for more drifts than exist', () => {
    // 20 frames, depth 14: anchors 15…19 are the only ones with a start frame, so starts 0…4.
    const drifts = planDrifts(20, onlyShort(100, 14), new RandomStream(1));
    expect(drifts.map((drift) => drift.start).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4]);
    expect(drifts.every((drift) => drift.depth === 14)).toBe(true);
    expect(Math.max(...drifts.flatMap((drift) => driftPairs(drift).map((pair) => pair.target)))).toBe(19);
  });

  it('keeps every drift inside the clip and its anchors distinct', () => {
    for (const seed of [1, 2, 3]) {
      const drifts = planDrifts(300, onlyShort(100, 14), new RandomStream(seed));
      expect(drifts).toHaveLength(100);
      const anchors = drifts.map((drift) => drift.start + 15);
      expect(new Set(anchors).size).toBe(100);
      expect(Math.min(...drifts.map((drift) => drift.start))).toBeGreaterThanOrEqual(0);
      expect(Math.max(...anchors)).toBeLessThanOrEqual(299);
    }
  });

  it('plans short drifts first, then long ones, with counts configurable', () => {
    const schedule = { drifts: 3, depth: 2, longDrifts: 2, longDepth: 99 };
    const drifts = planDrifts(300, schedule, new RandomStream(5));
    expect(drifts.map((drift) => drift.depth)).toEqual([2, 2, 2, 99, 99]);
    for (const long of drifts.slice(3)) {
      expect(long.start).toBeLessThanOrEqual(299 - 100);
      expect(driftPairs(long).at(-1)).toEqual({ applications: 99, target: long.start + 100 });
    }
  });

  it("adds Henry's 100 × 14 + 2 × 99 pairs per cycle on a long enough clip", () => {
    const drifts = planDrifts(1000, HENRY_DRIFT_SCHEDULE, new RandomStream(9));
    expect(drifts.flatMap((drift) => driftPairs(drift))).toHaveLength(100 * 14 + 2 * 99);
  });

  it('plans no long drifts on a clip shorter than one', () => {
    const drifts = planDrifts(60, HENRY_DRIFT_SCHEDULE, new RandomStream(9));
    expect(drifts).toHaveLength(60 - 15);
    expect(drifts.every((drift) => drift.depth === 14)).toBe(true);
  });

  it('scales the anchor range by the frame step', () => {
    // k = 3, depth 2: anchors need f(N − 9), so with 12 frames only N = 9, 10, 11.
    const drifts = planDrifts(12, onlyShort(10, 2), new RandomStream(4), 3);
    expect(drifts.map((drift) => drift.start).sort((a, b) => a - b)).toEqual([0, 1, 2]);
    expect(driftPairs(drifts[0]!, 3).at(-1)!.target).toBe(drifts[0]!.start + 9);
  });

  it('draws the same plan from the same random state', () => {
    const a = planDrifts(500, HENRY_DRIFT_SCHEDULE, new RandomStream(3));
    const b = planDrifts(500, HENRY_DRIFT_SCHEDULE, new RandomStream(3));
    expect(a).toEqual(b);
  });

  it('samples distinct values, all of them when asked for more than the range', () => {
    expect(sampleDistinct(5, 10, new RandomStream(1)).sort()).toEqual([0, 1, 2, 3, 4]);
    expect(sampleDistinct(0, 3, new RandomStream(1))).toEqual([]);
    const draw = sampleDistinct(1000, 50, new RandomStream(2));
    expect(new Set(draw).size).toBe(50);
  });
});
