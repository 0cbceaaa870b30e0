import type { Tensor3D } from '@tensorflow/tfjs';
import { defineNode } from '../core';

/**
 * Crossfades two frames: `a` at amount 0, `b` at 1. Wire an LFO or Keyframes into the amount
 * to pulse a source into a loop, or to fade between two loops. (Switch / Mix chooses among up
 * to four frames on a schedule of its own; this is the plain two-input fader.)
 */
export const mix = defineNode({
  type: 'mix',
  version: 1,
  title: 'Mix',
  category: 'Transform',
  description: 'Crossfades two frames: A at amount 0, B at 1.',
  inputs: [
    { name: 'a', type: 'frame', label: 'A' },
    { name: 'b', type: 'frame', label: 'B' },
  ],
  outputs: [{ name: 'frame', type: 'frame', label: 'Frame' }],
  params: {
    amount: { kind: 'number', label: 'Amount', default: 0.5, min: 0, max: 1, step: 0.01 },
  },
  process: ({ tf, inputs, params }) => {
    const { a, b } = inputs;
    if (params.amount === 0) return { frame: a };
    if (params.amount === 1) return { frame: b };
    return { frame: tf.add(a, tf.mul(tf.sub(b, a), params.amount)) as Tensor3D };
  },
});
