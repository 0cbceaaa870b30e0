import type { Tensor3D } from '@tensorflow/tfjs';
import { defineNode } from '../core';
import type { Tf } from '../core';

/** The mix node's inputs, in the order `alternate` and `crossfade` cycle through them. */
export const MIX_INPUTS = ['a', 'b', 'c', 'd'] as const;
export const MIX_MODES = ['alternate', 'blend', 'crossfade'] as const;
export type MixMode = (typeof MIX_MODES)[number];

/** How much of each connected input goes into the output: the weights sum to 1. */
export interface MixWeights { readonly [input: string]: number }

/**
 * The weights `mode` gives the connected inputs on `frame`; `connected` lists them in port
 * order. Pure, so the schedule is tested without tensors.
 * - `alternate`: one input at a time, the next connected one every `every` frames.
 * - `blend`: each input by its weight, normalised over the connected inputs (a plain average
 *   when every connected weight is 0, rather than a black frame).
 * - `crossfade`: input i at frames k·period, fading to the next one with a raised cosine, so
 *   the fade starts and ends with zero slope (no visible kink where a fade begins).
 */
export function mixWeights(mode: MixMode, connected: readonly string[], frame: number, options: { every: number; period: number; weights: MixWeights }): MixWeights {
  const n = connected.length;
  if (n === 0) return {};
  switch (mode) {
    case 'alternate':
      return { [connected[Math.floor(frame / options.every) % n]!]: 1 };
    case 'blend': {
      const total = connected.reduce((sum, name) => sum + (options.weights[name] ?? 0), 0);
      return Object.fromEntries(connected.map((name) => [name, total > 0 ? (options.weights[name] ?? 0) / total : 1 / n]));
    }
    case 'crossfade': {
      const phase = (frame % (n * options.period)) / options.period;
      const from = Math.floor(phase);
      const fade = 0.5 - 0.5 * Math.cos(Math.PI * (phase - from));
      const to = (from + 1) % n;
      if (fade === 0 || to === from) return { [connected[from]!]: 1 };
      return { [connected[from]!]: 1 - fade, [connected[to]!]: fade };
    }
    default: {
      const unknown: never = mode;
      throw new Error(`unknown mix mode ${String(unknown)}`);
    }
  }
}

/**
 * Switch/Mix: lets one loop use several generators or restorers at once (checkpoint mixing:
 * wire several Next-Frame Generators, each with its own Weights, into a…d). Every wired
 * branch still runs each frame (the scheduler runs every node), so `alternate` saves no
 * compute; it changes which model the loop feeds on.
 *
 * Volatile because the output depends on the frame number: two static inputs must still
 * alternate rather than be served from the cache.
 */
export const modelMix = defineNode({
  type: 'model-mix',
  version: 1,
  title: 'Switch / Mix',
  category: 'Loop',
  description: 'Alternates, blends or crossfades between up to four frames (e.g. generators with different weights).',
  volatile: true,
  inputs: [
    { name: 'a', type: 'frame', label: 'A' },
    { name: 'b', type: 'frame', label: 'B', optional: true },
    { name: 'c', type: 'frame', label: 'C', optional: true },
    { name: 'd', type: 'frame', label: 'D', optional: true },
  ],
  outputs: [{ name: 'frame', type: 'frame', label: 'Frame' }],
  params: {
    mode: { kind: 'enum', label: 'Mode', default: 'alternate', options: MIX_MODES },
    every: { kind: 'number', label: 'Switch every', default: 30, min: 1, max: 10_000, step: 1, integer: true, unit: 'frames' },
    period: { kind: 'number', label: 'Crossfade period', default: 60, min: 1, max: 10_000, step: 1, integer: true, unit: 'frames' },
    weightA: { kind: 'number', label: 'Weight A', default: 1, min: 0, max: 1, step: 0.01 },
    weightB: { kind: 'number', label: 'Weight B', default: 1, min: 0, max: 1, step: 0.01 },
    weightC: { kind: 'number', label: 'Weight C', default: 1, min: 0, max: 1, step: 0.01 },
    weightD: { kind: 'number', label: 'Weight D', default: 1, min: 0, max: 1, step: 0.01 },
  },
  process: ({ tf, inputs, params, frame }) => {
    const connected = MIX_INPUTS.filter((name) => inputs[name] !== undefined);
    const weights = mixWeights(params.mode as MixMode, connected, frame, {
      every: params.every,
      period: params.period,
      weights: { a: params.weightA, b: params.weightB, c: params.weightC, d: params.weightD },
    });
    return { frame: weightedSum(tf, inputs as Readonly<Record<string, Tensor3D | undefined>>, weights) };
  },
});

/** Σ wᵢ·inputᵢ; a single input of weight 1 passes through untouched (no copy, bit-exact). */
function weightedSum(tf: Tf, inputs: Readonly<Record<string, Tensor3D | undefined>>, weights: MixWeights): Tensor3D {
  const terms = Object.entries(weights).filter(([, w]) => w > 0);
  if (terms.length === 1 && terms[0]![1] === 1) return inputs[terms[0]![0]]!;
  return tf.addN(terms.map(([name, w]) => tf.mul(inputs[name]!, w))) as Tensor3D;
}
