import type { HealthThresholds, MonitorReading } from './health';

/** Readings a monitor keeps: 600 read-backs every 10 frames cover 6,000 frames (over 3 minutes at 30 fps). */
export const HISTORY_CAPACITY = 600;

/** The readings as columns, oldest first: what a chart plots (`motion` is NaN where undefined). */
export interface MonitorSeries {
  readonly frame: readonly number[];
  readonly detail: readonly number[];
  readonly motion: readonly number[];
  readonly histogram: readonly number[];
  readonly nonFinite: readonly number[];
}

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

/**
 * Where monitor nodes publish their history for the UI: one log per live monitor node, by
 * node id. Listeners hear the node id whenever a log is opened, closed or gets a reading.
 *
 * @example
 * const off = monitorStore().subscribe((id) => { if (id === nodeId) redraw(monitorStore().get(id)); });
 */
export class MonitorStore {
  readonly #logs = new Map<string, MonitorLog>();
  readonly #listeners = new Set<MonitorListener>();

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

const STORE_KEY = Symbol.for('nfp-studio.monitors');

/**
 * The page's one MonitorStore, made on first use. Like `recordingStore`, it hangs off
 * `globalThis` under `Symbol.for('nfp-studio.monitors')`, so a second copy of this module
 * shares it and automation (e2e tests) reaches it from `page.evaluate`.
 */
export function monitorStore(): MonitorStore {
  const holder = globalThis as { [STORE_KEY]?: MonitorStore };
  return (holder[STORE_KEY] ??= new MonitorStore());
}
