import { defineNode } from '../core';

/** A sink the editor shows large: the frame it receives is what the user watches. */
export const preview = defineNode({
  type: 'preview',
  version: 1,
  title: 'Preview',
  category: 'Output',
  inputs: [{ name: 'frame', type: 'frame', label: 'Frame' }],
  outputs: [],
  params: {},
  process: () => ({}),
});
