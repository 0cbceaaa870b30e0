/**
 * Plugin template: copy this folder to `plugins/<your-id>/`, rename the id and the node type,
 * and replace `process`. See docs/plugins.md for the whole path from here to a shared bundle.
 */
import { defineNode, definePlugin } from 'nfp-studio/plugin-api';
import type { Tensor3D } from 'nfp-studio/plugin-api';

const invert = defineNode({
  type: 'my-plugin/invert', // every type starts with the plugin id and a slash
  version: 1, // bump when params change shape, and add `migrations`
  title: 'Invert',
  category: 'Colour',
  description: 'Mixes the frame with its negative.',
  inputs: [{ name: 'frame', type: 'frame' }],
  outputs: [{ name: 'frame', type: 'frame' }],
  params: {
    amount: { kind: 'number', label: 'Amount', default: 1, min: 0, max: 1, step: 0.01 },
  },
  // Runs inside tf.tidy every frame: return new tensors; never tf.keep.
  process: ({ tf, inputs, params }) => {
    const frame = inputs.frame;
    return { frame: tf.add(tf.mul(frame, 1 - params.amount), tf.mul(tf.sub(1, frame), params.amount)) as Tensor3D };
  },
});

export default definePlugin({
  id: 'my-plugin',
  version: '0.1.0',
  description: 'A template: one node that inverts colours.',
  nodes: [invert],
});
