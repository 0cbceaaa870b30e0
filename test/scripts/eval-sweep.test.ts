import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appendResult, cellKey, inPool, parseSweepArgs, readResults } from '../../scripts/lib/eval-sweep';
import type { SweepArgs, SweepLine } from '../../scripts/lib/eval-sweep';
import { median, sweepMarkdown, sweepTable } from '../../scripts/lib/sweep-table';
import type { EvalReport, RolloutPoint } from '../../tools/eval/eval-types';

const dir = mkdtempSync(path.join(tmpdir(), 'nfp-eval-sweep-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sweepOf(argv: string[], env: NodeJS.ProcessEnv = {}): Extract<SweepArgs, { mode: 'sweep' }> {
  const parsed = parseSweepArgs(argv, env, '/w');
  if (parsed.ok !== true || parsed.value.mode !== 'sweep') throw new Error(JSON.stringify(parsed));
  return parsed.value;
}

describe('parseSweepArgs', () => {
  it('leaves a single run to parseEvalArgs', () => {
    expect(parseSweepArgs(['--clip', 'a.webm', '--seed', '3'], {}, '/w')).toEqual({ ok: true, value: { mode: 'single', argv: ['--clip', 'a.webm', '--seed', '3'] } });
  });

  it('makes every clip × seed × recipe a cell, in that order, each parsed with the shared flags and the feedback model alone', () => {
    const sweep = sweepOf(['--clips', 'a.webm,b.webm', '--seeds=1,2', '--recipes', 'living,pix2pix', '--size', '32', '--jobs', '3']);
    expect(sweep.total).toBe(8);
    expect(sweep.jobs).toBe(3);
    expect(sweep.results).toBe('/w/eval-sweep.jsonl');
    expect(sweep.cells.map((c) => [c.index, path.basename(c.options.clip), c.options.seed, c.options.recipe])).toEqual([
      [0, 'a.webm', 1, 'living'], [1, 'a.webm', 1, 'pix2pix'], [2, 'a.webm', 2, 'living'], [3, 'a.webm', 2, 'pix2pix'],
      [4, 'b.webm', 1, 'living'], [5, 'b.webm', 1, 'pix2pix'], [6, 'b.webm', 2, 'living'], [7, 'b.webm', 2, 'pix2pix'],
    ]);
    expect(sweep.cells.every((c) => c.options.size === 32 && c.options.models === 'feedback')).toBe(true);
    expect(new Set(sweep.cells.map((c) => c.key)).size).toBe(8);
  });

  it('runs one share of the cells with --cell I --of N, or the Indexed Job\'s JOB_COMPLETION_INDEX', () => {
    const argv = ['--clips', 'a.webm,b.webm,c.webm', '--seeds', '1,2', '--results', 'part.jsonl'];
    expect(sweepOf([...argv, '--cell', '1', '--of', '4']).cells.map((c) => c.index)).toEqual([1, 5]);
    const byIndex = sweepOf([...argv, '--of', '4'], { JOB_COMPLETION_INDEX: '2' });
    expect(byIndex.cells.map((c) => c.index)).toEqual([2]);
    expect(byIndex.results).toBe('/w/part.jsonl');
    expect(byIndex.share).toBe('cells 2, 6, … of 6 (share 2 of 4)');
  });

  it('keys a cell by its clip and every setting that changes its numbers, not by where output goes', () => {
    const key = (...extra: string[]) => sweepOf(['--clips', 'a.webm', ...extra]).cells[0]!.key;
    expect(key()).toMatch(/^a\.webm\|seed 1\|living\|[0-9a-f]{12}$/);
    expect(key('--jobs', '2', '--dist', 'x', '--results', 'r.jsonl')).toBe(key());
    expect(key('--steps', '50')).not.toBe(key());
    expect(key('--loop-variants', 'colour-coherence=0.5')).not.toBe(key());
    expect(cellKey(sweepOf(['--clips', 'a.webm']).cells[0]!.options)).toBe(key());
    // The colour match is keyed only away from the Lab match that results from before it used:
    // options as they were then (no colour match anywhere) keep their key.
    const lab = sweepOf(['--clips', 'a.webm', '--colour-match', 'lab', '--loop-variants', 'colour-coherence=0.5']).cells[0]!.options;
    const { colourMatch: _match, ...older } = lab;
    const variants = lab.loopVariants.map(({ colourMatch: _variantMatch, ...features }) => features);
    expect(cellKey({ ...older, loopVariants: variants } as unknown as typeof lab)).toBe(cellKey(lab));
    expect(key('--colour-match', 'histogram')).not.toBe(key('--colour-match', 'lab'));
    expect(key('--loop-variants', 'colour-coherence=0.5,colour-match=histogram')).not.toBe(key('--loop-variants', 'colour-coherence=0.5,colour-match=lab'));
  });

  it.each([
    [['--clips', 'a.webm', '--clip', 'b.webm'], 'give --clips or --clip, not both'],
    [['--clips', 'a.webm,,b.webm'], '--clips takes a comma-separated list without empty items, got "a.webm,,b.webm"'],
    [['--clips', 'a.webm', '--out', 'r.json'], 'a sweep writes its reports to --results FILE (JSON lines); --out names a single run\'s report or a merged table'],
    [['--clips', 'a.webm', '--cell', '1'], '--cell I needs --of N (how many shares the sweep is cut into)'],
    [['--clips', 'a.webm', '--of', '2'], '--of N needs --cell I, or JOB_COMPLETION_INDEX in the environment'],
    [['--clips', 'a.webm', '--cell', '2', '--of', '2'], 'the cell index must be a whole number from 0 to 1, got "2"'],
    [['--clips', 'a.webm', '--seeds', '1,x'], '--seed must be a whole number from 0 to 2147483647, got "x"'],
    [['--clips', 'a.webm', '--recipes', 'living,henry'], '--recipe must be living or pix2pix, got "henry"'],
    [['--merge'], '--merge needs one or more results files'],
    [['--merge', 'a.jsonl', '--size', '32'], '--merge takes results files and, optionally, --out FILE; nothing else'],
  ])('refuses %j: %s', (argv, error) => {
    expect(parseSweepArgs(argv, {}, '/w')).toEqual({ ok: false, error });
  });

  it('reads a merge of several files', () => {
    expect(parseSweepArgs(['--merge', 'a.jsonl', 'b.jsonl', '--out', 't.json'], {}, '/w')).toEqual({ ok: true, value: { mode: 'merge', files: ['/w/a.jsonl', '/w/b.jsonl'], out: '/w/t.json' } });
  });
});

function report(oneStepDb: number, last: Partial<RolloutPoint>, variants: EvalReport['models']['feedback']['variants'] = undefined): EvalReport {
  const point = { frame: 1000, gradientEnergyRatio: 1, meanAbsChangeRatio: 1, coarseGradientEnergyRatio: 1, coarseMeanAbsChangeRatio: 1, histogramDistance: 0.2, nanCount: 0, ...last };
  const rollout = { startFrame: 8, framesWithNaN: 0, seconds: 1, points: [{ ...point, frame: 100 }, { ...point, frame: 300 }, { ...point, frame: 950 }, point] };
  return {
    settings: { colourCoherence: 0, loopNoise: 0 },
    source: { frameHistogramDistance: 0.1 },
    models: { feedback: { oneStep: { psnrGainOverCopyLast: oneStepDb }, rollout, ...(variants ? { variants } : {}) } },
    summary: { feedbackLoop: { lives: oneStepDb >= -0.5 && (last.meanAbsChangeRatio ?? 1) >= 0.5, failures: [] } },
    seconds: { total: 60 },
  } as unknown as EvalReport;
}

const line = (index: number, clip: string, seed: number, recipe: string, r?: EvalReport, error?: string): SweepLine =>
  ({ key: `${clip}|seed ${seed}|${recipe}|k`, index, clip, seed, recipe, ...(r ? { report: r } : {}), ...(error ? { error } : {}) });

describe('results files', () => {
  it('append whole lines, resume on them, let a report outrank an error and name a line cut off by a kill', () => {
    const file = path.join(dir, 'r.jsonl');
    appendResult(file, line(0, 'a.webm', 1, 'living', undefined, 'page crashed'));
    appendResult(file, line(0, 'a.webm', 1, 'living', report(0, {})));
    appendResult(file, line(0, 'a.webm', 1, 'living', undefined, 'a later failure'));
    writeFileSync(file, `${readFileSync(file, 'utf8')}{"key":"cut`);
    const { lines, problems } = readResults([file, path.join(dir, 'none.jsonl')]);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.report).toBeDefined();
    expect(problems).toEqual([expect.stringMatching(/r\.jsonl:4: not a results line/), `${path.join(dir, 'none.jsonl')}: no such file`]);
  });
});

describe('the sweep table', () => {
  it('lists every cell and its loop variants, and the medians per setting over all cells', () => {
    const variant = { colourCoherence: 0.5, loopNoise: 0, rollout: report(0, { histogramDistance: 0.1 }).models.feedback.rollout };
    const table = sweepTable([
      line(1, 'b.webm', 1, 'living', report(-0.2, { meanAbsChangeRatio: 0.8, histogramDistance: 0.6 }, [variant])),
      line(0, 'a.webm', 1, 'living', report(-0.4, { meanAbsChangeRatio: 0.6 })),
      line(2, 'a.webm', 2, 'living', report(-1, { meanAbsChangeRatio: 0.1 })),
      line(3, 'a.webm', 1, 'pix2pix', undefined, 'out of memory'),
    ]);
    expect(table.cells.map((c) => [c.clip, c.seed, c.recipe, c.lives])).toEqual([
      ['a.webm', 1, 'living', true], ['b.webm', 1, 'living', true], ['b.webm', 1, 'living + colour coherence 0.5', true], ['a.webm', 2, 'living', false],
    ]);
    expect(table.cells[0]!.points.map((p) => p.frame)).toEqual([100, 300, 1000]);
    const living = table.medians['living']!;
    expect(living).toMatchObject({ cells: 3, livingCells: 2, clipsLivingInMostSeeds: '1/2', oneStepDb: -0.4 });
    expect(living.points.find((p) => p.frame === 1000)).toMatchObject({ motion: 0.6, colour: 0.2 });
    expect(table.medians['living + colour coherence 0.5']).toMatchObject({ cells: 1, livingCells: 1 });
    expect(table.failed).toEqual([{ key: 'a.webm|seed 1|pix2pix|k', error: 'out of memory' }]);
    const markdown = sweepMarkdown(table);
    expect(markdown).toContain('| a.webm | 2 | living | 1000 | -1.00 | 1.00 | 0.10 | 1.00 | 1.00 | 0.20 | 0.30 | no |');
    expect(markdown).toContain('| living | 3 | 2 | 1/2 | -0.40 | 100 |');
    expect(markdown).toContain('- a.webm|seed 1|pix2pix|k: out of memory');
  });

  it('takes medians over known values only', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, null, 1, 2, 3])).toBe(2.5);
    expect(median([null])).toBeNull();
  });
});

describe('inPool', () => {
  it('never runs more than `jobs` at once and runs every item', async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    await inPool([1, 2, 3, 4, 5], 2, async (item) => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, 5 * item));
      done.push(item);
      running--;
    });
    expect(most).toBe(2);
    expect(done.sort()).toEqual([1, 2, 3, 4, 5]);
  });
});
