import { describe, expect, it } from 'vitest';
import { MIN_STEPS, budgetSteps, isBudget } from '../../../src/ui/make-loop/budget';
import { stageRows } from '../../../src/ui/make-loop/progress-rows';

describe('budgetSteps', () => {
  it('buys minutes × 60 × the measured steps per second for the generator alone', () => {
    expect(budgetSteps(2, 5, false)).toEqual({ generator: 600, restoration: 0 });
  });

  it('gives the Restoration network a third of the steps when it is added', () => {
    expect(budgetSteps(3, 10, true)).toEqual({ generator: 1200, restoration: 600 });
  });

  it('never buys fewer than MIN_STEPS, so the loop check always has checkpoints to rate', () => {
    expect(budgetSteps(0.25, 0.01, true)).toEqual({ generator: MIN_STEPS, restoration: MIN_STEPS });
  });

  it('accepts budgets from a quarter minute and refuses the rest', () => {
    expect([0.25, 5, 600].map(isBudget)).toEqual([true, true, true]);
    expect([0, 0.1, Number.NaN, 601].map(isBudget)).toEqual([false, false, false, false]);
  });
});

describe('stageRows', () => {
  it('marks the stages before the current one done and leaves restoration out when none is trained', () => {
    expect(stageRows('training', 'training', false).map((r) => `${r.stage}:${r.state}`)).toEqual([
      'extracting:done', 'building:done', 'training:now', 'starting:later', 'ready:later',
    ]);
  });

  it('shows where a cancelled flow stopped', () => {
    expect(stageRows('cancelled', 'extracting', true).map((r) => r.state)).toEqual(['stopped', 'later', 'later', 'later', 'later', 'later']);
  });

  it('marks every stage done once the file is recorded', () => {
    expect(stageRows('recorded', 'recorded', false).every((r) => r.state === 'done')).toBe(true);
  });
});
