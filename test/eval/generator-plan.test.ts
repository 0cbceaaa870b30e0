import { describe, expect, it } from 'vitest';
import { BENCH_CONFIGS, chooseMode, configLabel, generatorMacs, predictSeconds } from '../../bench/generator-plan';

describe('generatorMacs', () => {
  it('counts the tiny U-Net at 64 px layer by layer: 17,039,360 multiply-accumulates', () => {
    // enc 786,432 + 2,097,152 + 2,097,152 + 1,048,576; dec 1,048,576 + 4,194,304 + 4,194,304; out 1,572,864.
    expect(generatorMacs('tiny', 64)).toBe(17_039_360);
  });

  it('grows with the frame area while the layer count stays the same', () => {
    expect(generatorMacs('tiny', 128)).toBe(4 * generatorMacs('tiny', 64));
  });

  it('gives pix2pix\'s unet_256 about 12.1 GFLOP per frame, as seed-algorithms §1.2 counts it', () => {
    expect((2 * generatorMacs('standard', 256)) / 1e9).toBeCloseTo(12.1, 1);
  });
});

describe('predictSeconds', () => {
  it('knows nothing before a case is measured', () => {
    expect(predictSeconds([], 'tiny', 64)).toBeUndefined();
  });

  it('scales the nearest measured case by MACs', () => {
    const measured = [{ preset: 'tiny', size: 64, seconds: 0.5 }, { preset: 'tiny', size: 128, seconds: 3 }] as const;
    expect(predictSeconds(measured, 'tiny', 256)).toBeCloseTo(12, 10);
    expect(predictSeconds(measured, 'tiny', 32)).toBeCloseTo(0.125, 10);
  });
});

describe('chooseMode', () => {
  const limits = { timed: 8, single: 45 };

  it('repeats what is unknown or quick, runs the slow once and skips the slowest, saying why', () => {
    expect(chooseMode(undefined, limits)).toEqual({ mode: 'timed' });
    expect(chooseMode(8, limits)).toEqual({ mode: 'timed' });
    expect(chooseMode(21.34, limits)).toEqual({ mode: 'single', reason: 'predicted 21.3 s a run, over the 8 s for repeated runs: one run, warm-up included' });
    expect(chooseMode(85.3, limits)).toEqual({ mode: 'skip', reason: 'predicted 85.3 s a run, over the 45 s cap' });
  });
});

describe('BENCH_CONFIGS', () => {
  it('measures webgpu with the naive conv2dTranspose flag on and off, then webgl and cpu', () => {
    expect(BENCH_CONFIGS.map(configLabel)).toEqual([
      'webgpu (naive conv2dTranspose on)', 'webgpu (naive conv2dTranspose off)', 'webgl', 'cpu',
    ]);
  });
});
