import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/lib/app-server';
import { ensureEvalBuild } from '../../scripts/lib/eval-build';
import type { EvalReport } from '../../tools/eval/eval-types';
import { E2E_EVAL_DIST } from './global-setup';
import { clipPath } from '../helpers/clips';

const CLIP = clipPath('box.webm');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const DIR = path.join(ROOT, 'test-results', 'eval');

interface Run { readonly code: number | null; readonly stdout: string; readonly stderr: string }

/** Runs `tsx scripts/eval.ts …args` as `npm run eval -- …args` does. */
function evaluate(args: readonly string[], timeoutMs = 120_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ['scripts/eval.ts', ...args], { cwd: ROOT, env: { ...process.env, FORCE_COLOR: '0' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`eval timed out:\n${stdout}\n${stderr}`)); }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

describe('npm run eval', () => {
  // Built once, before the runs: the eval page is a tool, not part of the app's build.
  beforeAll(() => ensureEvalBuild(E2E_EVAL_DIST, (line) => console.log(`[e2e] ${line}`)), 300_000);
  mkdirSync(DIR, { recursive: true });

  it('trains both models on a clip on a tiny budget and prints the report as JSON on stdout, progress on stderr', async () => {
    const out = path.join(DIR, 'box-report.json');
    rmSync(out, { force: true });
    // Two cycles of one step: the feedback model builds its drifted pairs once, before step 2.
    const run = await evaluate([
      '--clip', CLIP, '--recipe', 'pix2pix', '--size', '32', '--steps', '2', '--frames', '20', '--cycles', '2', '--backend', 'cpu', '--out', out, '--dist', E2E_EVAL_DIST,
      '--restoration', '--online', '--swap-every', '10', '--online-steps', '1',
    ], 360_000);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as EvalReport;
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(report);
    expect(run.stderr).toContain('decoded 454/454 frames');
    expect(run.stderr).toContain('plain: step 2/2');
    expect(run.stderr).toContain('feedback: rollout frame 20/20');

    expect(report.clip).toMatchObject({ name: 'box.webm', frames: 454, width: 256, height: 192, codec: 'vp9' });
    expect(report.settings).toMatchObject({ size: 32, steps: 2, frames: 20, seed: 1, preset: 'tiny', backend: 'cpu', gap: 1, jobs: 2 });
    // 80 % of 454 is 363.2: frames 0…362 train, 363…453 are held out.
    expect(report.split).toEqual({ train: [0, 362], heldOut: [363, 453], heldOutPairs: 90 });
    expect(report.copyLastFrame.psnr).toBeGreaterThan(20);
    expect(report.copyLastFrame.ssim).toBeGreaterThan(0.5);
    for (const key of ['plain', 'feedback'] as const) {
      const model = report.models[key]!;
      expect(model.feedbackPairs).toBe(key === 'feedback');
      expect(model.training.finalLosses['l1']).toBeGreaterThan(0);
      expect(model.oneStep.psnr).toBeGreaterThan(0);
      expect(model.oneStep.psnrGainOverCopyLast).toBeCloseTo(model.oneStep.psnr - report.copyLastFrame.psnr, 2);
      // --frames 20 is under the 50-frame spacing: the one point is the last frame.
      expect(model.rollout.startFrame).toBe(363);
      expect(model.rollout.points).toHaveLength(1);
      expect(model.rollout.points[0]).toMatchObject({ frame: 20, nanCount: 0 });
      expect(model.rollout.points[0]!.gradientEnergyRatio).toBeGreaterThan(0);
      expect(model.rollout.points[0]!.histogramDistance).toBeGreaterThanOrEqual(0);
      expect(model.rollout.points[0]!.coarseGradientEnergyRatio).toBeGreaterThan(0);
      expect(model.rollout.points[0]!.coarseMeanAbsChangeRatio).toBeGreaterThanOrEqual(0);
      // --restoration: a restorer trained against this generator, the loop G → R scored the same way.
      expect(model.restored?.training.finalLosses['l1']).toBeGreaterThan(0);
      expect(model.restored?.rollout.points).toHaveLength(1);
      expect(model.restored?.rollout.points[0]).toMatchObject({ frame: 20, nanCount: 0 });
      expect(model.restored?.oneStep.psnr).not.toBe(model.oneStep.psnr);
      // --online: 20 frames, a swap every 10 with 1 train step before each (each step past the
      // 2-step run starts a new 1-step cycle, so the feedback model rebuilds its drifted pairs each time).
      expect(model.online).toMatchObject({ swaps: 2, trainStepsDuringRollout: 2 });
      expect(model.online?.rollout.points[0]).toMatchObject({ frame: 20, nanCount: 0 });
    }
    expect(run.stderr).toContain('feedback + restoration: rollout frame 20/20');
    expect(run.stderr).toContain('plain online: rollout frame 20/20');
    expect(report.summary.restoration).toBeDefined();
    expect(report.summary.online).toEqual({ swaps: 4, tensorCountFlat: true, framesWithNaN: 0 });
    // Same seed and steps: the two runs differ only once the drifted pairs come in at step 2.
    expect(report.models.plain!.training.finalLosses).not.toEqual(report.models.feedback.training.finalLosses);
    expect(report.summary.atFrame).toBe(20);
    // Two steps cannot make a living loop; the verdict says why in words.
    expect(report.summary.feedbackLoop.lives).toBe(false);
    expect(report.summary.feedbackLoop.failures.length).toBeGreaterThan(0);
    expect(report.source.coarseGradientEnergy).toBeGreaterThan(0);
  }, 420_000);

  it('refuses bad arguments with exit code 2 and the usage', async () => {
    const run = await evaluate(['--clip', CLIP, '--size', '48']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('eval: --size must be one of 32, 64, 128, 256, got "48"');
    expect(run.stderr).toContain('Usage: npm run eval');
    expect(run.stdout).toBe('');
  });

  it('refuses a missing clip with exit code 1 before starting a browser', async () => {
    const missing = path.join(DIR, 'no-such-clip.webm');
    const run = await evaluate(['--clip', missing]);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n').at(-1)).toBe(`eval: cannot read the clip ${missing}: no such file`);
  });

  it('refuses a file that is not a video with the app\'s own message', async () => {
    const fake = path.join(DIR, 'notes.webm');
    writeFileSync(fake, 'these are notes, not a video\n'.repeat(20));
    const run = await evaluate(['--clip', fake, '--size', '32', '--steps', '1', '--backend', 'cpu', '--dist', E2E_EVAL_DIST]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/eval: .*notes\.webm.*(not a video|text)/i);
    expect(run.stdout).toBe('');
  });
});
