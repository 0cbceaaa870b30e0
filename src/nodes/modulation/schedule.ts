import { evaluate, Reader, readExpression, SyntaxProblem } from './expression';
import type { Expression, Variables } from './expression';

/**
 * Keyframe schedules in Deforum's syntax, `0:(1.0), 120:(1.04)`, with an optional easing
 * name after a keyframe's value (`0:(1.0) ease-in-out, 120:(1.04)`). As in CSS keyframes,
 * the easing written on a keyframe shapes the segment that *leaves* it, up to the next
 * keyframe; a keyframe without one takes the node's default easing.
 *
 * Grammar (whitespace allowed between tokens; see expression.ts for `expr`):
 *   schedule := keyframe (',' keyframe)* ','?
 *   keyframe := frame ':' '(' expr ')' easing?
 *   frame    := a whole number of frames, 0 or more
 *   easing   := 'linear' | 'hold' | 'ease-in' | 'ease-out' | 'ease-in-out'
 *
 * Every keyframe's expression is evaluated at the *current* `t` and `s`, then the two around
 * the current frame are interpolated: numbers interpolate as usual, a lone `0:(sin(t/10))`
 * is the expression itself at every frame (as in Deforum), and `hold` keeps a keyframe's
 * expression running until the next keyframe takes over (Deforum's behaviour for expressions).
 */

export const EASINGS = ['linear', 'hold', 'ease-in', 'ease-out', 'ease-in-out'] as const;
export type Easing = (typeof EASINGS)[number];

export interface Keyframe {
  readonly frame: number;
  readonly value: Expression;
  /** The easing of the segment from this keyframe to the next; undefined takes the node's default. */
  readonly easing: Easing | undefined;
}

/** A parsed schedule: at least one keyframe, sorted by frame, no frame twice. */
export interface Schedule { readonly keyframes: readonly Keyframe[] }

const FRAME = /\d+/y;
const WORD = /[A-Za-z][A-Za-z-]*/y;

/**
 * Parses a schedule, e.g. `parseSchedule('0:(1), 120:(1.04) ease-in')`. Throws a SyntaxProblem
 * whose message gives the position (counted from 1) and what was wrong:
 * `position 14: expected ")", found the end`.
 */
export function parseSchedule(text: string): Schedule {
  const reader = new Reader(text);
  if (reader.atEnd()) reader.fail('expected a keyframe like 0:(1.0)');
  const keyframes: Keyframe[] = [];
  const seen = new Set<number>();
  do {
    reader.skipSpace();
    const start = reader.index;
    const frame = readFrame(reader);
    if (seen.has(frame)) reader.fail(`keyframe ${frame} is given twice`, start);
    seen.add(frame);
    reader.expect(':');
    reader.expect('(');
    const value = readExpression(reader);
    reader.expect(')');
    keyframes.push({ frame, value, easing: readEasing(reader) });
    if (!reader.atEnd() && !reader.eat(',')) reader.fail(`expected "," or the end of the schedule${reader.found()}`);
  } while (!reader.atEnd()); // a trailing comma ends the schedule too
  return { keyframes: keyframes.sort((a, b) => a.frame - b.frame) };
}

/** Why `text` is not a schedule (`position 14: expected ")"…`), or null when it is: for validating as the user types. */
export function scheduleProblem(text: string): string | null {
  try {
    parseSchedule(text);
    return null;
  } catch (error) {
    if (error instanceof SyntaxProblem) return error.message;
    throw error;
  }
}

function readFrame(reader: Reader): number {
  reader.skipSpace();
  const start = reader.index;
  const digits = reader.match(FRAME);
  if (digits === undefined) return reader.fail(`expected a frame number${reader.found()}`);
  if (reader.text[reader.index] === '.') reader.fail('a keyframe is a whole frame number', start);
  const frame = Number(digits);
  if (!Number.isSafeInteger(frame)) reader.fail('frame number too large', start);
  return frame;
}

function readEasing(reader: Reader): Easing | undefined {
  reader.skipSpace();
  const start = reader.index;
  const word = reader.match(WORD);
  if (word === undefined) return undefined;
  const easing = EASINGS.find((e) => e === word);
  if (!easing) reader.fail(`unknown easing "${word}" (use ${EASINGS.join(', ')})`, start);
  return easing;
}

/** How far along a segment the value is, 0…1, at fraction `u` of its frames. The eased curves are cubic. */
export function ease(easing: Easing, u: number): number {
  switch (easing) {
    case 'linear': return u;
    case 'hold': return 0;
    case 'ease-in': return u * u * u;
    case 'ease-out': return 1 - (1 - u) ** 3;
    case 'ease-in-out': return u < 0.5 ? 4 * u * u * u : 1 - (2 - 2 * u) ** 3 / 2;
  }
}

/**
 * The schedule's value at `variables.t`: the first keyframe's before it, the last one's after
 * it, and between two keyframes both evaluated at the current `t` and `s`, mixed by the easing.
 */
export function scheduleValue(schedule: Schedule, variables: Variables, defaultEasing: Easing): number {
  const keys = schedule.keyframes;
  const t = variables.t;
  const first = keys[0]!;
  const last = keys[keys.length - 1]!;
  if (t <= first.frame) return evaluate(first.value, variables);
  if (t >= last.frame) return evaluate(last.value, variables);
  // Binary search for the segment [keys[lo], keys[lo + 1]) holding t.
  let lo = 0;
  let hi = keys.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (keys[mid]!.frame <= t) lo = mid; else hi = mid;
  }
  const from = keys[lo]!;
  const to = keys[lo + 1]!;
  const weight = ease(from.easing ?? defaultEasing, (t - from.frame) / (to.frame - from.frame));
  const start = evaluate(from.value, variables);
  // Not evaluated while it has no weight: a NaN from the next keyframe (`log(0)`) must not spoil a `hold` (NaN · 0 is NaN).
  if (weight === 0) return start;
  return start + (evaluate(to.value, variables) - start) * weight;
}
