import { describe, expect, it } from 'vitest';
import { describeCollapse, healthProblems, toReading } from '../../../src/nodes/monitor/health';
import type { HealthThresholds } from '../../../src/nodes/monitor/health';

const off: HealthThresholds = { minDetail: 0, minMotion: 0, maxHistogram: 1, nonFinite: false };

describe('loop health', () => {
  it('averages the window sums, motion over the frames that had a previous frame', () => {
    expect(toReading([0.5, 0.75, 0.25, 7], { frame: 9, frames: 4, motionFrames: 3 })).toEqual({ frame: 9, frames: 4, detail: 0.125, motion: 0.25, histogram: 0.0625, nonFinite: 1.75 });
    expect(toReading([0, 0, 0, 0], { frame: 0, frames: 1, motionFrames: 0 }).motion).toBeUndefined();
  });

  it('finds nothing wrong with every check turned off, however bad the reading', () => {
    expect(healthProblems({ frame: 0, frames: 1, detail: 0, motion: 0, histogram: 1, nonFinite: 99 }, off)).toEqual([]);
  });

  it('names every limit crossed', () => {
    const limits = { minDetail: 0.001, minMotion: 0.01, maxHistogram: 0.3, nonFinite: true };
    expect(healthProblems({ frame: 0, frames: 1, detail: 0.0005, motion: 0.002, histogram: 0.45, nonFinite: 2 }, limits)).toEqual([
      '2 NaN/Inf values per frame', 'detail 5.00e-4 < 1.00e-3', 'motion 2.00e-3 < 0.010', 'colour distance 0.450 > 0.300',
    ]);
  });

  it('does not judge motion before there is a previous frame', () => {
    expect(healthProblems({ frame: 0, frames: 1, detail: 1, motion: undefined, histogram: 0, nonFinite: 0 }, { ...off, minMotion: 0.5 })).toEqual([]);
  });

  it('describes a collapse with its frame window', () => {
    const reading = { frame: 19, frames: 10, detail: 0, motion: 0, histogram: 0, nonFinite: 0, problems: ['detail 0 < 2.00e-4'], action: 'warn' as const };
    expect(describeCollapse(reading)).toBe('Loop collapse over frames 10–19: detail 0 < 2.00e-4');
  });
});
