import { defineNode } from '../core';

/**
 * Names one stored frame dataset (made with "Extract frames…") for the nodes that train on
 * it: its `dataset` output carries a `{ kind: 'dataset', id }` reference, never the frames,
 * which trainers read from storage in batches as they need them.
 *
 * With no dataset picked the reference has id '': the node must not stop the loop just
 * because it was dropped in before a dataset was chosen, so the trainer that receives it is
 * the one that refuses to start, with its own message.
 */
export const dataset = defineNode({
  type: 'dataset',
  version: 1,
  title: 'Dataset',
  category: 'Training',
  description: 'A stored set of frames (make one with “Extract frames…” on a source node) for training nodes to learn from.',
  inputs: [],
  outputs: [{ name: 'dataset', type: 'dataset', label: 'Dataset' }],
  params: {
    dataset: { kind: 'dataset', label: 'Dataset', default: '' },
  },
  process: ({ params }) => ({ dataset: { kind: 'dataset', id: params.dataset } }),
});
