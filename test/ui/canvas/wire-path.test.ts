import { describe, expect, it } from 'vitest';
import { wirePath } from '../../../src/ui/canvas/wire-path';

type Command = { op: string; points: [number, number][] };

/** Splits an SVG path into its commands, each with its (x, y) points. */
function parse(path: string): Command[] {
  return [...path.matchAll(/([A-Za-z])([^A-Za-z]*)/g)].map(([, op, args]) => {
    const numbers = args!.trim().split(/\s+/).map(Number);
    expect(numbers.every(Number.isFinite)).toBe(true);
    expect(numbers.length % 2).toBe(0);
    const points: [number, number][] = [];
    for (let i = 0; i < numbers.length; i += 2) points.push([numbers[i]!, numbers[i + 1]!]);
    return { op: op!, points };
  });
}

describe('wirePath', () => {
  it('draws a forward wire as one cubic curve with horizontal handles', () => {
    expect(parse(wirePath({ x: 0, y: 0 }, { x: 200, y: 50 }))).toEqual([
      { op: 'M', points: [[0, 0]] },
      { op: 'C', points: [[90, 0], [110, 50], [200, 50]] },
    ]);
  });

  it('keeps handles at least 30 px long on a short forward wire', () => {
    expect(parse(wirePath({ x: 0, y: 0 }, { x: 10, y: 0 }))[1]).toEqual({ op: 'C', points: [[30, 0], [-20, 0], [10, 0]] });
  });

  it('still draws a plain curve when the input is at most 20 px left of the output', () => {
    const commands = parse(wirePath({ x: 100, y: 0 }, { x: 80, y: 40 }));
    expect(commands.map((c) => c.op)).toEqual(['M', 'C']);
    expect(commands[1]!.points[0]![0]).toBeGreaterThan(100);
    expect(commands[1]!.points[1]![0]).toBeLessThan(80);
  });

  it('arcs a backward wire over both ends: up, across above them, down into the input', () => {
    const start = { x: 500, y: 100 };
    const end = { x: 100, y: 140 };
    const [move, rise, across, fall] = parse(wirePath(start, end));
    expect(move).toEqual({ op: 'M', points: [[500, 100]] });
    expect(rise!.op).toBe('C');
    expect(across!.op).toBe('L');
    expect(fall!.op).toBe('C');
    const top = across!.points[0]![1];
    expect(rise!.points[2]).toEqual([500, top]);
    expect(across!.points[0]).toEqual([100, top]);
    expect(fall!.points[2]).toEqual([100, 140]);
    // Above the higher end by at least 60 px; the rise leaves rightwards, the fall enters from the left.
    expect(top).toBeLessThanOrEqual(100 - 60);
    expect(rise!.points[0]![0]).toBeGreaterThan(500);
    expect(fall!.points[1]![0]).toBeLessThan(100);
  });

  it('lifts longer loops higher, by at most 120 px extra', () => {
    const topOf = (dx: number) => parse(wirePath({ x: 0, y: 0 }, { x: dx, y: 0 }))[2]!.points[0]![1];
    expect(topOf(-100)).toBe(-75);
    expect(topOf(-400)).toBe(-120);
    expect(topOf(-400)).toBeLessThan(topOf(-100));
    expect(topOf(-5000)).toBe(-180);
  });

  it('draws a backward wire as a plain curve with bounded handles when arcing is off', () => {
    const commands = parse(wirePath({ x: 1000, y: 0 }, { x: 0, y: 0 }, false));
    expect(commands).toEqual([
      { op: 'M', points: [[1000, 0]] },
      { op: 'C', points: [[1200, 0], [-200, 0], [0, 0]] },
    ]);
  });

  it('rounds coordinates to one decimal place', () => {
    expect(wirePath({ x: 0.123, y: 10.456 }, { x: 100.04, y: 20.26 })).toBe('M 0.1 10.5 C 45.1 10.5 55.1 20.3 100 20.3');
  });
});
