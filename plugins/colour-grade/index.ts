/**
 * Colour grade: exposure, contrast, saturation, hue rotation, gamma and a tint, in that order.
 * In a feedback loop a small grade compounds every frame: a hue of 2° cycles the palette, a
 * saturation of 1.02 slowly blooms colour, a contrast under 1 fades the loop to grey.
 *
 * Guide notes: [1] … [3] are explained at the foot of the file.
 */
import { colorToRgb, defineNode, definePlugin } from 'nfp-studio/plugin-api';
import type { Tensor2D, Tensor3D, Tf } from 'nfp-studio/plugin-api';

// Rec. 709 luma: the grey a saturation of 0 leaves.
const LUMA = [0.2126, 0.7152, 0.0722] as const;

const colourGrade = defineNode({
  type: 'colour-grade/grade',
  version: 1,
  title: 'Colour Grade',
  category: 'Colour',
  description: 'Exposure, contrast, saturation, hue, gamma and tint; small values compound in a loop.',
  inputs: [{ name: 'frame', type: 'frame' }],
  outputs: [{ name: 'frame', type: 'frame' }],
  params: {
    exposure: { kind: 'number', label: 'Exposure', default: 0, min: -4, max: 4, step: 0.01, unit: 'stops' },
    contrast: { kind: 'number', label: 'Contrast', default: 1, min: 0, max: 3, step: 0.01 },
    saturation: { kind: 'number', label: 'Saturation', default: 1, min: 0, max: 3, step: 0.01 },
    hue: { kind: 'number', label: 'Hue', default: 0, min: -180, max: 180, step: 0.5, unit: '°' },
    gamma: { kind: 'number', label: 'Gamma', default: 1, min: 0.2, max: 5, step: 0.01 },
    tint: { kind: 'color', label: 'Tint', default: '#ffffff' },
    tintAmount: { kind: 'number', label: 'Tint amount', default: 0, min: 0, max: 1, step: 0.01 },
  },
  process: ({ tf, inputs, params }) => {
    const frame = inputs.frame;
    const exposed = tf.mul(frame, 2 ** params.exposure);
    const contrasted = tf.add(tf.mul(tf.sub(exposed, 0.5), params.contrast), 0.5);
    const coloured = applyColourMatrix(tf, contrasted as Tensor3D, colourMatrix(params.saturation, params.hue)); // [1]
    const positive = tf.clipByValue(coloured, 0, 1);
    const curved = params.gamma === 1 ? positive : tf.pow(positive, 1 / params.gamma); // [2]
    const tint = tf.tensor1d(colorToRgb(params.tint));
    const tinted = tf.add(tf.mul(curved, 1 - params.tintAmount), tf.mul(tf.mul(curved, tint), params.tintAmount));
    return { frame: tf.clipByValue(tinted, 0, 1) as Tensor3D }; // [3]
  },
});

/**
 * One 3×3 matrix for saturation and hue: hue turns colours about the grey axis (a rotation in
 * the plane orthogonal to (1,1,1)), saturation scales their distance from the luma grey.
 * Row-major, applied as `rgb · Mᵀ`.
 */
export function colourMatrix(saturation: number, hueDegrees: number): number[][] {
  const a = (hueDegrees * Math.PI) / 180;
  const c = Math.cos(a);
  const s = Math.sin(a);
  const k = (1 - c) / 3;
  const r = Math.sqrt(1 / 3) * s;
  const hue = [
    [c + k, k - r, k + r],
    [k + r, c + k, k - r],
    [k - r, k + r, c + k],
  ];
  // Saturation: S = sat·I + (1 − sat)·(1 · lumaᵀ), applied after the hue turn.
  return hue.map((_, i) => [0, 1, 2].map((j) => {
    let sum = 0;
    for (let m = 0; m < 3; m++) sum += ((i === m ? saturation : 0) + (1 - saturation) * LUMA[m]!) * hue[m]![j]!;
    return sum;
  }));
}

function applyColourMatrix(tf: Tf, frame: Tensor3D, matrix: number[][]): Tensor3D {
  const [h, w] = frame.shape;
  const flat = tf.reshape(frame, [h * w, 3]) as Tensor2D;
  return tf.reshape(tf.matMul(flat, tf.tensor2d(matrix), false, true), [h, w, 3]) as Tensor3D;
}

export default definePlugin({
  id: 'colour-grade',
  version: '1.0.0',
  description: 'Exposure, contrast, saturation, hue, gamma and tint for drifting feedback palettes.',
  nodes: [colourGrade],
});

/*
 * [1] Per-pixel colour mixing is one matMul over an [H·W, 3] view: cheap on every backend.
 * [2] Skipping an identity step saves a kernel per frame; a loop runs this 30 times a second.
 * [3] Clamping keeps a compounding grade from running to infinity in a feedback loop.
 */
