import { createSubscriber } from 'svelte/reactivity';
import type { MonitorLimits, MonitorSeries, MonitorSource, MonitorView } from './monitor-types';

/**
 * A monitor node's history for Svelte: reading `view` inside a component or `$derived`
 * re-runs it whenever that node's log opens, closes or gets a reading.
 */
export function monitorFeed(source: MonitorSource, nodeId: string): { readonly view: MonitorView | undefined } {
  const subscribe = createSubscriber((update) => source.subscribe((id) => { if (id === nodeId) update(); }));
  return {
    get view() {
      subscribe();
      return source.view(nodeId);
    },
  };
}

/** Log axes cannot show 0: values at or below this are drawn on it, so a dead loop stays visible. */
export const LOG_FLOOR = 1e-6;

/**
 * Columns for the chart: frame; detail, motion (log axis); colour distance (0…1 axis); then
 * the three limits as constant lines (null where the check is off, so no line is drawn).
 */
export function chartColumns(series: MonitorSeries, limits: MonitorLimits | undefined): (number | null)[][] {
  const floor = (v: number) => (Number.isNaN(v) ? null : Math.max(v, LOG_FLOOR));
  const line = (on: boolean, value: number) => series.frame.map(() => (on ? value : null));
  return [
    [...series.frame],
    series.detail.map(floor),
    series.motion.map(floor),
    series.histogram.map((v) => v),
    line(!!limits && limits.minDetail > 0, Math.max(limits?.minDetail ?? 0, LOG_FLOOR)),
    line(!!limits && limits.minMotion > 0, Math.max(limits?.minMotion ?? 0, LOG_FLOOR)),
    line(!!limits && limits.maxHistogram < 1, limits?.maxHistogram ?? 1),
  ];
}
