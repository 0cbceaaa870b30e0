import type { NodeUi } from '../ui/node-ui';

/** A viewer sink: the big preview shows the first Preview node's frames, and its card a thumbnail. */
export const previewUi: NodeUi = { viewer: true };
