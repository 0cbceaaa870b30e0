import { describe, expect, it } from 'vitest';
import { SyntaxProblem } from '../../../src/nodes/modulation/expression';
import { ease, EASINGS, parseSchedule, scheduleProblem, scheduleValue } from '../../../src/nodes/modulation/schedule';
import type { Easing } from '../../../src/nodes/modulation/schedule';

const valueAt = (text: string, t: number, easing: Easing = 'linear', fps = 30) => scheduleValue(parseSchedule(text), { t, s: t / fps }, easing);

describe('schedule values', () => {
  it('interpolates linearly between keyframes, as Deforum does by default', () => {
    const text = '0:(1.0), 120:(1.04)';
    expect(valueAt(text, 0)).toBe(1);
    expect(valueAt(text, 60)).toBeCloseTo(1.02, 12);
    expect(valueAt(text, 120)).toBeCloseTo(1.04, 12);
  });

  it('holds the first value before the first keyframe and the last after the last', () => {
    expect(valueAt('10:(2), 20:(4)', 0)).toBe(2);
    expect(valueAt('10:(2), 20:(4)', 500)).toBe(4);
    expect(valueAt('0:(7)', 1000)).toBe(7);
  });

  it('accepts keyframes in any order, whitespace and newlines, and a trailing comma', () => {
    const text = ' 120 : ( 1.04 ) ,\n  0:(1.0),\n';
    expect(parseSchedule(text).keyframes.map((k) => k.frame)).toEqual([0, 120]);
    expect(valueAt(text, 60)).toBeCloseTo(1.02, 12);
  });

  it('evaluates a lone expression keyframe at every frame, with t in frames and s in seconds', () => {
    expect(valueAt('0:(1 + 0.002*sin(t/10))', 45)).toBeCloseTo(1 + 0.002 * Math.sin(4.5), 12);
    expect(valueAt('0:(s * 2)', 45, 'linear', 30)).toBeCloseTo(3, 12);
  });

  it('evaluates both ends of a segment at the current frame and mixes them', () => {
    // Halfway from t to 2t: 1.5·t.
    expect(valueAt('0:(t), 100:(2*t)', 50)).toBeCloseTo(75, 12);
  });

  it('runs a held expression until the next keyframe takes over, as Deforum does', () => {
    const text = '0:(t/10) hold, 100:(0)';
    expect(valueAt(text, 99)).toBeCloseTo(9.9, 12);
    expect(valueAt(text, 100)).toBe(0);
  });

  it('shapes each segment by the easing written on the keyframe that starts it', () => {
    const text = '0:(0) ease-in, 100:(1), 200:(0)';
    expect(valueAt(text, 50)).toBeCloseTo(0.125, 12); // ease-in: u³
    expect(valueAt(text, 150)).toBeCloseTo(0.5, 12); // no easing written: the default, linear
    expect(valueAt(text, 150, 'ease-in-out')).toBeCloseTo(0.5, 12);
    expect(valueAt(text, 125, 'ease-in-out')).toBeCloseTo(1 - 4 * 0.25 ** 3, 12);
    expect(valueAt('0:(0) ease-out, 100:(1)', 50)).toBeCloseTo(0.875, 12);
    expect(valueAt('0:(0) hold, 100:(1)', 99)).toBe(0);
  });

  it('eases from 0 to 1 without overshoot, every easing but hold', () => {
    for (const easing of EASINGS) {
      expect(ease(easing, 0)).toBe(0);
      if (easing !== 'hold') expect(ease(easing, 1)).toBeCloseTo(1, 12);
      for (let u = 0; u <= 1; u += 0.05) {
        expect(ease(easing, u)).toBeGreaterThanOrEqual(0);
        expect(ease(easing, u)).toBeLessThanOrEqual(1 + 1e-12);
      }
    }
  });

  it('finds the right segment among many keyframes', () => {
    const text = Array.from({ length: 50 }, (_, i) => `${i * 10}:(${i})`).join(', ');
    for (const t of [0, 5, 123, 250, 489, 490, 600]) expect(valueAt(text, t)).toBeCloseTo(Math.min(t / 10, 49), 12);
  });
});

describe('schedule errors', () => {
  const cases: [string, string][] = [
    ['0:(1.0), 120:(1.04', 'position 19: expected ")", found the end'],
    ['0:(1.0) 120:(1.04)', 'position 9: expected "," or the end of the schedule, found "1"'],
    ['0(1.0)', 'position 2: expected ":", found "("'],
    ['0:1.0', 'position 3: expected "(", found "1"'],
    ['x:(1)', 'position 1: expected a frame number, found "x"'],
    ['-5:(1)', 'position 1: expected a frame number, found "-"'],
    ['1.5:(1)', 'position 1: a keyframe is a whole frame number'],
    ['0:(1), 0:(2)', 'position 8: keyframe 0 is given twice'],
    ['0:(1) bounce', 'position 7: unknown easing "bounce" (use linear, hold, ease-in, ease-out, ease-in-out)'],
    ['0:(1),,', 'position 7: expected a frame number, found ","'],
    ['', 'position 1: expected a keyframe like 0:(1.0)'],
    ['   ', 'position 4: expected a keyframe like 0:(1.0)'],
    ['0:()', 'position 4: expected a number, t, s, a function or "(", found ")"'],
  ];
  for (const [text, message] of cases) {
    it(`refuses ${JSON.stringify(text)} with its position`, () => {
      expect(() => parseSchedule(text)).toThrow(SyntaxProblem);
      expect(scheduleProblem(text)).toBe(message);
    });
  }

  it('reports the position of an expression error in the whole schedule', () => {
    expect(scheduleProblem('0:(1), 60:(1 + window.alert(1))')).toMatch(/^position 16: unknown name "window"/);
    expect(scheduleProblem('0:(constructor)')).toMatch(/^position 4: unknown name "constructor"/);
    expect(scheduleProblem('0:(__proto__)')).toMatch(/^position 4: unknown name "__proto__"/);
  });

  it('says null for a schedule that parses, so a UI can validate as the user types', () => {
    expect(scheduleProblem('0:(1.0), 120:(1.04) ease-in-out')).toBeNull();
  });
});
