// Procedural scenes of the development set (docs/dev-set.md), in plain TypeScript: no tfjs,
// no I/O. Each frame is a function of (seed, size, frame index) alone, so a clip comes out
// byte for byte the same on every machine. Coordinates are in frame widths, so `size` changes
// the resolution (and how fine the finest detail is), not the motion in frame widths per second.
import { seededRandom } from '../../src/core/random';

/** Frames per second of every clip in the set. */
export const DEV_SET_FPS = 24;

/** A clip's frames: `render(n)` is frame n as rgb24 bytes, row-major, `size * size * 3` long. */
export interface Scene {
  readonly size: number;
  render(frame: number): Uint8Array;
}

type Rgb = readonly [number, number, number];

/**
 * A camera over a seeded fbm landscape (sea, beaches, meadows, forest, rock, snow, with hill
 * shading): it pans along a smooth path and zooms slowly in and out (about 0.55×–1.8×, one
 * cycle every 9 s), so the motion is a translation plus a scale change.
 */
export function panZoomScene(seed: number, size: number): Scene {
  const random = seededRandom(seed);
  const height = fbm(Math.floor(random() * 2 ** 31), 8);
  const moisture = fbm(Math.floor(random() * 2 ** 31), 4);
  const path = { ax: 0.5 + 0.3 * random(), ay: 0.35 + 0.25 * random(), px: random() * 2 * Math.PI, py: random() * 2 * Math.PI, zoom: random() * 2 * Math.PI };
  const origin = { x: random() * 1000, y: random() * 1000 };
  const n = size + 1;
  const heights = new Float64Array(n * n);
  return {
    size,
    render(frame) {
      const t = frame / DEV_SET_FPS;
      // Landscape units per frame width (1 unit = one feature of the coarsest octave).
      const span = 3 / Math.exp(0.6 * Math.sin((2 * Math.PI * t) / 9 + path.zoom) + 0.05);
      const cx = origin.x + 0.45 * t + path.ax * Math.sin(0.31 * t + path.px);
      const cy = origin.y + 0.12 * t + path.ay * Math.sin(0.23 * t + path.py);
      const step = span / size;
      // Octave o has a period of size / (span * 2^o) pixels: keep those of 3 px and more.
      const detail = Math.log2(size / (3 * span)) + 1;
      const x0 = cx - span / 2;
      const y0 = cy - span / 2;
      for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) heights[j * n + i] = 0.5 + 1.8 * (height(x0 + i * step, y0 + j * step, detail) - 0.5);
      const out = new Uint8Array(size * size * 3);
      for (let j = 0; j < size; j++) {
        for (let i = 0; i < size; i++) {
          const h = heights[j * n + i]!;
          // Slope per landscape unit, so the shading does not change with the zoom.
          const dx = (heights[j * n + i + 1]! - h) / step;
          const dy = (heights[(j + 1) * n + i]! - h) / step;
          const wet = moisture(0.5 * (x0 + i * step) + 31.7, 0.5 * (y0 + j * step) - 12.3, detail);
          const colour = terrainColour(h, wet);
          const light = h < SEA ? 1 : clamp(0.85 + 0.09 * (dy - dx), 0.45, 1.25);
          put(out, (j * size + i) * 3, colour, light);
        }
      }
      return out;
    },
  };
}

/**
 * A water surface seen from above with caustics: two sums of seeded travelling waves over a
 * slowly drifting domain warp; where either sum crosses zero a thin bright line lights up.
 * Motion everywhere, no camera move.
 */
export function waterScene(seed: number, size: number): Scene {
  const random = seededRandom(seed);
  const waves = (count: number, minLength: number, maxLength: number) =>
    Array.from({ length: count }, () => {
      const angle = random() * 2 * Math.PI;
      const k = (2 * Math.PI) / (minLength + (maxLength - minLength) * random());
      // Phase speed 0.08–0.2 frame widths per second: about 0.4–1 px a frame at 128 px.
      return { kx: k * Math.cos(angle), ky: k * Math.sin(angle), omega: k * (0.08 + 0.12 * random()), phase: random() * 2 * Math.PI };
    });
  const warpX = waves(3, 0.6, 1.4);
  const warpY = waves(3, 0.6, 1.4);
  const first = waves(5, 0.18, 0.5);
  const second = waves(5, 0.12, 0.35);
  const deep: Rgb = [0.02, 0.16, 0.3];
  const shallow: Rgb = [0.05, 0.42, 0.55];
  const glint: Rgb = [0.75, 0.95, 1];
  return {
    size,
    render(frame) {
      const t = frame / DEV_SET_FPS;
      const out = new Uint8Array(size * size * 3);
      for (let j = 0; j < size; j++) {
        for (let i = 0; i < size; i++) {
          const x = (i + 0.5) / size;
          const y = (j + 0.5) / size;
          const wx = x + 0.08 * waveSum(warpX, x, y, t);
          const wy = y + 0.08 * waveSum(warpY, x, y, t);
          const a = waveSum(first, wx, wy, t);
          const b = waveSum(second, wx + 0.37, wy - 0.21, t);
          const caustic = (1 - Math.abs(a)) ** 10 + 0.7 * (1 - Math.abs(b)) ** 14;
          const depth = 0.5 + 0.5 * a;
          const colour: Rgb = [0, 1, 2].map((c) => mix(deep[c]!, shallow[c]!, depth) + glint[c]! * caustic) as unknown as Rgb;
          put(out, (j * size + i) * 3, colour, 1);
        }
      }
      return out;
    },
  };
}

interface Wave { readonly kx: number; readonly ky: number; readonly omega: number; readonly phase: number }

/** Mean of travelling sines at (x, y) and time t: in [-1, 1]. */
function waveSum(waves: readonly Wave[], x: number, y: number, t: number): number {
  let sum = 0;
  for (const w of waves) sum += Math.sin(w.kx * x + w.ky * y - w.omega * t + w.phase);
  return sum / waves.length;
}

const SEA = 0.42;
const TERRAIN: readonly (readonly [number, Rgb])[] = [
  [0, [0.05, 0.12, 0.32]],
  [SEA, [0.16, 0.42, 0.6]],
  [SEA + 0.02, [0.82, 0.76, 0.55]],
  [0.5, [0.42, 0.62, 0.25]],
  [0.62, [0.2, 0.42, 0.16]],
  [0.7, [0.45, 0.4, 0.34]],
  [0.8, [0.6, 0.58, 0.56]],
  [0.88, [0.96, 0.96, 0.98]],
];

/** Height in [0, 1] to a colour, with a drier (browner) tint where moisture is low. */
function terrainColour(h: number, wet: number): Rgb {
  let k = 1;
  while (k < TERRAIN.length - 1 && h > TERRAIN[k]![0]) k++;
  const [h0, c0] = TERRAIN[k - 1]!;
  const [h1, c1] = TERRAIN[k]!;
  const f = clamp((h - h0) / (h1 - h0), 0, 1);
  const dry = h > SEA + 0.02 && h < 0.7 ? clamp(0.6 - wet, 0, 0.4) : 0;
  return [0, 1, 2].map((c) => mix(mix(c0[c]!, c1[c]!, f), [0.62, 0.55, 0.3][c]!, dry)) as unknown as Rgb;
}

/**
 * Seeded fractal value noise: layers of lattice noise, each twice the frequency and half the
 * amplitude of the last, bilinearly interpolated (smoothstep weights) between hashed lattice
 * values. `detail` is how many layers, fractional: the last one fades in, so a camera can add
 * finer layers as it zooms in without popping (and leave out those finer than a pixel, which
 * would only shimmer). Infinite and continuous; values in [0, 1], mean 0.5.
 */
export function fbm(seed: number, maxOctaves: number): (x: number, y: number, detail?: number) => number {
  const norm = 2 - 2 ** (1 - maxOctaves);
  return (x, y, detail = maxOctaves) => {
    let sum = 0;
    let amp = 1;
    let fx = x;
    let fy = y;
    for (let o = 0; o < maxOctaves && o < detail; o++) {
      sum += amp * Math.min(1, detail - o) * (valueNoise(seed + o * 1013, fx, fy) - 0.5);
      amp /= 2;
      // Rotate each octave a little so lattice axes do not line up.
      const rx = 1.6 * fx - 1.2 * fy;
      fy = 1.2 * fx + 1.6 * fy;
      fx = rx;
    }
    return 0.5 + sum / norm;
  };
}

function valueNoise(seed: number, x: number, y: number): number {
  const ix = Math.floor(x);
  const iy = Math.floor(y);
  const sx = smooth(x - ix);
  const sy = smooth(y - iy);
  const top = mix(lattice(seed, ix, iy), lattice(seed, ix + 1, iy), sx);
  const bottom = mix(lattice(seed, ix, iy + 1), lattice(seed, ix + 1, iy + 1), sx);
  return mix(top, bottom, sy);
}

/** A hash of a lattice point to [0, 1): integer-only, so identical everywhere. */
function lattice(seed: number, x: number, y: number): number {
  let h = Math.imul(x | 0, 0x27d4eb2d) ^ Math.imul(y | 0, 0x165667b1) ^ Math.imul(seed | 0, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

function put(out: Uint8Array, at: number, colour: Rgb, light: number): void {
  for (let c = 0; c < 3; c++) out[at + c] = Math.round(clamp(colour[c]! * light, 0, 1) * 255);
}

function smooth(t: number): number {
  return t * t * (3 - 2 * t);
}

function mix(a: number, b: number, t: number): number {
  return a + (b - a) * t;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
