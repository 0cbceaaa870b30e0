import { describe, expect, it } from 'vitest';
import type { HealthThresholds, MonitorReading } from '../../../src/nodes/monitor/health';
import { MonitorLog, MonitorStore, monitorView } from '../../../src/nodes/monitor/monitor-store';
import { chartColumns, LOG_FLOOR, monitorFeed } from '../../../src/ui/monitor/monitor-feed';

const limits: HealthThresholds = { minDetail: 0.001, minMotion: 0, maxHistogram: 0.4, nonFinite: true };

function reading(frame: number, detail: number, problems: string[] = [], action?: MonitorReading['action']): MonitorReading {
  return { frame, frames: 10, detail, motion: frame < 10 ? undefined : 0.02, histogram: 0.5, nonFinite: 0, problems, action };
}

describe('monitor view', () => {
  it('flags the metrics of the latest reading that cross their limits', () => {
    const log = new MonitorLog(8);
    log.push(reading(9, 0.0005, ['detail 5.00e-4 < 1.00e-3', 'colour distance 0.500 > 0.400'], 'reseed'), limits);
    expect(monitorView(log).breached).toEqual({ detail: true, motion: false, histogram: true, nonFinite: false });
  });

  it('describes the latest collapse and what was done about it', () => {
    const log = new MonitorLog(8);
    log.push(reading(9, 0.0005, ['detail 5.00e-4 < 1.00e-3'], 'reseed'), limits);
    log.push(reading(19, 0.01), limits);
    expect(monitorView(log).lastCollapse).toBe('Loop collapse over frames 0–9: detail 5.00e-4 < 1.00e-3 → reseeded from the reference.');
  });

  it('puts zeros on the log floor, leaves missing motion as a gap, and draws only the limits that are on', () => {
    const log = new MonitorLog(8);
    log.push(reading(9, 0), limits);
    log.push(reading(19, 0.01), limits);
    expect(chartColumns(log.series(), limits)).toEqual([
      [9, 19], [LOG_FLOOR, 0.01], [null, 0.02], [0.5, 0.5], [0.001, 0.001], [null, null], [0.4, 0.4],
    ]);
  });
});

describe('monitor feed', () => {
  it('reads the current log of its node, and nothing once it is closed', () => {
    const store = new MonitorStore();
    const feed = monitorFeed(store, 'mon');
    expect(feed.view).toBeUndefined();
    const log = store.open('mon');
    log.push(reading(9, 0.01), limits);
    expect(feed.view?.latest?.frame).toBe(9);
    store.close('mon', log);
    expect(feed.view).toBeUndefined();
  });
});
