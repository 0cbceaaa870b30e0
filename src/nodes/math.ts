import { defineNode } from '../core';

export const MATH_OPERATIONS = ['add', 'multiply', 'map range', 'clamp', 'smooth'] as const;
export type MathOperation = (typeof MATH_OPERATIONS)[number];

/** The previous output of `smooth`, per run: a reset starts the smoothing afresh. */
export interface MathState { smoothed: number | undefined }

/**
 * Arithmetic on number wires:
 * - `add`: a + b; `multiply`: a × b. An unwired input counts as the operation's identity
 *   (0 for add, 1 for multiply), so one wire passes through unchanged.
 * - `map range`: a from [in min, in max] to [out min, out max], linearly, not clamped (chain a
 *   `clamp` for that); an empty input range gives out min below it and out max from it on.
 * - `clamp`: a limited to [min, max].
 * - `smooth`: a one-pole low-pass of a, y += (a − y) / (smoothing + 1) each frame, so
 *   `smoothing` is roughly how many frames it lags; the first frame after a start or reset
 *   passes a through.
 *
 * Volatile because `smooth` keeps changing after its input stops: a cached output would freeze
 * it half-way. Numbers are cheap; the cost is that what reads them reruns every frame.
 */
export const math = defineNode({
  type: 'math',
  version: 1,
  title: 'Math',
  category: 'Modulation',
  description: 'Add, multiply, map range, clamp or smooth number wires.',
  volatile: true,
  inputs: [
    { name: 'a', type: 'number', label: 'A', optional: true },
    { name: 'b', type: 'number', label: 'B', optional: true },
  ],
  outputs: [{ name: 'value', type: 'number', label: 'Value' }],
  params: {
    operation: { kind: 'enum', label: 'Operation', default: 'add', options: MATH_OPERATIONS },
    inMin: { kind: 'number', label: 'In min', default: 0, min: -10_000, max: 10_000, step: 0.001 },
    inMax: { kind: 'number', label: 'In max', default: 1, min: -10_000, max: 10_000, step: 0.001 },
    outMin: { kind: 'number', label: 'Out min', default: 0, min: -10_000, max: 10_000, step: 0.001 },
    outMax: { kind: 'number', label: 'Out max', default: 1, min: -10_000, max: 10_000, step: 0.001 },
    min: { kind: 'number', label: 'Clamp min', default: 0, min: -10_000, max: 10_000, step: 0.001 },
    max: { kind: 'number', label: 'Clamp max', default: 1, min: -10_000, max: 10_000, step: 0.001 },
    smoothing: { kind: 'number', label: 'Smoothing', default: 10, min: 0, max: 1000, step: 0.1, unit: 'frames' },
  },
  create: (): MathState => ({ smoothed: undefined }),
  process: ({ params, inputs, state }) => {
    const a = inputs.a;
    const b = inputs.b;
    switch (params.operation as MathOperation) {
      case 'add': return { value: (a ?? 0) + (b ?? 0) };
      case 'multiply': return { value: (a ?? 1) * (b ?? 1) };
      case 'map range': return { value: mapRange(a ?? 0, params.inMin, params.inMax, params.outMin, params.outMax) };
      case 'clamp': return { value: Math.min(Math.max(a ?? 0, params.min), params.max) };
      case 'smooth': {
        const target = a ?? 0;
        const previous = state.smoothed ?? target;
        state.smoothed = previous + (target - previous) / (params.smoothing + 1);
        return { value: state.smoothed };
      }
    }
  },
});

/** `x` from [inMin, inMax] to [outMin, outMax], linearly and unclamped. */
export function mapRange(x: number, inMin: number, inMax: number, outMin: number, outMax: number): number {
  if (inMin === inMax) return x < inMin ? outMin : outMax;
  return outMin + ((x - inMin) / (inMax - inMin)) * (outMax - outMin);
}
