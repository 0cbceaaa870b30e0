import { describe, expect, it } from 'vitest';
import type { ModelReport, RolloutPoint } from '../../tools/eval/eval-types';
import { composeReport, distanceFromOne, roundNumbers, splitClip, summarise } from '../../tools/eval/report';

describe('splitClip', () => {
  it('trains on the first 80 % (rounded down) and holds out the rest', () => {
    expect(splitClip(795, 'p.webm')).toEqual({ trainCount: 636, heldOutCount: 159 });
    expect(splitClip(10, 'c.webm')).toEqual({ trainCount: 8, heldOutCount: 2 });
    expect(splitClip(6, 'c.webm')).toEqual({ trainCount: 4, heldOutCount: 2 });
  });

  it('refuses a clip too short for a held-out pair, naming it', () => {
    expect(() => splitClip(5, 'short.webm')).toThrow('"short.webm" has 5 frames; the evaluation needs at least 6');
    expect(() => splitClip(1, 'one.webm')).toThrow('"one.webm" has 1 frame;');
  });
});

describe('distanceFromOne', () => {
  it('treats too little and too much alike, and a missing or zero ratio as infinitely far', () => {
    expect(distanceFromOne(1)).toBe(0);
    expect(distanceFromOne(0.5)).toBeCloseTo(distanceFromOne(2), 12);
    expect(distanceFromOne(0)).toBe(Number.POSITIVE_INFINITY);
    expect(distanceFromOne(null)).toBe(Number.POSITIVE_INFINITY);
  });
});

function model(psnr: number, last: Partial<RolloutPoint>): ModelReport {
  const point: RolloutPoint = { frame: 300, gradientEnergyRatio: 1, meanAbsChangeRatio: 1, coarseGradientEnergyRatio: 1, coarseMeanAbsChangeRatio: 1, histogramDistance: 0.2, nanCount: 0, ...last } as RolloutPoint;
  return {
    feedbackPairs: false,
    training: { seconds: 1, stepsPerSecond: 1, finalLosses: {} },
    oneStep: { psnr, ssim: 0.9, psnrGainOverCopyLast: 0, ssimGainOverCopyLast: 0 },
    rollout: { startFrame: 0, points: [{ ...point, frame: 50 }, point], framesWithNaN: 0, seconds: 1 },
  };
}

describe('summarise', () => {
  it('compares each model with copy-last on PSNR and the two rollouts at their last point', () => {
    const plain = model(30, { gradientEnergyRatio: 0.1, meanAbsChangeRatio: 0.05 });
    const feedback = model(32, { gradientEnergyRatio: 0.7, meanAbsChangeRatio: 25 });
    expect(summarise({ psnr: 31, ssim: 0.9 }, plain, feedback, 0.1)).toEqual({
      plainBeatsCopyLastOnPsnr: false,
      feedbackBeatsCopyLastOnPsnr: true,
      atFrame: 300,
      feedbackKeepsMoreDetail: true,
      feedbackKeepsMoreMotion: false,
      feedbackLoop: { lives: false, failures: ['motion 25.00× the clip\'s (outside 0.5–2)'] },
    });
  });

  it('answers for the feedback-pair model alone when there is no plain one', () => {
    const summary = summarise({ psnr: 31, ssim: 0.9 }, undefined, model(30.7, {}), 0.1);
    expect(summary).toEqual({ feedbackBeatsCopyLastOnPsnr: false, atFrame: 300, feedbackLoop: { lives: true, failures: [] } });
  });

  it('compares each generator with its restored loop, and checks online swaps kept the tensor count', () => {
    const rolloutEnding = (last: Partial<RolloutPoint>) => model(0, last).rollout;
    const scored = { oneStep: model(0, {}).oneStep, training: model(0, {}).training };
    const online = (tensorsAfterSwaps: number[], framesWithNaN = 0) => ({
      rollout: { ...rolloutEnding({}), framesWithNaN }, swaps: tensorsAfterSwaps.length, trainStepsDuringRollout: 120, tensorsAfterSwaps,
    });
    const plain = {
      ...model(30, { gradientEnergyRatio: 0.2, meanAbsChangeRatio: 0.1 }),
      restored: { ...scored, rollout: rolloutEnding({ gradientEnergyRatio: 0.6, meanAbsChangeRatio: 0.05 }) },
      online: online([812, 812, 812]),
    };
    const feedback = {
      ...model(31, { gradientEnergyRatio: 0.9, meanAbsChangeRatio: 0.5 }),
      restored: { ...scored, rollout: rolloutEnding({ gradientEnergyRatio: 3, meanAbsChangeRatio: 0.8 }) },
      online: online([812, 813, 814], 2),
    };
    const summary = summarise({ psnr: 31, ssim: 0.9 }, plain, feedback, 0.1);
    expect(summary.restoration).toEqual({
      plain: { keepsMoreDetail: true, keepsMoreMotion: false },
      feedback: { keepsMoreDetail: false, keepsMoreMotion: true },
    });
    expect(summary.online).toEqual({ swaps: 6, tensorCountFlat: false, framesWithNaN: 2 });
    expect(summarise({ psnr: 31, ssim: 0.9 }, model(30, {}), model(30, {}), 0.1)).not.toHaveProperty('restoration');
  });

  it('does not count blowing up into noise as keeping detail', () => {
    const plain = model(30, { gradientEnergyRatio: 0.8 });
    const feedback = model(30, { gradientEnergyRatio: 5 });
    expect(summarise({ psnr: 31, ssim: 0.9 }, plain, feedback, 0.1).feedbackKeepsMoreDetail).toBe(false);
  });
});

describe('roundNumbers', () => {
  it('rounds fractions to 5 significant digits and keeps integers, strings, nulls and booleans', () => {
    expect(roundNumbers({ a: 3.14159265, b: [0.000123456789, 795], c: 'x', d: null, e: true, f: 1234567 }))
      .toEqual({ a: 3.1416, b: [0.00012346, 795], c: 'x', d: null, e: true, f: 1234567 });
  });
});

describe('composeReport', () => {
  it('puts the settings after the clip, the models after the baseline, and answers the summary', () => {
    const prepared = {
      clip: { name: 'c.webm', frames: 10, width: 64, height: 48, codec: 'vp9', fps: 10 },
      split: { train: [0, 7] as const, heldOut: [8, 9] as const, heldOutPairs: 1 },
      source: { gradientEnergy: 0.02, meanAbsChange: 0.004, coarseGradientEnergy: 0.005, coarseMeanAbsChange: 0.003, frameHistogramDistance: 0.05 },
      copyLastFrame: { psnr: 31, ssim: 0.97 },
      decodeSeconds: 0.5,
    };
    const settings = { size: 32, steps: 4, frames: 300, seed: 1, preset: 'tiny' as const, batch: 4, cycles: 4, driftDepth: 14, driftStarts: 100, longDrifts: 2, longDriftDepth: 99, predicts: 'frame' as const, upsample: 'transposed' as const, fullResSkip: false, jitter: true, frameLoss: 'L1' as const, frameWeight: 100, adversarialWeight: 1, statisticsWeight: 0, restorerPredicts: 'change' as const, restoration: false, online: false, swapEvery: 50, onlineSteps: 20, heldOut: 0, heldOutEvery: 100, keepBest: false, bestBy: 'loss' as const, dropoutInLoop: false, colourCoherence: 0, colourMatch: 'lab' as const, loopNoise: 0, loopVariants: [], video: false, backend: 'cpu' as const, gap: 1 as const, jobs: 1 };
    const report = composeReport(prepared, settings, model(32, {}), model(30, {}), 12.3456);
    expect(Object.keys(report)).toEqual(['clip', 'settings', 'split', 'source', 'copyLastFrame', 'models', 'summary', 'seconds']);
    expect(report.seconds).toEqual({ decode: 0.5, total: 12.35 });
    expect(report.summary.plainBeatsCopyLastOnPsnr).toBe(true);
  });
});
