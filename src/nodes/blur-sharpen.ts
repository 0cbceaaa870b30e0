import type { Tensor3D, Tensor4D } from '@tensorflow/tfjs';
import { defineNode } from '../core';
import type { Tf } from '../core';

// How far +1 sharpens: an unsharp mask adding twice the detail a blur of the radius removes.
const SHARPEN_GAIN = 2;

/**
 * One knob from blur to sharpen. Both are the same move along the detail a Gaussian blur
 * removes, `frame + k·(frame − blurred)`: k = amount below 0 (−1 is the blur itself), and
 * k = 2·amount above it (an unsharp mask). In a loop a little sharpening counters the softening
 * each pass adds, and a little blur calms a loop that fizzes.
 */
export const blurSharpen = defineNode({
  type: 'blur-sharpen',
  version: 1,
  title: 'Blur / Sharpen',
  category: 'Transform',
  description: 'Gaussian blur (amount below 0) or unsharp-mask sharpening (above 0) at a radius in pixels.',
  inputs: [{ name: 'frame', type: 'frame', label: 'Frame' }],
  outputs: [{ name: 'frame', type: 'frame', label: 'Frame' }],
  params: {
    amount: { kind: 'number', label: 'Blur (−) / Sharpen (+)', default: 0.3, min: -1, max: 1, step: 0.01 },
    radius: { kind: 'number', label: 'Radius', default: 1, min: 0.3, max: 16, step: 0.1, unit: 'px' },
  },
  process: ({ tf, inputs, params }) => {
    const frame = inputs.frame;
    if (params.amount === 0) return { frame };
    const blurred = gaussianBlur(tf, frame, params.radius);
    const k = params.amount < 0 ? params.amount : SHARPEN_GAIN * params.amount;
    const out = tf.add(frame, tf.mul(tf.sub(frame, blurred), k));
    return { frame: tf.clipByValue(out, 0, 1) as Tensor3D };
  },
});

/**
 * A separable Gaussian blur with standard deviation `sigma` pixels: one horizontal and one
 * vertical depthwise convolution over a mirror-padded frame, so the edges are not darkened by
 * zeros. The taps reach 3σ, cut to the frame's size (a mirror pad cannot be wider than it).
 */
export function gaussianBlur(tf: Tf, frame: Tensor3D, sigma: number): Tensor3D {
  const [h, w] = frame.shape;
  const reach = Math.ceil(3 * sigma);
  const halfX = Math.min(reach, w - 1);
  const halfY = Math.min(reach, h - 1);
  const padded = tf.mirrorPad(frame, [[halfY, halfY], [halfX, halfX], [0, 0]], 'reflect');
  const across = tf.depthwiseConv2d(padded, taps(tf, sigma, halfX, 'x'), 1, 'valid');
  return tf.depthwiseConv2d(across, taps(tf, sigma, halfY, 'y'), 1, 'valid');
}

/** A normalised Gaussian of `half` taps each side, as a depthwise filter along one axis for 3 channels. */
function taps(tf: Tf, sigma: number, half: number, axis: 'x' | 'y'): Tensor4D {
  const size = 2 * half + 1;
  const weights = Array.from({ length: size }, (_, i) => Math.exp(-((i - half) ** 2) / (2 * sigma * sigma)));
  const total = weights.reduce((sum, v) => sum + v, 0);
  const values = new Float32Array(size * 3);
  weights.forEach((v, i) => values.fill(v / total, 3 * i, 3 * i + 3));
  return tf.tensor4d(values, axis === 'x' ? [1, size, 3, 1] : [size, 1, 3, 1]);
}
