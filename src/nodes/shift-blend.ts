import type { Tensor3D } from '@tensorflow/tfjs';
import { defineNode } from '../core';
import type { Tf } from '../core';

/**
 * The simplest useful loop transform: scroll the frame (wrapping at the edges), scale it,
 * and mix a little of a source back in so the loop keeps fresh detail.
 */
export const shiftBlend = defineNode({
  type: 'shift-blend',
  version: 1,
  title: 'Shift + Blend',
  category: 'Transform',
  inputs: [
    { name: 'frame', type: 'frame', label: 'Frame' },
    { name: 'source', type: 'frame', label: 'Blend source', optional: true },
  ],
  outputs: [{ name: 'frame', type: 'frame', label: 'Frame' }],
  params: {
    dx: { kind: 'number', label: 'Shift X', default: -2, min: -64, max: 64, step: 1, integer: true, unit: 'px' },
    dy: { kind: 'number', label: 'Shift Y', default: 0, min: -64, max: 64, step: 1, integer: true, unit: 'px' },
    gain: { kind: 'number', label: 'Gain', default: 1, min: 0, max: 2, step: 0.01 },
    mix: { kind: 'number', label: 'Source mix', default: 0.1, min: 0, max: 1, step: 0.01 },
  },
  process: ({ tf, inputs, params }) => {
    const frame = inputs.frame;
    const shifted = tf.mul(roll(tf, roll(tf, frame, params.dy, 0), params.dx, 1), params.gain);
    const source = inputs.source;
    const out = source && params.mix > 0 ? tf.add(tf.mul(shifted, 1 - params.mix), tf.mul(source, params.mix)) : shifted;
    return { frame: tf.clipByValue(out, 0, 1) as Tensor3D };
  },
});

/** Circular shift by `by` pixels along `axis` (0 = rows, 1 = columns). */
function roll(tf: Tf, t: Tensor3D, by: number, axis: 0 | 1): Tensor3D {
  const n = t.shape[axis];
  const k = ((by % n) + n) % n;
  if (k === 0) return t;
  const begin: [number, number, number] = [0, 0, 0];
  const tailSize: [number, number, number] = [-1, -1, -1];
  tailSize[axis] = k;
  begin[axis] = n - k;
  const tail = tf.slice(t, begin, tailSize);
  const headSize: [number, number, number] = [-1, -1, -1];
  headSize[axis] = n - k;
  const head = tf.slice(t, [0, 0, 0], headSize);
  return tf.concat([tail, head], axis);
}
