import { describe, expect, it } from 'vitest';
import type { OneStepReport, RolloutPoint, RolloutReport } from '../../tools/eval/eval-types';
import { colourLimit, livingVerdict } from '../../tools/eval/living-bar';

const oneStep = (gain: number): OneStepReport => ({ psnr: 30 + gain, ssim: 0.9, psnrGainOverCopyLast: gain, ssimGainOverCopyLast: 0 });
const rollout = (last: Partial<RolloutPoint>, framesWithNaN = 0): RolloutReport => ({
  startFrame: 0, framesWithNaN, seconds: 1,
  points: [{ frame: 1000, gradientEnergyRatio: 1, meanAbsChangeRatio: 1, coarseGradientEnergyRatio: 1, coarseMeanAbsChangeRatio: 1, histogramDistance: 0.1, nanCount: 0, ...last }],
});

describe('the living-loop bar', () => {
  it('passes a loop with the clip\'s detail, motion and colours that predicts as well as copying the last frame', () => {
    expect(livingVerdict(oneStep(-0.5), rollout({ gradientEnergyRatio: 0.5, meanAbsChangeRatio: 2 }), 0.1)).toEqual({ lives: true, failures: [] });
  });

  it('names every part a loop misses', () => {
    const verdict = livingVerdict(oneStep(-3.2), rollout({ meanAbsChangeRatio: 0.22, coarseMeanAbsChangeRatio: 0.1, coarseGradientEnergyRatio: 2.5, histogramDistance: 0.5 }, 3), 0.19);
    expect(verdict.lives).toBe(false);
    expect(verdict.failures).toEqual([
      'motion 0.22× the clip\'s (outside 0.5–2)',
      'coarse detail 2.50× the clip\'s (outside 0.5–2)',
      'coarse motion 0.10× the clip\'s (outside 0.5–2)',
      'colour distance 0.50 (limit 0.30)',
      '3 frames with NaN',
      'one-step -3.20 dB against copy-last (limit −0.5)',
    ]);
  });

  it('does not let pixel noise pass for motion: fine-scale motion alone is not enough', () => {
    const sparkling = livingVerdict(oneStep(0), rollout({ meanAbsChangeRatio: 1.2, coarseMeanAbsChangeRatio: 0.05 }), 0.1);
    expect(sparkling.failures).toEqual(['coarse motion 0.05× the clip\'s (outside 0.5–2)']);
  });

  it('allows colour 1.5 × as far as the clip\'s own frames lie from its histogram, and never less than 0.3', () => {
    expect(colourLimit(0.1)).toBe(0.3);
    expect(colourLimit(0.4)).toBeCloseTo(0.6, 12);
    expect(livingVerdict(oneStep(0), rollout({ histogramDistance: 0.55 }), 0.4).lives).toBe(true);
  });

  it('fails a loop with no rollout point, and a clip without motion to compare with', () => {
    expect(livingVerdict(oneStep(0), { ...rollout({}), points: [] }, 0.1)).toEqual({ lives: false, failures: ['no rollout point'] });
    expect(livingVerdict(oneStep(0), rollout({ meanAbsChangeRatio: null }), 0.1).failures).toEqual(['motion: the clip has none to compare with']);
  });
});
