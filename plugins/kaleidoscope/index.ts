/**
 * Kaleidoscope: folds the frame into N mirrored wedges around its centre. In a feedback loop
 * every pass folds the last fold again, so symmetric mandalas grow out of any source.
 *
 * Guide notes: [1] … [4] are explained at the foot of the file.
 */
import { defineNode, definePlugin } from 'nfp-studio/plugin-api'; // [1]
import type { Tensor, Tensor2D, Tensor3D, Tf } from 'nfp-studio/plugin-api';

const kaleidoscope = defineNode({
  type: 'kaleidoscope/kaleidoscope', // [2]
  version: 1,
  title: 'Kaleidoscope',
  category: 'Warp',
  description: 'Mirrors the frame into N wedges around the centre; spins with time.',
  inputs: [{ name: 'frame', type: 'frame' }],
  outputs: [{ name: 'frame', type: 'frame' }],
  params: {
    segments: { kind: 'number', label: 'Segments', default: 6, min: 2, max: 24, step: 1, integer: true },
    rotation: { kind: 'number', label: 'Rotation', default: 0, min: -180, max: 180, step: 1, unit: '°' },
    spin: { kind: 'number', label: 'Spin', default: 10, min: -360, max: 360, step: 1, unit: '°/s' },
    zoom: { kind: 'number', label: 'Zoom', default: 1, min: 0.25, max: 4, step: 0.01 },
  },
  volatile: true, // [3]
  process: ({ tf, inputs, params, size, time }) => {
    const frame = inputs.frame;
    const turn = ((params.rotation + params.spin * time) * Math.PI) / 180;
    const { x, y } = foldedCoordinates(tf, size.width, size.height, params.segments, turn, params.zoom);
    return { frame: sampleBilinear(tf, frame, x, y) };
  },
});

/** For each output pixel, the source pixel it shows: polar angle folded into one mirrored wedge. */
function foldedCoordinates(tf: Tf, width: number, height: number, segments: number, turn: number, zoom: number): { x: Tensor2D; y: Tensor2D } {
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  const xs = tf.sub(tf.range(0, width), cx).reshape([1, width]);
  const ys = tf.sub(tf.range(0, height), cy).reshape([height, 1]);
  const radius = tf.div(tf.sqrt(tf.add(tf.square(xs), tf.square(ys))), zoom);
  const wedge = (2 * Math.PI) / segments;
  // Angle within the wedge in [0, wedge), then mirrored about its middle: neighbours meet seamlessly.
  const angle = tf.mod(tf.add(tf.sub(tf.atan2(ys, xs), turn), 8 * Math.PI), wedge);
  const folded = tf.sub(wedge / 2, tf.abs(tf.sub(angle, wedge / 2)));
  return {
    x: tf.add(tf.mul(radius, tf.cos(folded)), cx) as Tensor2D,
    y: tf.add(tf.mul(radius, tf.sin(folded)), cy) as Tensor2D,
  };
}

/** Bilinear lookup of `image` at fractional pixel coordinates (clamped to the edges). */
function sampleBilinear(tf: Tf, image: Tensor3D, x: Tensor2D, y: Tensor2D): Tensor3D {
  const [height, width] = image.shape;
  const cx = tf.clipByValue(x, 0, width - 1);
  const cy = tf.clipByValue(y, 0, height - 1);
  const x0 = tf.floor(cx);
  const y0 = tf.floor(cy);
  const x1 = tf.minimum(tf.add(x0, 1), width - 1);
  const y1 = tf.minimum(tf.add(y0, 1), height - 1);
  const fx = tf.expandDims(tf.sub(cx, x0), 2);
  const fy = tf.expandDims(tf.sub(cy, y0), 2);
  const pixels = tf.reshape(image, [height * width, 3]);
  const at = (px: Tensor, py: Tensor) => tf.gather(pixels, tf.cast(tf.add(tf.mul(py, width), px), 'int32')) as Tensor3D; // [4]
  const top = tf.add(tf.mul(at(x0, y0), tf.sub(1, fx)), tf.mul(at(x1, y0), fx));
  const bottom = tf.add(tf.mul(at(x0, y1), tf.sub(1, fx)), tf.mul(at(x1, y1), fx));
  return tf.add(tf.mul(top, tf.sub(1, fy)), tf.mul(bottom, fy)) as Tensor3D;
}

export default definePlugin({
  id: 'kaleidoscope',
  version: '1.0.0',
  description: 'Mirror the frame into N wedges: symmetric mandalas in feedback loops.',
  nodes: [kaleidoscope],
});

/*
 * [1] Only the public API is imported, and tfjs only as types: the running app hands its own
 *     tf to every call as `ctx.tf`, so the built plugin file stays a few kilobytes.
 * [2] Every node type starts with the plugin id and a slash; graph files name it this way.
 * [3] Volatile: the output changes with time (spin) even when input and params do not.
 * [4] `process` runs inside tf.tidy: every intermediate tensor here is freed by the scheduler.
 */
