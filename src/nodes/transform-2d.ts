import type { Tensor, Tensor2D, Tensor3D } from '@tensorflow/tfjs';
import { defineNode } from '../core';
import type { FrameSize, Tf } from '../core';

/** What is read where the moved frame leaves the picture: the other side, a mirror image, or the edge pixels stretched. */
export const BORDER_MODES = ['wrap', 'mirror', 'clamp'] as const;
export type BorderMode = (typeof BORDER_MODES)[number];

export interface Motion2d {
  readonly zoom: number;
  readonly angle: number;
  readonly translateX: number;
  readonly translateY: number;
  readonly centreX: number;
  readonly centreY: number;
}

/**
 * Deforum's 2D motion: each frame is zoomed and turned about a centre, then moved, and the
 * loop through it spirals, tunnels or drifts. The conventions are Deforum's (OpenCV's): zoom
 * above 1 enlarges the picture, a positive angle turns it anticlockwise (degrees), translate
 * moves it right and down in pixels, and the centre is a fraction of the frame.
 *
 * Sampling is bilinear, with coordinates computed and the four neighbours gathered here
 * rather than by tf.image.transform: that op's `wrap` fill (tfjs 4.22, cpu and webgpu alike,
 * after TensorFlow's) maps coordinates past twice the frame to its first pixel and clamps the
 * seam between the last and first pixel, which a zooming-out loop would show as streaks.
 * About thirty element-wise kernels per frame, no reads back to the CPU.
 */
export const transform2d = defineNode({
  type: 'transform-2d',
  version: 1,
  title: 'Transform 2D',
  category: 'Transform',
  description: 'Zoom, rotate and move the frame about a centre (Deforum’s 2D motion); the border wraps, mirrors or clamps.',
  inputs: [{ name: 'frame', type: 'frame', label: 'Frame' }],
  outputs: [{ name: 'frame', type: 'frame', label: 'Frame' }],
  params: {
    zoom: { kind: 'number', label: 'Zoom', default: 1.02, min: 0.1, max: 10, step: 0.001 },
    angle: { kind: 'number', label: 'Angle', default: 0, min: -360, max: 360, step: 0.1, unit: '°' },
    translateX: { kind: 'number', label: 'Translate X', default: 0, min: -1024, max: 1024, step: 0.1, unit: 'px' },
    translateY: { kind: 'number', label: 'Translate Y', default: 0, min: -1024, max: 1024, step: 0.1, unit: 'px' },
    centreX: { kind: 'number', label: 'Centre X', default: 0.5, min: 0, max: 1, step: 0.01 },
    centreY: { kind: 'number', label: 'Centre Y', default: 0.5, min: 0, max: 1, step: 0.01 },
    border: { kind: 'enum', label: 'Border', default: 'mirror', options: BORDER_MODES },
  },
  process: ({ tf, inputs, params }) => {
    const [height, width] = inputs.frame.shape;
    const { sx, sy } = sampleCoordinates(tf, params, { width, height });
    return { frame: sampleBilinear(tf, inputs.frame, sx, sy, params.border as BorderMode) };
  },
});

/**
 * Where each output pixel reads the input, [H, W] each, pixel centres at whole numbers. The
 * inverse of Deforum's warp `out = R(in + t)`, R the zoom and turn about the centre: so
 * `in = c + R⁻¹(out − c) − t`. The map is affine, so x and y each split into a per-column and a
 * per-row term, computed here and summed on the backend: no grid has to be uploaded.
 */
export function sampleCoordinates(tf: Tf, motion: Motion2d, size: FrameSize): { sx: Tensor2D; sy: Tensor2D } {
  const { width: w, height: h } = size;
  const radians = (motion.angle * Math.PI) / 180;
  const cos = Math.cos(radians) / motion.zoom;
  const sin = Math.sin(radians) / motion.zoom;
  const cx = motion.centreX * (w - 1);
  const cy = motion.centreY * (h - 1);
  const columnX = new Float32Array(w);
  const columnY = new Float32Array(w);
  for (let x = 0; x < w; x++) {
    columnX[x] = cos * (x - cx);
    columnY[x] = sin * (x - cx);
  }
  const rowX = new Float32Array(h);
  const rowY = new Float32Array(h);
  for (let y = 0; y < h; y++) {
    rowX[y] = cx - sin * (y - cy) - motion.translateX;
    rowY[y] = cy + cos * (y - cy) - motion.translateY;
  }
  return {
    sx: tf.add(tf.tensor2d(columnX, [1, w]), tf.tensor2d(rowX, [h, 1])),
    sy: tf.add(tf.tensor2d(columnY, [1, w]), tf.tensor2d(rowY, [h, 1])),
  };
}

/** The frame read at (sx, sy) with bilinear interpolation; coordinates outside it are brought in by `border`. */
export function sampleBilinear(tf: Tf, frame: Tensor3D, sx: Tensor2D, sy: Tensor2D, border: BorderMode): Tensor3D {
  const [h, w] = frame.shape;
  const x0 = tf.floor(sx);
  const y0 = tf.floor(sy);
  const fx = tf.expandDims(tf.sub(sx, x0), 2);
  const fy = tf.expandDims(tf.sub(sy, y0), 2);
  const left = borderIndex(tf, x0, w, border);
  const right = borderIndex(tf, tf.add(x0, 1), w, border);
  const top = tf.mul(borderIndex(tf, y0, h, border), w);
  const bottom = tf.mul(borderIndex(tf, tf.add(y0, 1), h, border), w);
  const pixels = tf.reshape(frame, [h * w, 3]);
  // Indices stay exact in float32 up to 2^24 pixels, far beyond any frame size the app allows.
  const at = (row: Tensor, column: Tensor) => tf.gather(pixels, tf.cast(tf.add(row, column), 'int32'));
  const upper = lerp(tf, at(top, left), at(top, right), fx);
  const lower = lerp(tf, at(bottom, left), at(bottom, right), fx);
  return lerp(tf, upper, lower, fy) as Tensor3D;
}

/** Whole-number coordinates (as floats) brought into 0…n−1. */
function borderIndex(tf: Tf, index: Tensor, n: number, border: BorderMode): Tensor {
  switch (border) {
    case 'wrap': return tf.mod(index, n);
    // Half-sample symmetric, like a mirror at the frame's edge: …, 1, 0 | 0, 1, …, n−1 | n−1, n−2, …
    case 'mirror': {
      const m = tf.mod(index, 2 * n);
      return tf.minimum(m, tf.sub(2 * n - 1, m));
    }
    case 'clamp': return tf.clipByValue(index, 0, n - 1);
  }
}

function lerp(tf: Tf, a: Tensor, b: Tensor, weight: Tensor): Tensor {
  return tf.add(a, tf.mul(tf.sub(b, a), weight));
}
