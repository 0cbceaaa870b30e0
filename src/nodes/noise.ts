import type { Tensor, Tensor3D } from '@tensorflow/tfjs';
import { defineNode } from '../core';
import type { Tf } from '../core';
import { hashUnit } from './modulation/hash';

export const NOISE_COLOURS = ['monochrome', 'colour'] as const;

/**
 * Per-run state: a field of Gaussian noise at the frame's size, drawn once per seed and kept
 * out of the frame's tidy; disposed in `dispose` or when the seed or size changes.
 */
export interface NoiseState { key: string | undefined; field: Tensor3D | undefined }

/**
 * Adds seeded grain, as Deforum's noise schedule does, to keep a loop from settling into flat
 * colour. Drawing fresh Gaussian noise every frame runs on the CPU (tfjs generates seeded
 * random numbers in JavaScript) and would cost more than the rest of a loop at 512 px, so one
 * field is drawn per seed and each frame reads it at a seeded offset, with a seeded sign: every
 * frame looks new, costs a few slices, and is the same in every render. Grain above 1 px reads
 * a smaller window and scales it up (bilinear), so the grains are soft rather than square.
 *
 * Volatile: the grain changes with the frame counter, so even over a still image (a branch the
 * scheduler would otherwise serve from its cache) it must be drawn again every frame.
 */
export const noise = defineNode({
  type: 'noise',
  version: 1,
  title: 'Noise',
  category: 'Transform',
  description: 'Adds seeded Gaussian grain (monochrome or colour) that changes every frame and repeats exactly in every render.',
  volatile: true,
  inputs: [{ name: 'frame', type: 'frame', label: 'Frame' }],
  outputs: [{ name: 'frame', type: 'frame', label: 'Frame' }],
  params: {
    amount: { kind: 'number', label: 'Amount', default: 0.04, min: 0, max: 1, step: 0.001 },
    grain: { kind: 'number', label: 'Grain size', default: 1, min: 1, max: 64, step: 0.5, unit: 'px' },
    colour: { kind: 'enum', label: 'Colour', default: 'monochrome', options: NOISE_COLOURS },
    animated: { kind: 'boolean', label: 'New grain every frame', default: true },
    seed: { kind: 'seed', label: 'Seed', default: 1 },
  },
  create: (): NoiseState => ({ key: undefined, field: undefined }),
  process: ({ tf, inputs, params, state, frame }) => {
    const input = inputs.frame;
    if (params.amount === 0) return { frame: input };
    const [h, w] = input.shape;
    const field = fieldFor(tf, state, params.seed, h, w);
    const step = params.animated ? frame : 0;
    const cropH = Math.max(1, Math.ceil(h / params.grain));
    const cropW = Math.max(1, Math.ceil(w / params.grain));
    const top = Math.floor(hashUnit(params.seed, 3 * step) * h);
    const left = Math.floor(hashUnit(params.seed, 3 * step + 1) * w);
    const sign = hashUnit(params.seed, 3 * step + 2) < 0.5 ? -1 : 1;
    let grain: Tensor3D = wrappedCrop(tf, field, top, left, cropH, cropW);
    if (params.colour === 'monochrome') grain = tf.slice(grain, [0, 0, 0], [-1, -1, 1]);
    if (cropH !== h || cropW !== w) grain = tf.image.resizeBilinear(grain, [h, w], false, true);
    const out = tf.add(input, tf.mul(grain, sign * params.amount));
    return { frame: tf.clipByValue(out, 0, 1) as Tensor3D };
  },
  dispose: (state) => state.field?.dispose(),
});

function fieldFor(tf: Tf, state: NoiseState, seed: number, h: number, w: number): Tensor3D {
  const key = `${seed}:${h}x${w}`;
  if (state.key !== key || !state.field) {
    state.field?.dispose();
    state.field = tf.keep(tf.randomNormal([h, w, 3], 0, 1, 'float32', seed));
    state.key = key;
  }
  return state.field;
}

/** The `height`×`width` window of `t` from (top, left), continuing from the opposite edge where it runs off. */
function wrappedCrop(tf: Tf, t: Tensor3D, top: number, left: number, height: number, width: number): Tensor3D {
  return wrappedSlice(tf, wrappedSlice(tf, t, 0, top, height), 1, left, width);
}

function wrappedSlice(tf: Tf, t: Tensor3D, axis: 0 | 1, start: number, length: number): Tensor3D {
  const n = t.shape[axis];
  const first = Math.min(length, n - start);
  const begin: [number, number, number] = [0, 0, 0];
  const size: [number, number, number] = [-1, -1, -1];
  begin[axis] = start;
  size[axis] = first;
  const head = tf.slice(t, begin, size);
  if (first === length) return head;
  size[axis] = length - first;
  const tail: Tensor = tf.slice(t, [0, 0, 0], size);
  return tf.concat([head, tail], axis) as Tensor3D;
}
