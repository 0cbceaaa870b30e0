/**
 * Zoom-rotate warp, the classic Hydra feedback move: each frame is zoomed, turned and shifted
 * a little about a centre, so a loop through it spirals in (or out) forever.
 *
 * Guide notes: [1] … [3] are explained at the foot of the file.
 */
import { defineNode, definePlugin } from 'nfp-studio/plugin-api';
import type { Tensor3D, Tensor4D } from 'nfp-studio/plugin-api';

const zoomRotate = defineNode({
  type: 'zoom-rotate/warp',
  version: 1,
  title: 'Zoom-Rotate Warp',
  category: 'Warp',
  description: 'Zooms, rotates and shifts the frame about a centre; put it before a Feedback node to spiral.',
  inputs: [{ name: 'frame', type: 'frame' }],
  outputs: [{ name: 'frame', type: 'frame' }],
  params: {
    zoom: { kind: 'number', label: 'Zoom', default: 1.02, min: 0.5, max: 2, step: 0.001 },
    rotate: { kind: 'number', label: 'Rotate', default: 1, min: -45, max: 45, step: 0.1, unit: '°' },
    shiftX: { kind: 'number', label: 'Shift X', default: 0, min: -0.25, max: 0.25, step: 0.001 },
    shiftY: { kind: 'number', label: 'Shift Y', default: 0, min: -0.25, max: 0.25, step: 0.001 },
    centerX: { kind: 'number', label: 'Centre X', default: 0.5, min: 0, max: 1, step: 0.01 },
    centerY: { kind: 'number', label: 'Centre Y', default: 0.5, min: 0, max: 1, step: 0.01 },
    edges: { kind: 'enum', label: 'Edges', default: 'reflect', options: ['reflect', 'wrap', 'nearest', 'constant'] },
  },
  process: ({ tf, inputs, params, size }) => {
    const frame = inputs.frame;
    const batch = tf.expandDims(frame, 0) as Tensor4D;
    const warped = tf.image.transform(batch, tf.tensor2d([inverseMatrix(params, size)]), 'bilinear', params.edges as 'reflect'); // [1]
    return { frame: tf.squeeze(warped, [0]) as Tensor3D };
  },
});

/**
 * tf.image.transform maps each *output* pixel to the input pixel it reads [2], so the matrix
 * is the inverse warp: undo the shift, turn back by `rotate`, shrink by `zoom`, about the centre.
 */
function inverseMatrix(
  p: { zoom: number; rotate: number; shiftX: number; shiftY: number; centerX: number; centerY: number },
  size: { width: number; height: number },
): number[] {
  const angle = (p.rotate * Math.PI) / 180;
  const cos = Math.cos(angle) / p.zoom;
  const sin = Math.sin(angle) / p.zoom;
  const cx = p.centerX * (size.width - 1);
  const cy = p.centerY * (size.height - 1);
  const tx = cx + p.shiftX * size.width;
  const ty = cy + p.shiftY * size.height;
  // in = R(-angle)/zoom · (out - t) + c
  return [cos, sin, cx - cos * tx - sin * ty, -sin, cos, cy + sin * tx - cos * ty, 0, 0]; // [3]
}

export default definePlugin({
  id: 'zoom-rotate',
  version: '1.0.0',
  description: 'Hydra-style zoom, rotate and shift for feedback spirals.',
  nodes: [zoomRotate],
});

/*
 * [1] `edges` picks what is read outside the frame: `reflect` keeps a loop from filling with black.
 * [2] Row-major: input x = a0·x + a1·y + a2, input y = b0·x + b1·y + b2 (c0 = c1 = 0: no perspective).
 * [3] The tensors made here (batch, matrix, warped) are freed by the scheduler's tf.tidy.
 */
