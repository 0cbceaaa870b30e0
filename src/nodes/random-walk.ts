import { defineNode, seededRandom } from '../core';

/**
 * Per-run state: the walk so far. The walk is a function of the seed and the frame (with
 * steady params), so when frames are skipped it catches up, and when the frame goes back
 * (a reset) or the seed changes it starts again from frame 0.
 */
export interface RandomWalkState { seed: number; next: () => number; frame: number; value: number }

/**
 * A seeded random walk: each frame the value moves by up to ± step, reflecting off min and
 * max like a ball off a wall, so it drifts without sticking to a bound. It starts in the middle.
 */
export const randomWalk = defineNode({
  type: 'random-walk',
  version: 1,
  title: 'Random Walk',
  category: 'Modulation',
  description: 'A seeded number that wanders by up to ± step each frame, reflecting off min and max.',
  volatile: true,
  inputs: [],
  outputs: [{ name: 'value', type: 'number', label: 'Value' }],
  params: {
    seed: { kind: 'seed', label: 'Seed', default: 1 },
    step: { kind: 'number', label: 'Step', default: 0.02, min: 0, max: 1000, step: 0.001 },
    min: { kind: 'number', label: 'Min', default: 0, min: -10_000, max: 10_000, step: 0.001 },
    max: { kind: 'number', label: 'Max', default: 1, min: -10_000, max: 10_000, step: 0.001 },
  },
  create: ({ params }): RandomWalkState => start(params.seed, (params.min + params.max) / 2),
  process: ({ params, state, frame }) => {
    const low = Math.min(params.min, params.max);
    const high = Math.max(params.min, params.max);
    if (frame < state.frame || state.seed !== params.seed) Object.assign(state, start(params.seed, (low + high) / 2));
    while (state.frame < frame) {
      state.value = reflect(state.value + (2 * state.next() - 1) * params.step, low, high);
      state.frame++;
    }
    // Bounds moved under the walk (a wired min or max) bring it back inside.
    state.value = reflect(state.value, low, high);
    return { value: state.value };
  },
});

function start(seed: number, value: number): RandomWalkState {
  return { seed, next: seededRandom(seed), frame: 0, value };
}

/** `x` folded into [low, high] by reflection at both ends, however far outside it is. */
export function reflect(x: number, low: number, high: number): number {
  const span = high - low;
  if (span <= 0) return low;
  const folded = (((x - low) % (2 * span)) + 2 * span) % (2 * span);
  return low + (folded <= span ? folded : 2 * span - folded);
}
