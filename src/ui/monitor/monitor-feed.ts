import { createSubscriber } from 'svelte/reactivity';
import { describeCollapse } from '../../nodes/monitor/health';
import type { HealthThresholds, MonitorAction, MonitorReading } from '../../nodes/monitor/health';
import type { MonitorLog, MonitorSeries, MonitorStore } from '../../nodes/monitor/monitor-store';

/** What the monitor panel shows: a fresh object per reading, so Svelte sees every change. */
export interface MonitorView {
  readonly series: MonitorSeries;
  readonly latest: MonitorReading | undefined;
  readonly thresholds: HealthThresholds | undefined;
  /** The latest collapse as one sentence, with what the monitor did about it. */
  readonly lastCollapse: string | undefined;
  /** Which of the latest reading's metrics cross their limit. */
  readonly breached: { readonly detail: boolean; readonly motion: boolean; readonly histogram: boolean; readonly nonFinite: boolean };
}

const DONE: Readonly<Record<MonitorAction, string>> = {
  warn: 'warned',
  pause: 'paused the loop',
  reseed: 'reseeded from the reference',
  'colour-match': 'colour-matched to the reference',
};

export function monitorView(log: MonitorLog): MonitorView {
  const latest = log.latest();
  const limits = log.thresholds;
  const collapse = log.lastCollapse();
  return {
    series: log.series(),
    latest,
    thresholds: limits,
    lastCollapse: collapse ? `${describeCollapse(collapse)} → ${DONE[collapse.action ?? 'warn']}.` : undefined,
    breached: {
      detail: !!latest && !!limits && latest.detail < limits.minDetail,
      motion: !!latest && !!limits && latest.motion !== undefined && latest.motion < limits.minMotion,
      histogram: !!latest && !!limits && latest.histogram > limits.maxHistogram,
      nonFinite: !!latest && !!limits && limits.nonFinite && latest.nonFinite > 0,
    },
  };
}

/**
 * A monitor node's history for Svelte: reading `view` inside a component or `$derived`
 * re-runs it whenever that node's log opens, closes or gets a reading.
 */
export function monitorFeed(store: MonitorStore, nodeId: string): { readonly view: MonitorView | undefined } {
  const subscribe = createSubscriber((update) => store.subscribe((id) => { if (id === nodeId) update(); }));
  return {
    get view() {
      subscribe();
      const log = store.get(nodeId);
      return log ? monitorView(log) : undefined;
    },
  };
}

/** Log axes cannot show 0: values at or below this are drawn on it, so a dead loop stays visible. */
export const LOG_FLOOR = 1e-6;

/**
 * Columns for the chart: frame; detail, motion (log axis); colour distance (0…1 axis); then
 * the three limits as constant lines (null where the check is off, so no line is drawn).
 */
export function chartColumns(series: MonitorSeries, limits: HealthThresholds | undefined): (number | null)[][] {
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
