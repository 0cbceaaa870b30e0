import { defineNode } from '../core';

export const PREVIEW_TYPE = 'preview';

/** A sink the editor shows large: the frame it receives is what the user watches. */
export const preview = defineNode({
  type: PREVIEW_TYPE,
  version: 1,
  title: 'Preview',
  category: 'Output',
  // An image input: it shows frames and upscaled images alike.
  inputs: [{ name: 'frame', type: 'image', label: 'Frame' }],
  outputs: [],
  params: {},
  process: () => ({}),
});
