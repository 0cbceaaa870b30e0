import { describe, expect, it } from 'vitest';
import { liveNote, liveNumber } from '../../src/ui/live-param';

describe('live param text', () => {
  it('shows three significant digits, whole numbers from 100 up', () => {
    expect(liveNumber(1.03456)).toBe('1.03');
    expect(liveNumber(-0.000123456)).toBe('-0.000123');
    expect(liveNumber(1234.5)).toBe('1235');
    expect(liveNumber(2)).toBe('2');
  });

  it('says which bound clamped a wired value, and when the hand value stood in', () => {
    const range = { min: 0.5, max: 2 };
    expect(liveNote({ value: 2, received: 3.25, clamped: 'max' }, range)).toBe('clamped to ≤ 2 (wire: 3.25)');
    expect(liveNote({ value: 0.5, received: 0.1, clamped: 'min' }, range)).toBe('clamped to ≥ 0.5 (wire: 0.1)');
    expect(liveNote({ value: 1, received: Number.NaN, fallback: true }, range)).toBe('wire carried no number: hand value used');
    expect(liveNote({ value: 1.5, received: 1.5 }, range)).toBeUndefined();
  });
});
