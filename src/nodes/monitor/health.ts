import { METRIC, METRIC_COUNT } from './metrics';

/** What the monitor does once a reading shows the loop collapsing. */
export const MONITOR_ACTIONS = ['warn', 'pause', 'reseed', 'colour-match'] as const;
export type MonitorAction = (typeof MONITOR_ACTIONS)[number];

/**
 * One read-back: the metrics averaged over the frames since the previous one (see
 * src/nodes/monitor/metrics.ts for their definitions).
 */
export interface MonitorReading {
  /** The last frame of the window. */
  readonly frame: number;
  /** Frames the window averages over. */
  readonly frames: number;
  readonly detail: number;
  /** Undefined when no frame of the window had a previous frame to compare with (right after a reset). */
  readonly motion: number | undefined;
  readonly histogram: number;
  /** NaN/±Inf values per frame, averaged over the window: above 0 if any frame had one. */
  readonly nonFinite: number;
  /** Why the reading counts as a collapse, one sentence each; empty when the loop is healthy. */
  readonly problems: readonly string[];
  /** What the monitor did about it (undefined when healthy). */
  readonly action: MonitorAction | undefined;
}

/** Limits a reading is held to. A limit that can never be crossed turns its check off. */
export interface HealthThresholds {
  /** Detail below this is a collapse into mush; 0 turns the check off. */
  readonly minDetail: number;
  /** Motion below this is a frozen loop; 0 turns the check off. */
  readonly minMotion: number;
  /** Histogram distance above this is colour drift; 1 turns the check off (the distance is at most 1). */
  readonly maxHistogram: number;
  /** Any NaN or ±Inf value is a collapse. */
  readonly nonFinite: boolean;
}

/**
 * Averages the per-window metric sums accumulated on the GPU (indexed by `METRIC`);
 * `motionFrames` counts the frames that had a previous frame to compare with.
 */
export function toReading(sums: ArrayLike<number>, window: { frame: number; frames: number; motionFrames: number }): Omit<MonitorReading, 'problems' | 'action'> {
  if (sums.length !== METRIC_COUNT) throw new RangeError(`expected ${METRIC_COUNT} metric sums, got ${sums.length}`);
  const { frame, frames, motionFrames } = window;
  return {
    frame,
    frames,
    detail: sums[METRIC.detail]! / frames,
    motion: motionFrames > 0 ? sums[METRIC.motion]! / motionFrames : undefined,
    histogram: sums[METRIC.histogram]! / frames,
    nonFinite: sums[METRIC.nonFinite]! / frames,
  };
}

/** Why `reading` counts as a collapse under `limits`; empty when it does not. */
export function healthProblems(reading: Omit<MonitorReading, 'problems' | 'action'>, limits: HealthThresholds): string[] {
  const problems: string[] = [];
  if (limits.nonFinite && reading.nonFinite > 0) problems.push(`${+reading.nonFinite.toFixed(1)} NaN/Inf values per frame`);
  if (reading.detail < limits.minDetail) problems.push(`detail ${fmt(reading.detail)} < ${fmt(limits.minDetail)}`);
  if (reading.motion !== undefined && reading.motion < limits.minMotion) problems.push(`motion ${fmt(reading.motion)} < ${fmt(limits.minMotion)}`);
  if (reading.histogram > limits.maxHistogram) problems.push(`colour distance ${fmt(reading.histogram)} > ${fmt(limits.maxHistogram)}`);
  return problems;
}

/** One line for the inspector and the pause message. */
export function describeCollapse(reading: MonitorReading): string {
  const window = reading.frames > 1 ? `frames ${reading.frame - reading.frames + 1}–${reading.frame}` : `frame ${reading.frame}`;
  return `Loop collapse over ${window}: ${reading.problems.join('; ')}`;
}

function fmt(value: number): string {
  return value === 0 ? '0' : Math.abs(value) < 0.01 ? value.toExponential(2) : value.toFixed(3);
}
