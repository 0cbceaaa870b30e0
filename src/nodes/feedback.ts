import type { Tensor3D } from '@tensorflow/tfjs';
import { defineNode } from '../core';

/**
 * Closes a loop: outputs what arrived at `in` on the previous frame. On frame 0 and after
 * a reset there is no previous frame, so it outputs `seed` (black when unconnected).
 * The one-frame delay comes from the `delayed` port flag; the scheduler does the carrying.
 */
export const feedback = defineNode({
  type: 'feedback',
  version: 1,
  title: 'Feedback',
  category: 'Loop',
  description: 'Outputs its input from the previous frame; the seed on frame 0 and after reset.',
  inputs: [
    { name: 'in', type: 'frame', label: 'Loop in', delayed: true },
    {
      name: 'seed', type: 'frame', label: 'Seed', optional: true,
      readWhen: { test: ({ carried }) => !carried('in'), description: 'while "Loop in" is empty (frame 0, after a reset)' },
    },
  ],
  outputs: [{ name: 'out', type: 'frame', label: 'Previous frame' }],
  params: {},
  process: ({ tf, inputs, size }) => ({
    out: (inputs.in ?? inputs.seed ?? tf.zeros([size.height, size.width, 3])) as Tensor3D,
  }),
});
