import { defineNode } from '../core';
import { SyntaxProblem } from './modulation/expression';
import { EASINGS, parseSchedule, scheduleProblem, scheduleValue } from './modulation/schedule';
import type { Easing, Schedule } from './modulation/schedule';

/** The parsed schedule, kept per instance and parsed again only when the text changes. */
export interface KeyframesState { source: string | undefined; parsed: Schedule | SyntaxProblem | undefined }

/**
 * A number that follows a keyframe schedule in Deforum's syntax, `0:(1.0), 120:(1.04)`, each
 * value an expression of `t` (frame) and `s` (seconds), with an easing per segment (see
 * src/nodes/modulation/schedule.ts and docs/modulation.md). A malformed schedule is refused as
 * it is typed, with the position of the mistake (`position 14: expected ")", found the end`),
 * and one from a file fails the node with the same message after `schedule: `.
 */
export const keyframes = defineNode({
  type: 'keyframes',
  version: 1,
  title: 'Keyframes',
  category: 'Modulation',
  description: 'A number from a Deforum-style schedule, e.g. 0:(1.0), 120:(1.04); values may be expressions of t (frame) and s (seconds).',
  volatile: true,
  inputs: [],
  outputs: [{ name: 'value', type: 'number', label: 'Value' }],
  params: {
    schedule: { kind: 'string', label: 'Schedule', default: '0:(1.0), 120:(1.04)', maxLength: 10_000 },
    easing: { kind: 'enum', label: 'Default easing', default: 'linear', options: EASINGS },
  },
  // A schedule typed in the inspector is refused where it is typed, with the position, and the
  // node keeps its last good one; `process` still fails on one that comes from a file.
  checkParam: (name, value) => (name === 'schedule' && typeof value === 'string' ? scheduleProblem(value) : null),
  create: (): KeyframesState => ({ source: undefined, parsed: undefined }),
  process: ({ params, state, frame, time }) => {
    if (state.source !== params.schedule) {
      state.source = params.schedule;
      state.parsed = parseOrProblem(params.schedule);
    }
    const parsed = state.parsed!;
    if (parsed instanceof SyntaxProblem) throw new Error(`schedule: ${parsed.message}`);
    const value = scheduleValue(parsed, { t: frame, s: time }, params.easing as Easing);
    if (!Number.isFinite(value)) throw new Error(`schedule: the value at frame ${frame} is ${value}, not a finite number`);
    return { value };
  },
});

function parseOrProblem(text: string): Schedule | SyntaxProblem {
  try {
    return parseSchedule(text);
  } catch (error) {
    if (error instanceof SyntaxProblem) return error;
    throw error;
  }
}
