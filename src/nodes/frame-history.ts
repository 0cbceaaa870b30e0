import type { Tensor3D } from '@tensorflow/tfjs';
import { defineNode } from '../core';

/** Frames a Frame History hands out: the multi-scale generator's 4 (seed 3, HIST_LEN). */
const HISTORY_DEPTH = 4;

/** Output port names, oldest first: `t3` is frame t−3, `t0` frame t. */
export const HISTORY_PORTS = ['t3', 't2', 't1', 't0'] as const;

/** The frames seen so far, oldest first, at most HISTORY_DEPTH. Kept with `tf.keep`; the node disposes them. */
export interface HistoryState {
  frames: Tensor3D[];
}

/**
 * The last 4 frames of a loop, for generators that predict from several past frames (the
 * multi-scale generator). Each frame it takes one new frame: from `Real frames` while the
 * loop warms up (the first `seedFrames` frames after a reset, or whenever the loop input has
 * nothing yet), from `Loop in` (a delayed input, like the Feedback node's) after that. So a
 * loop starts from real history, and a model that needs 4 frames sees 4 real ones before it
 * first sees its own output.
 *
 * Until 4 frames have arrived, the oldest one is repeated into the empty slots. The ports are
 * four frame ports, not one stacked value, so any frame node can be wired in or out (a port
 * type of its own would need conversions everywhere). The node is volatile: its outputs depend
 * on earlier frames, so they must never be served from the cache.
 */
export const frameHistory = defineNode({
  type: 'frame-history',
  version: 1,
  title: 'Frame History',
  category: 'Loop',
  description: 'The last 4 frames, oldest first: real frames while the loop warms up, then the loop\'s own output (delayed one frame).',
  volatile: true,
  inputs: [
    { name: 'in', type: 'frame', label: 'Loop in', delayed: true, optional: true },
    {
      name: 'seed', type: 'frame', label: 'Real frames', optional: true,
      // The same warm-up test as process: real frames until `seedFrames` have passed and the loop carries a frame.
      readWhen: { test: ({ frame, params, carried }) => frame < Number(params['seedFrames']) || !carried('in'), description: 'for its first "Real frames first" frames and while "Loop in" is empty' },
    },
  ],
  outputs: [
    { name: 't3', type: 'frame', label: 'Frame t−3' },
    { name: 't2', type: 'frame', label: 'Frame t−2' },
    { name: 't1', type: 'frame', label: 'Frame t−1' },
    { name: 't0', type: 'frame', label: 'Frame t' },
  ],
  params: {
    seedFrames: { kind: 'number', label: 'Real frames first', default: HISTORY_DEPTH, min: 0, max: 10_000, step: 1, integer: true, unit: 'frames' },
  },
  create: (): HistoryState => ({ frames: [] }),
  process: ({ tf, inputs, state, params, size, frame }) => {
    const loop = inputs['in'];
    const real = inputs['seed'];
    const warmingUp = frame < params.seedFrames || !loop;
    const newest = (warmingUp ? real ?? loop : loop) ?? tf.zeros([size.height, size.width, 3]) as Tensor3D;
    // A new graph size makes the old frames unusable: start over rather than mix shapes.
    if (state.frames.some((kept) => kept.shape.join() !== newest.shape.join())) dropAll(state);
    state.frames.push(tf.keep(tf.clone(newest)));
    while (state.frames.length > HISTORY_DEPTH) state.frames.shift()!.dispose();
    const padded = [...Array<Tensor3D>(HISTORY_DEPTH - state.frames.length).fill(state.frames[0]!), ...state.frames];
    // Clones: the scheduler disposes outputs at the end of the frame, and these stay in state.
    return Object.fromEntries(HISTORY_PORTS.map((port, i) => [port, tf.clone(padded[i]!)]));
  },
  dispose: (state) => dropAll(state),
});

function dropAll(state: HistoryState): void {
  for (const kept of state.frames) kept.dispose();
  state.frames = [];
}
