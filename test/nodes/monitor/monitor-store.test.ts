import { describe, expect, it, vi } from 'vitest';
import type { HealthThresholds, MonitorReading } from '../../../src/nodes/monitor/health';
import { MONITOR_CHANNEL, MonitorLog, MonitorStore } from '../../../src/nodes/monitor/monitor-store';
import type { HostListener } from '../../../src/core';

const limits: HealthThresholds = { minDetail: 0.001, minMotion: 0, maxHistogram: 1, nonFinite: true };

function reading(frame: number, problems: string[] = []): MonitorReading {
  return { frame, frames: 1, detail: frame / 100, motion: frame === 0 ? undefined : 0.01, histogram: 0.1, nonFinite: 0, problems, action: problems.length ? 'warn' : undefined };
}

describe('MonitorLog', () => {
  it('keeps the newest readings, oldest first, once the ring is full', () => {
    const log = new MonitorLog(3);
    for (let f = 0; f < 5; f++) log.push(reading(f), limits);
    expect(log.size).toBe(3);
    expect(log.readings().map((r) => r.frame)).toEqual([2, 3, 4]);
    expect(log.latest()?.frame).toBe(4);
    expect(log.thresholds).toBe(limits);
  });

  it('gives the chart aligned columns, with NaN where motion is undefined', () => {
    const log = new MonitorLog(4);
    log.push(reading(0), limits);
    log.push(reading(1), limits);
    expect(log.series()).toEqual({ frame: [0, 1], detail: [0, 0.01], motion: [Number.NaN, 0.01], histogram: [0.1, 0.1], nonFinite: [0, 0] });
  });

  it('finds the latest collapse', () => {
    const log = new MonitorLog(4);
    log.push(reading(0, ['detail 0 < 0.001']), limits);
    log.push(reading(1), limits);
    expect(log.lastCollapse()?.frame).toBe(0);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new MonitorLog(0)).toThrow(/positive integer/);
  });
});

describe('MonitorStore', () => {
  it('tells listeners the node id on open, on each reading and on close', () => {
    const store = new MonitorStore();
    const heard = vi.fn();
    const off = store.subscribe(heard);
    const log = store.open('m1');
    log.push(reading(0), limits);
    store.close('m1', log);
    expect(heard.mock.calls).toEqual([['m1'], ['m1'], ['m1']]);
    expect(store.get('m1')).toBeUndefined();
    off();
  });

  it('keeps the newer log when an older instance of the node closes late', () => {
    const store = new MonitorStore();
    const old = store.open('m1');
    const fresh = store.open('m1');
    store.close('m1', old);
    expect(store.get('m1')).toBe(fresh);
    const heard = vi.fn();
    store.subscribe(heard);
    old.push(reading(0), limits);
    expect(heard).not.toHaveBeenCalled();
  });

  it('follows what monitor nodes publish on their host channel, ignoring a replaced instance', () => {
    const store = new MonitorStore();
    let send: HostListener = () => {};
    const off = store.listen({ subscribe: (channel, listener) => { expect(channel).toBe(MONITOR_CHANNEL); send = listener; return () => {}; } });
    send({ kind: 'opened', instance: 1 }, 'm1');
    send({ kind: 'reading', instance: 1, reading: reading(0), thresholds: limits }, 'm1');
    send({ kind: 'opened', instance: 2 }, 'm1');
    send({ kind: 'reading', instance: 1, reading: reading(1), thresholds: limits }, 'm1');
    send({ kind: 'closed', instance: 1 }, 'm1');
    expect(store.get('m1')?.size).toBe(0);
    send({ kind: 'reading', instance: 2, reading: reading(2), thresholds: limits }, 'm1');
    expect(store.view('m1')?.latest?.frame).toBe(2);
    send({ kind: 'closed', instance: 2 }, 'm1');
    expect(store.get('m1')).toBeUndefined();
    off();
  });
});
