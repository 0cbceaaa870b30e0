import { describe, expect, it } from 'vitest';
import { heldOutLossName, isHeldOutLoss } from '../../../src/core';
import { beatsCopyLast, HELD_OUT_COPY_LAST, HELD_OUT_LOOP, heldOutOneStepLoss } from '../../../src/nodes/generator/held-out-figures';

describe('held-out figures among a checkpoint\'s losses', () => {
  const losses = { l2: 0.004, [HELD_OUT_COPY_LAST]: 0.0048, [HELD_OUT_LOOP]: 2.1, [heldOutLossName('l2')]: 0.0046 };

  it('finds the one-step loss past the copy-last reference and the loop check, whatever their order', () => {
    expect(HELD_OUT_COPY_LAST).toBe('held-out copy-last');
    expect(isHeldOutLoss(HELD_OUT_COPY_LAST)).toBe(true);
    expect(heldOutOneStepLoss(losses)).toBe(0.0046);
    expect(heldOutOneStepLoss({ l2: 0.004 })).toBeUndefined();
  });

  it('says whether the one-step loss is under copying the last frame, and nothing when either is missing', () => {
    expect(beatsCopyLast(losses)).toBe(true);
    expect(beatsCopyLast({ ...losses, [heldOutLossName('l2')]: 0.0049 })).toBe(false);
    // Equal is no better than doing nothing.
    expect(beatsCopyLast({ ...losses, [heldOutLossName('l2')]: 0.0048 })).toBe(false);
    expect(beatsCopyLast({ ...losses, [heldOutLossName('l2')]: Number.NaN })).toBeUndefined();
    expect(beatsCopyLast({ l2: 0.004, [heldOutLossName('l2')]: 0.0046 })).toBeUndefined();
    expect(beatsCopyLast({ l2: 0.004, [HELD_OUT_COPY_LAST]: 0.0048 })).toBeUndefined();
  });
});
