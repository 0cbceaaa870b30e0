/**
 * What the Loop Monitor panel shows, declared by the UI: the monitor node's files
 * (src/nodes/monitor) produce these shapes, so src/ui never imports node internals (issue 22).
 */

/** The readings as columns, oldest first: what a chart plots (`motion` is NaN where undefined). */
export interface MonitorSeries {
  readonly frame: readonly number[];
  readonly detail: readonly number[];
  readonly motion: readonly number[];
  readonly histogram: readonly number[];
  readonly nonFinite: readonly number[];
}

/** The limits a reading was held to (0 / 1 / false: that check is off). */
export interface MonitorLimits {
  readonly minDetail: number;
  readonly minMotion: number;
  readonly maxHistogram: number;
  readonly nonFinite: boolean;
}

/** One read-back, as the panel shows it. */
export interface MonitorReadingView {
  /** The last frame of the window it covers. */
  readonly frame: number;
  readonly detail: number;
  /** Undefined when no frame of the window had a previous frame. */
  readonly motion: number | undefined;
  readonly histogram: number;
  readonly nonFinite: number;
  /** One phrase per limit crossed; empty when healthy. */
  readonly problems: readonly string[];
}

/** What the monitor panel shows: a fresh object per reading, so Svelte sees every change. */
export interface MonitorView {
  readonly series: MonitorSeries;
  readonly latest: MonitorReadingView | undefined;
  readonly thresholds: MonitorLimits | undefined;
  /** The latest collapse as one sentence, with what the monitor did about it. */
  readonly lastCollapse: string | undefined;
  /** Which of the latest reading's metrics cross their limit. */
  readonly breached: { readonly detail: boolean; readonly motion: boolean; readonly histogram: boolean; readonly nonFinite: boolean };
}

/** Where the panel reads a monitor node's view: the app's monitor history, handed over by the node's UI entry. */
export interface MonitorSource {
  /** Calls `listener` with the node id whenever that node's history changes; returns the unsubscribe function. */
  subscribe(listener: (nodeId: string) => void): () => void;
  view(nodeId: string): MonitorView | undefined;
}
