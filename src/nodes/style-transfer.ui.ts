import StylizedDatasetPanel from '../ui/style/StylizedDatasetPanel.svelte';
import { nodePanel } from '../ui/node-ui';
import type { NodeUi } from '../ui/node-ui';
import { stylizeDataset, stylizeMessages } from './style/stylize-dataset';

/** The inspector's "Stylized dataset" section: runs a dataset through the node's weights into a new dataset. */
export const styleTransferUi: NodeUi = {
  panel: nodePanel('Stylized dataset', StylizedDatasetPanel, { kit: { stylize: stylizeDataset, noWeights: stylizeMessages.noWeights } }),
};
