import type { NodeUiList } from '../ui/node-ui';
import type { MediaKit } from '../ui/media/media-kit';
import { readGraphFromVideo } from './media/graph-in-video';
import { importMediaFiles } from './media/import-media';
import { builtInLoopKit } from './make-loop/loop-kit';
import { LOOP_MONITOR_TYPE } from './loop-monitor';
import { loopMonitorUi } from './loop-monitor.ui';
import type { MonitorStore } from './monitor/monitor-store';
import { PREVIEW_TYPE } from './preview';
import { previewUi } from './preview.ui';
import { STYLE_TRANSFER_TYPE } from './style-transfer';
import { styleTransferUi } from './style-transfer.ui';

/** App-side state the built-in panels read, made by the composition root and fed by the nodes' host channels. */
export interface NodeUiServices {
  readonly monitors: MonitorStore;
}

/**
 * Every built-in node type's UI (issue 22), registered once at the composition root
 * (src/main.ts) beside `builtInNodes`. A type without an entry has no panel and no role.
 */
export function builtInNodeUi(services: NodeUiServices): NodeUiList {
  return {
    [PREVIEW_TYPE]: previewUi,
    [STYLE_TRANSFER_TYPE]: styleTransferUi,
    [LOOP_MONITOR_TYPE]: loopMonitorUi(services.monitors),
  };
}

/** The media nodes' file handling the editor's file shelf and canvas drop use. */
export const builtInMediaKit: MediaKit = { importFiles: importMediaFiles, readGraph: readGraphFromVideo };

/** How "Make a loop" builds, sizes and records a learned loop from these nodes (src/nodes/make-loop). */
export { builtInLoopKit };
