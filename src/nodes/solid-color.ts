import { colorToRgb, defineNode } from '../core';

/** A flat colour frame: a neutral seed for loops, or a constant to blend with. */
export const solidColor = defineNode({
  type: 'solid-color',
  version: 1,
  title: 'Solid Colour',
  category: 'Sources',
  inputs: [],
  outputs: [{ name: 'frame', type: 'frame', label: 'Frame' }],
  params: { color: { kind: 'color', label: 'Colour', default: '#808080' } },
  process: ({ tf, params, size }) => {
    const rgb = tf.tensor1d(colorToRgb(params.color));
    return { frame: tf.mul(tf.ones([size.height, size.width, 3]), rgb) };
  },
});
