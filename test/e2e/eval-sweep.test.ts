import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/lib/app-server';
import { ensureEvalBuild } from '../../scripts/lib/eval-build';
import type { SweepTable } from '../../scripts/lib/sweep-table';
import { E2E_EVAL_DIST } from './global-setup';
import { clipPath } from '../helpers/clips';

const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const DIR = path.join(ROOT, 'test-results', 'eval-sweep');

interface Run { readonly code: number | null; readonly stdout: string; readonly stderr: string }

/** `npm run eval -- …args`, as docs/eval.md's local example runs it. */
function evaluate(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ['scripts/eval.ts', ...args], { cwd: ROOT, env: { ...process.env, FORCE_COLOR: '0', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`eval timed out:\n${stdout}\n${stderr}`)); }, 300_000);
    child.on('error', reject);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

describe('npm run eval as a sweep', () => {
  // Built once, before the shares start side by side: the eval page is a tool, not part of the app's build.
  beforeAll(() => ensureEvalBuild(E2E_EVAL_DIST, (line) => console.log(`[e2e] ${line}`)), 300_000);
  it('runs two tiny cells as two shares side by side (one through JOB_COMPLETION_INDEX), resumes, and merges them into one table', async () => {
    rmSync(DIR, { recursive: true, force: true });
    mkdirSync(DIR, { recursive: true });
    const part = (i: number) => path.join(DIR, `part-${i}.jsonl`);
    const sweep = [
      '--clips', clipPath('box.webm'), '--seeds', '1,2', '--size', '32', '--steps', '2', '--frames', '20', '--cycles', '2', '--held-out-every', '1',
      // The loop features are pinned (the eval's defaults move as the development set decides).
      '--colour-coherence', '0.5', '--colour-match', 'lab', '--loop-noise', '0',
      '--loop-variants', 'colour-coherence=1', '--backend', 'cpu', '--dist', E2E_EVAL_DIST, '--video', path.join(DIR, 'videos'), '--of', '2',
    ];
    // docs/eval.md: one process per share, as a batch engine would start them.
    const [first, second] = await Promise.all([
      evaluate([...sweep, '--cell', '0', '--results', part(0)]),
      evaluate([...sweep, '--results', part(1)], { JOB_COMPLETION_INDEX: '1' }),
    ]);
    expect(first.code, first.stderr).toBe(0);
    expect(second.code, second.stderr).toBe(0);
    expect(first.stderr).toContain('sweep: 2 cells in all; this run has cells 0, 2, … of 2 (share 0 of 2): 1 cells, 0 already in');
    expect(second.stderr).toContain('[1: box.webm seed 2 living] feedback: rollout frame 20/20');
    // --cycles changes the recipe, so the table names it beside the recipe, and the loop
    // features after it.
    expect(first.stdout).toContain('| box.webm | 1 | living (cycles 2) + colour coherence 0.5 | 20 |');
    expect(first.stdout).not.toContain('| box.webm | 2 |');
    const lines = readFileSync(part(0), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ index: 0, clip: 'box.webm', seed: 1, recipe: 'living' });
    // --video: the rollout and its loop variant, each a WebM.
    expect(existsSync(path.join(DIR, 'videos', 'box-seed1-living-feedback.webm'))).toBe(true);
    expect(existsSync(path.join(DIR, 'videos', 'box-seed2-living-feedback-colour-coherence-1.webm'))).toBe(true);

    // Run again: the cell is in its results file, so nothing trains.
    const again = await evaluate([...sweep, '--cell', '0', '--results', part(0)]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('1 cells, 1 already in');
    expect(again.stderr).not.toContain('training');
    expect(readFileSync(part(0), 'utf8').trim().split('\n')).toHaveLength(1);

    const table = path.join(DIR, 'table.json');
    const merged = await evaluate(['--merge', part(0), part(1), '--out', table]);
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout).toContain('| box.webm | 1 | living (cycles 2) + colour coherence 0.5 | 20 |');
    expect(merged.stdout).toContain('| box.webm | 2 | living (cycles 2) + colour coherence 0.5 | 20 |');
    expect(merged.stdout).toContain('| box.webm | 2 | living (cycles 2) + colour coherence 1 | 20 |');
    const json = JSON.parse(readFileSync(table, 'utf8')) as SweepTable;
    expect(json.cells).toHaveLength(4);
    expect(json.medians['living (cycles 2) + colour coherence 0.5']).toMatchObject({ cells: 2 });
    expect(json.medians['living (cycles 2) + colour coherence 1']).toMatchObject({ cells: 2 });
    expect(json.failed).toEqual([]);
  }, 420_000);

  it('refuses a merge of files that hold no cells', async () => {
    const run = await evaluate(['--merge', path.join(DIR, 'none.jsonl')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`note: ${path.join(DIR, 'none.jsonl')}: no such file`);
    expect(run.stderr).toContain('eval: the results files hold no cells');
  });
});
