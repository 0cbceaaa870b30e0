import type { Tensor, Tensor3D } from '@tensorflow/tfjs';
import { defineNode, seededRandom } from '../core';
import type { Tf } from '../core';

interface Wave { readonly freq: number; readonly amp: number; readonly phase: number }
interface Landscape { readonly hills: Wave[]; readonly trees: Wave[]; readonly poleSpacing: number; readonly hue: number }

// Screen widths per second each layer scrolls at speed 1: far layers slow, near ones fast.
const SPEED = { hills: 0.03, trees: 0.12, ground: 0.35, poles: 1.1 };

/**
 * A procedural view from a train window: sky, far hills, a tree line and near poles, each
 * layer moving right to left at its own speed (parallax). Deterministic for a seed and a
 * frame index, computed entirely on the backend. It is the zero-input source that lets a
 * loop run before any clip or model exists.
 */
export const trainWindowSource = defineNode<{
  seed: { kind: 'seed'; label: string; default: number };
  speed: { kind: 'number'; label: string; default: number; min: number; max: number; step: number };
  poles: { kind: 'boolean'; label: string; default: boolean };
}, Landscape>({
  type: 'train-window-source',
  version: 1,
  title: 'Train Window',
  category: 'Sources',
  description: 'Procedural parallax landscape seen from a moving train (deterministic, seeded).',
  volatile: true,
  inputs: [],
  outputs: [{ name: 'frame', type: 'frame', label: 'Frame' }],
  params: {
    seed: { kind: 'seed', label: 'Seed', default: 7 },
    speed: { kind: 'number', label: 'Speed', default: 1, min: 0, max: 4, step: 0.05 },
    poles: { kind: 'boolean', label: 'Poles', default: true },
  },
  create: ({ params }) => makeLandscape(params.seed),
  process: ({ tf, params, size, time, state }) => {
    const { width: w, height: h } = size;
    const travel = time * params.speed * w;
    const x = tf.range(0, w, 1, 'float32');
    const y = tf.reshape(tf.range(0, h, 1, 'float32'), [h, 1]);
    const horizon = h * 0.55;

    const skyT = tf.clipByValue(tf.div(y, horizon), 0, 1);
    let image: Tensor = mixColor(tf, tf.expandDims(skyT, 2), [0.33, 0.52, 0.86], [0.86, 0.82, 0.72]);
    image = tf.mul(image, tf.ones([1, w, 1]));

    const hillTop = tf.sub(horizon - 0.06 * h, tf.mul(profile(tf, x, travel * SPEED.hills, state.hills, w), 0.18 * h));
    image = paint(tf, image, below(tf, y, hillTop), shade(tf, y, hillTop, h, hsl(state.hue + 0.55, 0.18, 0.55)));

    const treeTop = tf.sub(h * 0.7, tf.mul(tf.relu(profile(tf, x, travel * SPEED.trees, state.trees, w)), 0.16 * h));
    image = paint(tf, image, below(tf, y, treeTop), shade(tf, y, treeTop, h, hsl(state.hue + 0.28, 0.45, 0.28)));

    const groundTop = tf.add(tf.mul(tf.sin(tf.mul(tf.add(x, travel * SPEED.ground), (2 * Math.PI) / w * 3)), 0.012 * h), h * 0.8);
    image = paint(tf, image, below(tf, y, groundTop), shade(tf, y, groundTop, h, hsl(state.hue + 0.15, 0.4, 0.36)));

    if (params.poles) {
      const spacing = state.poleSpacing * w;
      const offCentre = tf.abs(tf.sub(tf.div(tf.mod(tf.add(x, travel * SPEED.poles), spacing), spacing), 0.5));
      const pole = tf.clipByValue(tf.sub(0.018 * w + 0.5, tf.mul(offCentre, spacing)), 0, 1);
      const poleMask = tf.mul(tf.reshape(pole, [1, w, 1]), below(tf, y, tf.fill([w], h * 0.12)));
      image = paint(tf, image, poleMask, [0.16, 0.13, 0.11]);
    }
    return { frame: tf.clipByValue(image, 0, 1) as Tensor3D };
  },
});

function makeLandscape(seed: number): Landscape {
  const random = seededRandom(seed);
  const waves = (count: number, base: number): Wave[] =>
    Array.from({ length: count }, (_, i) => ({ freq: base * (i + 1) * (0.7 + 0.6 * random()), amp: 1 / (i + 1), phase: random() * 2 * Math.PI }));
  return { hills: waves(4, 1.2), trees: waves(5, 7), poleSpacing: 0.6 + 0.5 * random(), hue: random() * 0.1 };
}

/** Sum of sines over x (+ offset), one period = width / freq; roughly in [-1, 1]. */
function profile(tf: Tf, x: Tensor, offset: number, waves: readonly Wave[], width: number): Tensor {
  const norm = waves.reduce((s, w) => s + w.amp, 0);
  let sum: Tensor = tf.zerosLike(x);
  for (const wave of waves) {
    sum = tf.add(sum, tf.mul(tf.sin(tf.add(tf.mul(tf.add(x, offset), (2 * Math.PI * wave.freq) / width), wave.phase)), wave.amp / norm));
  }
  return sum;
}

/** Soft (one-pixel antialiased) mask [h, w, 1] of the pixels below a per-column edge. */
function below(tf: Tf, y: Tensor, edge: Tensor): Tensor {
  return tf.expandDims(tf.clipByValue(tf.add(tf.sub(y, tf.reshape(edge, [1, -1])), 0.5), 0, 1), 2);
}

/** A layer colour that darkens a little with depth below its edge, for some texture. */
function shade(tf: Tf, y: Tensor, edge: Tensor, h: number, rgb: readonly number[]): Tensor {
  const depth = tf.clipByValue(tf.div(tf.sub(y, tf.reshape(edge, [1, -1])), h * 0.25), 0, 1);
  return tf.mul(tf.expandDims(tf.sub(1, tf.mul(depth, 0.35)), 2), tf.tensor1d(rgb as number[]));
}

function paint(tf: Tf, image: Tensor, mask: Tensor, color: Tensor | readonly number[]): Tensor {
  const c = Array.isArray(color) ? tf.tensor1d(color as number[]) : (color as Tensor);
  return tf.add(tf.mul(image, tf.sub(1, mask)), tf.mul(c, mask));
}

function mixColor(tf: Tf, t: Tensor, from: readonly number[], to: readonly number[]): Tensor {
  return tf.add(tf.tensor1d(from as number[]), tf.mul(t, tf.tensor1d(to.map((v, i) => v - from[i]!))));
}

function hsl(h: number, s: number, l: number): number[] {
  const k = (n: number) => (n + h * 12) % 12;
  const a = s * Math.min(l, 1 - l);
  return [0, 8, 4].map((n) => l - a * Math.max(-1, Math.min(k(n) - 3, 9 - k(n), 1)));
}
