import type { Tensor, Tensor2D, Tensor3D } from '@tensorflow/tfjs';
import { defineNode } from '../core';

// Rec. 709 luma: the grey that a saturation of 0 leaves.
const LUMA = [0.2126, 0.7152, 0.0722] as const;

export interface ColourAdjustment {
  readonly hue: number;
  readonly saturation: number;
  readonly contrast: number;
  readonly brightness: number;
}

/**
 * Hue, saturation, contrast, brightness and gamma, in that order. In a feedback loop a small
 * adjustment compounds every frame: a hue of 1° cycles the palette, a saturation of 1.01 blooms
 * colour, a contrast under 1 fades to grey; wired to an LFO it pulses. The first four are one
 * affine colour map (a 3×3 matrix and an offset, one matMul), then a clamp and the gamma curve.
 */
export const colourAdjust = defineNode({
  type: 'colour-adjust',
  version: 1,
  title: 'Colour',
  category: 'Transform',
  description: 'Hue shift, saturation, contrast, brightness and gamma; small values compound in a loop.',
  inputs: [{ name: 'frame', type: 'frame', label: 'Frame' }],
  outputs: [{ name: 'frame', type: 'frame', label: 'Frame' }],
  params: {
    hue: { kind: 'number', label: 'Hue shift', default: 0, min: -180, max: 180, step: 0.5, unit: '°' },
    saturation: { kind: 'number', label: 'Saturation', default: 1, min: 0, max: 3, step: 0.01 },
    contrast: { kind: 'number', label: 'Contrast', default: 1, min: 0, max: 3, step: 0.01 },
    brightness: { kind: 'number', label: 'Brightness', default: 0, min: -1, max: 1, step: 0.01 },
    gamma: { kind: 'number', label: 'Gamma', default: 1, min: 0.2, max: 5, step: 0.01 },
  },
  process: ({ tf, inputs, params }) => {
    const frame = inputs.frame;
    const [h, w] = frame.shape;
    const { matrix, offset } = colourMap(params);
    const flat = tf.reshape(frame, [h * w, 3]) as Tensor2D;
    const mapped = tf.add(tf.matMul(flat, tf.tensor2d(matrix), false, true), tf.tensor1d(offset));
    const clamped: Tensor = tf.clipByValue(mapped, 0, 1);
    // Gamma above 1 lifts the mid-tones (out = in^(1/γ)); 1 skips the kernel.
    const curved = params.gamma === 1 ? clamped : tf.pow(clamped, 1 / params.gamma);
    return { frame: tf.reshape(curved, [h, w, 3]) as Tensor3D };
  },
});

/**
 * The affine map `out = M · rgb + offset` for hue, saturation, contrast and brightness. Hue
 * turns colours about the grey axis (a rotation in the plane orthogonal to (1, 1, 1), so greys
 * stay grey); saturation scales their distance from the luma grey; contrast scales about
 * mid-grey 0.5; brightness adds. Row-major; pure, so it is tested without tensors.
 */
export function colourMap(p: ColourAdjustment): { matrix: number[][]; offset: number[] } {
  const a = (p.hue * Math.PI) / 180;
  const c = Math.cos(a);
  const k = (1 - c) / 3;
  const r = Math.sqrt(1 / 3) * Math.sin(a);
  const hue = [
    [c + k, k - r, k + r],
    [k + r, c + k, k - r],
    [k - r, k + r, c + k],
  ];
  const saturation = [0, 1, 2].map((i) => [0, 1, 2].map((m) => (i === m ? p.saturation : 0) + (1 - p.saturation) * LUMA[m]!));
  const matrix = saturation.map((row) => [0, 1, 2].map((j) => p.contrast * row.reduce((sum, v, m) => sum + v * hue[m]![j]!, 0)));
  const shift = 0.5 * (1 - p.contrast) + p.brightness;
  return { matrix, offset: [shift, shift, shift] };
}
