import { defineNode } from '../core';

/** A sink the editor shows large: the frame it receives is what the user watches. */
export const preview = defineNode({
  type: 'preview',
  version: 1,
  title: 'Preview',
  category: 'Output',
  // An image input: it shows frames and upscaled images alike.
  inputs: [{ name: 'frame', type: 'image', label: 'Frame' }],
  outputs: [],
  params: {},
  process: () => ({}),
});
