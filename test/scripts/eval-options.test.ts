import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultParams } from '../../src/core';
import { nextFrameGenerator } from '../../src/nodes/next-frame-generator';
import { clipProblem, EVAL_DEFAULTS, outProblem, parseEvalArgs, USAGE } from '../../scripts/lib/eval-options';
import { EVAL_RECIPES, recipeSlug } from '../../tools/eval/eval-recipes';

const dir = mkdtempSync(path.join(tmpdir(), 'nfp-eval-options-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parseEvalArgs', () => {
  it('reads every option, in both --name value and --name=value forms', () => {
    const parsed = parseEvalArgs([
      '--clip', 'clips/a.webm', '--size=32', '--steps', '120', '--frames', '60', '--seed', '9', '--backend', 'webgl',
      '--preset', 'small', '--batch', '2', '--cycles', '3', '--jobs', '1', '--out', 'r.json', '--dist', 'build',
      '--restoration', '--online', '--swap-every', '25', '--online-steps=10', '--predicts', 'change', '--upsample', 'resize', '--full-res-skip', '--no-jitter',
      '--frame-loss', 'l2', '--frame-weight', '250', '--adv-weight=0.05',
      '--drift-depth', '7', '--drift-starts', '0', '--long-drifts', '3', '--long-drift-depth', '300', '--held-out', '15', '--held-out-every=40', '--dropout-in-loop',
    ], '/work');
    expect(parsed).toEqual({
      ok: true,
      options: {
        clip: '/work/clips/a.webm', size: 32, steps: 120, frames: 60, seed: 9, backend: 'webgl',
        preset: 'small', batch: 2, cycles: 3, driftDepth: 7, driftStarts: 0, longDrifts: 3, longDriftDepth: 300, jobs: 1, out: '/work/r.json', dist: '/work/build',
        predicts: 'change', upsample: 'resize', fullResSkip: true, jitter: false, frameLoss: 'L2', frameWeight: 250, adversarialWeight: 0.05, statisticsWeight: 0, restorerPredicts: 'change', restoration: true, online: true, swapEvery: 25, onlineSteps: 10, arch: 'pix2pix',
        heldOut: 15, heldOutEvery: 40, keepBest: false, bestBy: 'loop', dropoutInLoop: true,
        recipe: 'living', models: 'both', colourCoherence: 1, colourMatch: 'histogram', loopNoise: 0.005, loopVariants: [], video: false, videoDir: undefined,
      },
    });
  });

  it('keeps the weights by the held-out loop when asked', () => {
    const parsed = parseEvalArgs(['--clip', '/c.mp4', '--held-out', '10', '--keep-best', '--best-by', 'loop']);
    expect(parsed).toMatchObject({ ok: true, options: { heldOut: 10, keepBest: true, bestBy: 'loop' } });
  });

  it('fills in the defaults from the node\'s default recipe and leaves the backend to the page', () => {
    const parsed = parseEvalArgs(['--clip', '/c.mp4']);
    expect(parsed).toEqual({
      ok: true,
      options: {
        clip: '/c.mp4', size: 64, steps: 300, frames: 1000, seed: 1, preset: 'tiny', batch: 4, recipe: 'living', models: 'both', restorerPredicts: 'change',
        swapEvery: 50, onlineSteps: 20, arch: 'pix2pix', heldOutEvery: 50, colourCoherence: 1, colourMatch: 'histogram', loopNoise: 0.005,
        ...EVAL_RECIPES.get('living')!.settings,
        backend: undefined, jobs: undefined, out: undefined, dist: undefined, videoDir: undefined, video: false, loopVariants: [], restoration: false, online: false,
      },
    });
    // The recipe is the node's: its default one, with held-out frames, keeps the best loop's weights as the node does when a run ends.
    const node = defaultParams(nextFrameGenerator.params);
    expect(EVAL_DEFAULTS.recipe).toBe(recipeSlug(node.recipe));
    expect(parsed).toMatchObject({ ok: true, options: { predicts: node.output, frameLoss: node.frameLoss, driftDepth: node.driftDepth, heldOut: node.heldOut, keepBest: true, bestBy: 'loop' } });
  });

  it('starts from another recipe, and flags override any part of it', () => {
    const pix2pix = parseEvalArgs(['--clip', '/c.mp4', '--recipe', 'pix2pix']);
    expect(pix2pix).toMatchObject({ ok: true, options: { recipe: 'pix2pix', predicts: 'frame', frameLoss: 'L1', adversarialWeight: 1, jitter: true, fullResSkip: false, driftDepth: 14, longDrifts: 2 } });
    const custom = parseEvalArgs(['--clip', '/c.mp4', '--recipe', 'PIX2PIX', '--no-jitter', '--full-res-skip', '--keep-last', '--frame-loss', 'l2']);
    expect(custom).toMatchObject({ ok: true, options: { recipe: 'pix2pix', jitter: false, fullResSkip: true, keepBest: false, frameLoss: 'L2', predicts: 'frame' } });
    expect(parseEvalArgs(['--clip', '/c.mp4', '--jitter', '--no-jitter'])).toEqual({ ok: false, error: '--jitter and --no-jitter contradict each other' });
    expect(parseEvalArgs(['--clip', '/c.mp4', '--recipe', 'henry'])).toEqual({ ok: false, error: '--recipe must be living or pix2pix, got "henry"' });
  });

  it('reads the loop features, the models and the video folder', () => {
    expect(parseEvalArgs(['--clip', 'c.webm', '--colour-coherence', '0.5', '--loop-noise=0.02', '--models', 'feedback', '--video', 'v'], '/w')).toMatchObject({
      ok: true, options: { colourCoherence: 0.5, loopNoise: 0.02, models: 'feedback', video: true, videoDir: '/w/v' },
    });
    expect(parseEvalArgs(['--clip', 'c.webm', '--colour-coherence', '2'])).toEqual({ ok: false, error: '--colour-coherence must be a number from 0 to 1, got "2"' });
    expect(parseEvalArgs(['--clip', 'c.webm', '--models', 'plain'])).toEqual({ ok: false, error: '--models must be both or feedback, got "plain"' });
  });

  it('reads how colour coherence matches, for the run and for each loop variant', () => {
    const parsed = parseEvalArgs(['--clip', 'c.webm', '--colour-match', 'histogram', '--loop-variants', 'colour-coherence=1;colour-coherence=0.5,colour-match=lab,loop-noise=0.01']);
    expect(parsed).toMatchObject({
      ok: true,
      options: {
        colourMatch: 'histogram',
        loopVariants: [{ colourCoherence: 1, loopNoise: 0, colourMatch: 'histogram' }, { colourCoherence: 0.5, loopNoise: 0.01, colourMatch: 'lab' }],
      },
    });
    expect(parseEvalArgs(['--clip', 'c.webm', '--colour-match', 'hsv'])).toEqual({ ok: false, error: '--colour-match must be lab or histogram, got "hsv"' });
    expect(parseEvalArgs(['--clip', 'c.webm', '--loop-variants', 'colour-match=hsv'])).toMatchObject({ ok: false, error: expect.stringContaining('colour-match, lab or histogram') });
  });

  it('asks for help', () => {
    expect(parseEvalArgs(['--clip', 'a.webm', '--help'])).toEqual({ ok: 'help' });
    expect(parseEvalArgs(['-h'])).toEqual({ ok: 'help' });
    expect(USAGE).toContain('--clip FILE');
  });

  it.each([
    [[], '--clip <video file> is required'],
    [['a.webm'], 'unexpected argument "a.webm" (name the clip with --clip)'],
    [['--clip'], '--clip needs a value'],
    [['--clip', '--size', '64'], '--clip needs a value'],
    [['--clip', 'a.webm', '--colour', 'red'], 'unknown option --colour'],
    [['--clip', 'a.webm', '--clip', 'b.webm'], '--clip is given twice'],
    [['--clip', 'a.webm', '--size', '48'], '--size must be one of 32, 64, 128, 256, got "48"'],
    [['--clip', 'a.webm', '--size', '64px'], '--size must be one of 32, 64, 128, 256, got "64px"'],
    [['--clip', 'a.webm', '--steps', '0'], '--steps must be a whole number from 1 to 1000000, got "0"'],
    [['--clip', 'a.webm', '--steps', '2.5'], '--steps must be a whole number from 1 to 1000000, got "2.5"'],
    [['--clip', 'a.webm', '--frames', '-3'], '--frames must be a whole number from 1 to 100000, got "-3"'],
    [['--clip', 'a.webm', '--frames=-3'], '--frames must be a whole number from 1 to 100000, got "-3"'],
    [['--clip', 'a.webm', '--seed', 'abc'], '--seed must be a whole number from 0 to 2147483647, got "abc"'],
    [['--clip', 'a.webm', '--batch', '65'], '--batch must be a whole number from 1 to 64, got "65"'],
    [['--clip', 'a.webm', '--jobs', '17'], '--jobs must be a whole number from 1 to 16, got "17"'],
    [['--clip', 'a.webm', '--backend', 'wasm'], '--backend must be webgpu, webgl or cpu, got "wasm"'],
    [['--clip', 'a.webm', '--preset', 'huge'], '--preset must be tiny, small or standard, got "huge"'],
    [['--clip', 'a.webm', '--online=yes'], '--online takes no value'],
    [['--clip', 'a.webm', '--predicts', 'delta'], '--predicts must be frame, change or motion, got "delta"'],
    [['--clip', 'a.webm', '--upsample', 'bilinear'], '--upsample must be transposed or resize, got "bilinear"'],
    [['--clip', 'a.webm', '--long-drift-depth', '1'], '--long-drift-depth must be a whole number from 2 to 500, got "1"'],
    [['--clip', 'a.webm', '--frame-loss', 'L3'], '--frame-loss must be L1, L2 or PSNR, got "L3"'],
    [['--clip', 'a.webm', '--frame-weight', 'lots'], '--frame-weight must be a number ≥ 0, got "lots"'],
    [['--clip', 'a.webm', '--adv-weight=-1'], '--adv-weight must be a number ≥ 0, got "-1"'],
    [['--clip', 'a.webm', '--adv-weight='], '--adv-weight must be a number ≥ 0, got ""'],
    [['--clip', 'a.webm', '--swap-every', '0'], '--swap-every must be a whole number from 1 to 100000, got "0"'],
    [['--clip', 'a.webm', '--held-out', '60'], '--held-out must be a whole number from 0 to 50, got "60"'],
    [['--clip', 'a.webm', '--held-out', '0', '--keep-best'], '--keep-best picks weights by their held-out loss: give --held-out P (e.g. 10) too'],
    [['--clip', 'a.webm', '--keep-last', '--best-by', 'loop'], '--best-by says what --keep-best keeps: add --keep-best'],
    [['--clip', 'a.webm', '--held-out', '10', '--keep-best', '--best-by', 'psnr'], '--best-by must be loss or loop, got "psnr"'],
    [['--clip', 'a.webm', '--keep-best', '--held-out', '10', '--online'], '--keep-best and --online cannot go together: online learning continues from the last weights, not the kept ones'],
    [['--clip', 'a.webm', '--held-out', '10', '--arch', 'multiscale'], '--held-out and --keep-best evaluate pix2pix generators; leave them out with --arch multiscale'],
    [['--clip', 'a.webm', '--dropout-in-loop', '--arch', 'both'], "--dropout-in-loop runs pix2pix generators' dropout in their loops; leave it out with --arch both"],
    [['--clip', 'a.webm', '--dropout-in-loop=yes'], '--dropout-in-loop takes no value'],
  ])('refuses %j: %s', (argv, error) => {
    expect(parseEvalArgs(argv)).toEqual({ ok: false, error });
  });
});

describe('clipProblem', () => {
  it('accepts a readable file', () => {
    const file = path.join(dir, 'clip.webm');
    writeFileSync(file, 'not really a video, but readable');
    expect(clipProblem(file)).toBeNull();
  });

  it('names a missing file, a folder and an empty file', () => {
    expect(clipProblem(path.join(dir, 'nope.webm'))).toBe(`cannot read the clip ${path.join(dir, 'nope.webm')}: no such file`);
    expect(clipProblem(dir)).toBe(`cannot read the clip ${dir}: it is a folder`);
    const empty = path.join(dir, 'empty.webm');
    writeFileSync(empty, '');
    expect(clipProblem(empty)).toBe(`cannot read the clip ${empty}: the file is empty`);
  });

  it.skipIf(process.getuid?.() === 0)('names a file it may not read', () => {
    const locked = path.join(dir, 'locked.webm');
    writeFileSync(locked, 'x');
    chmodSync(locked, 0o000);
    expect(clipProblem(locked)).toBe(`cannot read the clip ${locked}: permission denied`);
  });
});

describe('outProblem', () => {
  it('accepts a new file in an existing folder', () => {
    expect(outProblem(path.join(dir, 'report.json'))).toBeNull();
  });

  it('names a missing folder and a folder in the way', () => {
    const missing = path.join(dir, 'no-folder', 'r.json');
    expect(outProblem(missing)).toBe(`cannot write ${missing}: the folder ${path.dirname(missing)} does not exist`);
    const folder = path.join(dir, 'a-folder');
    mkdirSync(folder);
    expect(outProblem(folder)).toBe(`cannot write ${folder}: it is a folder`);
  });
});
