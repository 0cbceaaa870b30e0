import { describe, expect, it } from 'vitest';
import { HELD_OUT_LOOP } from '../../../src/nodes/generator/held-out-figures';
import { healthiestLoopCheckpoint } from '../../../src/nodes/generator/checkpoint-choice';
import { nextFrameGenerator } from '../../../src/nodes/next-frame-generator';

const at = (step: number, loop?: number) => ({ step, losses: { l2: 0.01, ...(loop === undefined ? {} : { [HELD_OUT_LOOP]: loop }) } });

describe('the generator\'s checkpoint at the end of a run', () => {
  it('is the one whose held-out loop came out nearest the clip, and says so beside the last one\'s figure', () => {
    expect(healthiestLoopCheckpoint([at(200, 0.5), at(400, 0.21), at(600, 0.4), at(800, 0.87)])).toEqual({
      step: 400,
      reason: 'Using step 400: its held-out loop kept the clip\'s detail and motion best (loop distance 0.210; last step 800: 0.870)',
    });
  });

  it('is the last one when its loop is best, or ties the best', () => {
    expect(healthiestLoopCheckpoint([at(200, 0.3), at(400, 0.3)])).toEqual({
      step: 400, reason: 'Using step 400, the last: its held-out loop kept the clip\'s detail and motion best (loop distance 0.300)',
    });
  });

  it('skips checkpoints whose loop was not checked or came out non-finite', () => {
    expect(healthiestLoopCheckpoint([at(200, Number.NaN), at(400, 0.6), at(600)])?.reason)
      .toBe('Using step 400: its held-out loop kept the clip\'s detail and motion best (loop distance 0.600; last step 600: not measured)');
  });

  it('is what the Next-Frame Generator\'s training hook prefers', () => {
    expect(nextFrameGenerator.training?.preferCheckpoint).toBe(healthiestLoopCheckpoint);
  });

  it('is no choice (keep the newest) when nothing was held out, so no loop was checked', () => {
    expect(healthiestLoopCheckpoint([at(200), at(400)])).toBeUndefined();
    expect(healthiestLoopCheckpoint([])).toBeUndefined();
  });
});
