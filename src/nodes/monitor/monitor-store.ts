import type { HostChannels } from '../../core';
import { describeCollapse } from './health';
import type { HealthThresholds, MonitorAction, MonitorReading } from './health';
import type { MonitorSeries, MonitorView } from '../../ui/monitor/monitor-types';

/** Readings a monitor keeps: 600 read-backs every 10 frames cover 6,000 frames (over 3 minutes at 30 fps). */
export const HISTORY_CAPACITY = 600;

/** The columns the panel's chart plots: declared by the UI, filled here. */
export type { MonitorSeries } from '../../ui/monitor/monitor-types';

/**
 * One monitor node's history: a ring buffer of readings plus the thresholds of the latest
 * one. Written only by the node (between frames), read by the UI.
 */
export class MonitorLog {
  readonly #ring: (MonitorReading | undefined)[];
  #next = 0;
  #count = 0;
  #thresholds: HealthThresholds | undefined;
  #changed: () => void;

  constructor(readonly capacity = HISTORY_CAPACITY, changed: () => void = () => {}) {
    if (!(Number.isInteger(capacity) && capacity > 0)) throw new RangeError(`history capacity must be a positive integer, got ${capacity}`);
    this.#ring = new Array<MonitorReading | undefined>(capacity);
    this.#changed = changed;
  }

  /** Adds a reading, dropping the oldest once the buffer is full. */
  push(reading: MonitorReading, thresholds: HealthThresholds): void {
    this.#ring[this.#next] = reading;
    this.#next = (this.#next + 1) % this.capacity;
    this.#count = Math.min(this.#count + 1, this.capacity);
    this.#thresholds = thresholds;
    this.#changed();
  }

  get size(): number {
    return this.#count;
  }

  /** Readings, oldest first. */
  readings(): MonitorReading[] {
    const start = (this.#next - this.#count + this.capacity) % this.capacity;
    return Array.from({ length: this.#count }, (_, i) => this.#ring[(start + i) % this.capacity]!);
  }

  latest(): MonitorReading | undefined {
    return this.#count === 0 ? undefined : this.#ring[(this.#next - 1 + this.capacity) % this.capacity];
  }

  /** The latest reading that found a collapse, if any. */
  lastCollapse(): MonitorReading | undefined {
    return this.readings().findLast((r) => r.problems.length > 0);
  }

  /** The limits the latest reading was held to. */
  get thresholds(): HealthThresholds | undefined {
    return this.#thresholds;
  }

  series(): MonitorSeries {
    const readings = this.readings();
    return {
      frame: readings.map((r) => r.frame),
      detail: readings.map((r) => r.detail),
      motion: readings.map((r) => r.motion ?? Number.NaN),
      histogram: readings.map((r) => r.histogram),
      nonFinite: readings.map((r) => r.nonFinite),
    };
  }

  /** Stops telling the store about changes (the node was disposed). */
  detach(): void {
    this.#changed = () => {};
  }
}

export type MonitorListener = (nodeId: string) => void;

/** The host channel Loop Monitor nodes publish on (`ctx.host.publish`). */
export const MONITOR_CHANNEL = 'loop-monitor';

/**
 * What a monitor node publishes: plain data, never tensors. `instance` tells a node's
 * instances apart, so a replaced instance's late `closed` cannot drop its successor's log.
 */
export type MonitorMessage =
  | { readonly kind: 'opened'; readonly instance: number }
  | { readonly kind: 'reading'; readonly instance: number; readonly reading: MonitorReading; readonly thresholds: HealthThresholds }
  | { readonly kind: 'closed'; readonly instance: number };

/**
 * The app's history of monitor nodes: one log per live monitor node, by node id, kept from
 * what the nodes publish on `MONITOR_CHANNEL` (see `listen`). Built once by the composition
 * root (src/main.ts). Listeners hear the node id whenever a log is opened, closed or gets a reading.
 *
 * @example
 * const monitors = new MonitorStore();
 * monitors.listen(scheduler.host);
 * const off = monitors.subscribe((id) => { if (id === nodeId) redraw(monitors.view(id)); });
 */
export class MonitorStore {
  readonly #logs = new Map<string, MonitorLog>();
  readonly #listeners = new Set<MonitorListener>();
  /** The log of each node's current instance, by node id. */
  readonly #instances = new Map<string, { readonly instance: number; readonly log: MonitorLog }>();

  /** Follows what monitor nodes publish through the scheduler's host; returns the unsubscribe function. */
  listen(channels: HostChannels): () => void {
    return channels.subscribe(MONITOR_CHANNEL, (value, nodeId) => this.receive(nodeId, value as MonitorMessage));
  }

  receive(nodeId: string, message: MonitorMessage): void {
    const current = this.#instances.get(nodeId);
    if (message.kind === 'opened') {
      this.#instances.set(nodeId, { instance: message.instance, log: this.open(nodeId) });
    } else if (current?.instance !== message.instance) {
      return;
    } else if (message.kind === 'reading') {
      current.log.push(message.reading, message.thresholds);
    } else {
      this.#instances.delete(nodeId);
      this.close(nodeId, current.log);
    }
  }

  /** What the monitor panel shows of `nodeId`; undefined when no monitor of that id runs. */
  view(nodeId: string): MonitorView | undefined {
    const log = this.#logs.get(nodeId);
    return log ? monitorView(log) : undefined;
  }

  /** A fresh log for `nodeId`, replacing any earlier one (for the node's new instance after a reset). */
  open(nodeId: string, capacity = HISTORY_CAPACITY): MonitorLog {
    this.#logs.get(nodeId)?.detach();
    const log = new MonitorLog(capacity, () => this.#emit(nodeId));
    this.#logs.set(nodeId, log);
    this.#emit(nodeId);
    return log;
  }

  /** Forgets `log` if it is still the node's current one (a newer instance may have replaced it). */
  close(nodeId: string, log: MonitorLog): void {
    log.detach();
    if (this.#logs.get(nodeId) !== log) return;
    this.#logs.delete(nodeId);
    this.#emit(nodeId);
  }

  get(nodeId: string): MonitorLog | undefined {
    return this.#logs.get(nodeId);
  }

  subscribe(listener: MonitorListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(nodeId: string): void {
    for (const listener of this.#listeners) {
      try {
        listener(nodeId);
      } catch (error) {
        // A broken panel must not stop the loop, which writes readings between frames.
        console.error('monitor listener failed', error);
      }
    }
  }
}

const DONE: Readonly<Record<MonitorAction, string>> = {
  warn: 'warned',
  pause: 'paused the loop',
  reseed: 'reseeded from the reference',
  'colour-match': 'colour-matched to the reference',
};

/** A monitor log as the panel shows it (the shape src/ui/monitor declares). */
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
