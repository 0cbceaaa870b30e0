import { describe, expect, it } from 'vitest';
import { planDrifts } from '../../src/nodes/generator/drift-plan';

/** A "random" stream that returns the given values in turn. */
const sequence = (...values: number[]) => () => values.shift() ?? 0;

describe('feedback drift plan', () => {
  it('pairs G^r(f(s)) with f(s + r + 1) for gap 1, as the seed script does', () => {
    const [short] = planDrifts({ frameCount: 100, gap: 1, depth: 14, starts: 1, longDrifts: 0, longDepth: 99, random: sequence(0.5) });
    expect(short!.depth).toBe(14);
    // Starts lie in 0…100 − 1 − 15 = 84; 0.5 picks 42.
    expect(short!.starts).toEqual([42]);
    expect([1, 2, 14].map((r) => short!.targetOf(42, r))).toEqual([44, 45, 57]);
  });

  it('steps targets by the gap when the model predicts k frames ahead', () => {
    const [group] = planDrifts({ frameCount: 50, gap: 3, depth: 4, starts: 2, longDrifts: 0, longDepth: 10, random: sequence(0, 0.999) });
    // Last start: 49 − (4 + 1)·3 = 34.
    expect(group!.starts).toEqual([0, 34]);
    expect([1, 4].map((r) => group!.targetOf(34, r))).toEqual([40, 49]);
  });

  it('adds the long drifts as their own group and shortens any drift to what the clip allows', () => {
    const groups = planDrifts({ frameCount: 30, gap: 1, depth: 14, starts: 3, longDrifts: 2, longDepth: 99, random: sequence(0, 0, 0, 0.99, 0.99) });
    expect(groups.map((g) => [g.depth, g.starts.length])).toEqual([[14, 3], [28, 2]]);
    // The long drift's last target is the clip's last frame.
    expect(groups[1]!.targetOf(groups[1]!.starts[0]!, 28)).toBe(29);
  });

  it('plans nothing when no drift fits or none is asked for', () => {
    expect(planDrifts({ frameCount: 2, gap: 1, depth: 14, starts: 5, longDrifts: 1, longDepth: 99, random: Math.random })).toEqual([]);
    expect(planDrifts({ frameCount: 100, gap: 1, depth: 14, starts: 0, longDrifts: 0, longDepth: 99, random: Math.random })).toEqual([]);
  });
});
