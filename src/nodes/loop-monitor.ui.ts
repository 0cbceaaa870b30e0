import MonitorPanel from '../ui/monitor/MonitorPanel.svelte';
import { nodePanel } from '../ui/node-ui';
import type { NodeUi } from '../ui/node-ui';
import type { MonitorStore } from './monitor/monitor-store';

/** The inspector's "Loop health" section, plotting the app's history of this node's readings (kept from its host channel). */
export function loopMonitorUi(monitors: MonitorStore): NodeUi {
  return { panel: nodePanel('Loop health', MonitorPanel, { source: monitors }) };
}
