// A sweep: the eval run once per cell (clip × seed × recipe), cells side by side up to --jobs,
// each cell's report appended to a JSON-lines results file as it ends. Cells already in the file
// are skipped, so a stopped sweep resumes; --cell I --of N (or a Kubernetes Indexed Job's
// JOB_COMPLETION_INDEX) runs one share of the cells, so any batch engine can spread a sweep
// over machines, and --merge turns their files into one table (sweep-table.ts).
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { EvalReport } from '../../tools/eval/eval-types';
import { parseEvalArgs } from './eval-options';
import type { EvalOptions } from './eval-options';
import { errorMessage } from '../../src/core';

export interface SweepCell {
  /** Place in the full list of cells (clips, then seeds, then recipes), the same on every machine. */
  readonly index: number;
  /** Identifies the cell's clip and every setting that changes its numbers: resuming matches on it. */
  readonly key: string;
  readonly options: EvalOptions;
}

/** One line of a results file. */
export interface SweepLine {
  readonly key: string;
  readonly index: number;
  readonly clip: string;
  readonly seed: number;
  readonly recipe: string;
  readonly report?: EvalReport;
  readonly error?: string;
}

export type SweepArgs =
  | { readonly mode: 'single'; readonly argv: readonly string[] }
  | { readonly mode: 'merge'; readonly files: readonly string[]; readonly out: string | undefined }
  | { readonly mode: 'sweep'; readonly cells: readonly SweepCell[]; readonly total: number; readonly results: string; readonly jobs: number | undefined; readonly share: string };

type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string } | { readonly ok: 'help' };

export const DEFAULT_RESULTS = 'eval-sweep.jsonl';
const LIST_FLAGS = { clips: 'clip', seeds: 'seed', recipes: 'recipe' } as const;
type ListFlag = keyof typeof LIST_FLAGS;
const SWEEP_FLAGS = ['results', 'cell', 'of'] as const;

/**
 * Splits the sweep's own flags from the run's: with none of them it is a single run (argv goes
 * to parseEvalArgs as it is); with --merge a merge; else a sweep, every cell parsed and checked
 * before any runs. `env` gives JOB_COMPLETION_INDEX.
 */
export function parseSweepArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Parsed<SweepArgs> {
  const lists = new Map<ListFlag, string[]>();
  const own = new Map<(typeof SWEEP_FLAGS)[number], string>();
  const rest: string[] = [];
  let merge: string[] | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return { ok: 'help' };
    const [name, inline] = arg.startsWith('--') ? (arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined]) : ['', undefined];
    if (name === 'merge') {
      merge = inline === undefined ? [] : [inline];
      while (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) merge.push(argv[++i]!);
      continue;
    }
    const isList = name in LIST_FLAGS;
    if (!isList && !(SWEEP_FLAGS as readonly string[]).includes(name)) {
      rest.push(arg);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || value === '' || (inline === undefined && value.startsWith('--'))) return { ok: false, error: `--${name} needs a value` };
    if (isList) {
      const items = value.split(',').map((item) => item.trim());
      if (items.some((item) => item === '')) return { ok: false, error: `--${name} takes a comma-separated list without empty items, got "${value}"` };
      lists.set(name as ListFlag, items);
    } else own.set(name as (typeof SWEEP_FLAGS)[number], value);
  }
  if (merge !== undefined) return parseMerge(merge, rest, lists.size + own.size, cwd);
  if (lists.size === 0 && own.size === 0) return { ok: true, value: { mode: 'single', argv } };
  return parseSweep(lists, own, rest, env, cwd);
}

function parseMerge(files: readonly string[], rest: readonly string[], sweepFlags: number, cwd: string): Parsed<SweepArgs> {
  if (files.length === 0) return { ok: false, error: '--merge needs one or more results files' };
  const [flag, out, ...extra] = rest;
  if (sweepFlags > 0 || extra.length > 0 || (flag !== undefined && (flag !== '--out' || out === undefined))) {
    return { ok: false, error: '--merge takes results files and, optionally, --out FILE; nothing else' };
  }
  return { ok: true, value: { mode: 'merge', files: files.map((f) => path.resolve(cwd, f)), out: out === undefined ? undefined : path.resolve(cwd, out) } };
}

function parseSweep(
  lists: ReadonlyMap<ListFlag, string[]>, own: ReadonlyMap<string, string>, rest: readonly string[], env: NodeJS.ProcessEnv, cwd: string,
): Parsed<SweepArgs> {
  for (const [list, single] of Object.entries(LIST_FLAGS)) {
    if (lists.has(list as ListFlag) && rest.some((arg) => arg === `--${single}` || arg.startsWith(`--${single}=`))) return { ok: false, error: `give --${list} or --${single}, not both` };
  }
  if (rest.some((arg) => arg === '--out' || arg.startsWith('--out='))) {
    return { ok: false, error: 'a sweep writes its reports to --results FILE (JSON lines); --out names a single run\'s report or a merged table' };
  }
  const share = shareOf(own, env);
  if (!share.ok) return share;
  const axes = (flag: ListFlag): Array<string | undefined> => lists.get(flag) ?? [undefined];
  const cells: SweepCell[] = [];
  const modelsGiven = rest.some((arg) => arg === '--models' || arg.startsWith('--models='));
  let index = 0;
  let jobs: number | undefined;
  for (const clip of axes('clips')) {
    for (const seed of axes('seeds')) {
      for (const recipe of axes('recipes')) {
        const argv = [...rest, ...(clip === undefined ? [] : ['--clip', clip]), ...(seed === undefined ? [] : ['--seed', seed]), ...(recipe === undefined ? [] : ['--recipe', recipe]), ...(modelsGiven ? [] : ['--models', 'feedback'])];
        const parsed = parseEvalArgs(argv, cwd);
        if (parsed.ok === 'help') return { ok: 'help' };
        if (!parsed.ok) return { ok: false, error: parsed.error };
        jobs = parsed.options.jobs;
        if (index % share.of === share.cell) cells.push({ index, key: cellKey(parsed.options), options: { ...parsed.options, jobs: 1 } });
        index++;
      }
    }
  }
  const results = path.resolve(cwd, own.get('results') ?? DEFAULT_RESULTS);
  return { ok: true, value: { mode: 'sweep', cells, total: index, results, jobs, share: share.of === 1 ? 'all cells' : `cells ${share.cell}, ${share.cell + share.of}, … of ${index} (share ${share.cell} of ${share.of})` } };
}

/** Which share of the cells this machine runs: --cell I --of N, or JOB_COMPLETION_INDEX with --of N. */
function shareOf(own: ReadonlyMap<string, string>, env: NodeJS.ProcessEnv): { ok: true; cell: number; of: number } | { ok: false; error: string } {
  const ofText = own.get('of');
  const cellText = own.get('cell') ?? (ofText === undefined ? undefined : env['JOB_COMPLETION_INDEX']);
  if (ofText === undefined && cellText === undefined) return { ok: true, cell: 0, of: 1 };
  if (ofText === undefined) return { ok: false, error: '--cell I needs --of N (how many shares the sweep is cut into)' };
  if (cellText === undefined) return { ok: false, error: '--of N needs --cell I, or JOB_COMPLETION_INDEX in the environment' };
  const of = Number(ofText);
  const cell = Number(cellText);
  if (!/^\d+$/.test(ofText) || of < 1) return { ok: false, error: `--of must be a whole number ≥ 1, got "${ofText}"` };
  if (!/^\d+$/.test(cellText) || cell >= of) return { ok: false, error: `the cell index must be a whole number from 0 to ${of - 1}, got "${cellText}"` };
  return { ok: true, cell, of };
}

/** What a cell's numbers depend on: the clip's name and content size, and every setting but where output goes and how many run at once. */
export function cellKey(options: EvalOptions): string {
  const { clip, out: _out, dist: _dist, jobs: _jobs, videoDir: _videoDir, video: _video, ...all } = options;
  // Settings added since results files were first written are left out at their neutral value,
  // so lines written before them still match the cells they ran.
  const { statisticsWeight, colourMatch, loopVariants, ...settings } = all;
  if (statisticsWeight !== 0) Object.assign(settings, { statisticsWeight });
  if (colourMatch !== 'lab') Object.assign(settings, { colourMatch });
  Object.assign(settings, { loopVariants: loopVariants.map(({ colourMatch: match, ...features }) => (match === 'lab' || match === undefined ? features : { ...features, colourMatch: match })) });
  const canonical = JSON.stringify(Object.fromEntries(Object.entries(settings).sort(([a], [b]) => a.localeCompare(b))));
  const digest = createHash('sha256').update(canonical).digest('hex').slice(0, 12);
  return `${path.basename(clip)}|seed ${options.seed}|${options.recipe}|${digest}`;
}

/** The lines of results files, in order, later lines of a key replacing earlier ones; unreadable lines are named. */
export function readResults(files: readonly string[]): { lines: SweepLine[]; problems: string[] } {
  const byKey = new Map<string, SweepLine>();
  const problems: string[] = [];
  for (const file of files) {
    if (!existsSync(file)) {
      problems.push(`${file}: no such file`);
      continue;
    }
    readFileSync(file, 'utf8').split('\n').forEach((text, i) => {
      if (text.trim() === '') return;
      try {
        const line = JSON.parse(text) as SweepLine;
        if (typeof line.key !== 'string') throw new Error('no key');
        // An error line never hides a report of the same cell.
        if (!(line.error !== undefined && byKey.get(line.key)?.report)) byKey.set(line.key, line);
      } catch (error) {
        // A line cut off by a killed run: that cell simply runs again.
        problems.push(`${file}:${i + 1}: not a results line (${errorMessage(error)})`);
      }
    });
  }
  return { lines: [...byKey.values()], problems };
}

/** Appends one cell's line; one write, so a killed sweep leaves whole lines or a cut last one. */
export function appendResult(file: string, line: SweepLine): void {
  appendFileSync(file, `${JSON.stringify(line)}\n`);
}

/** Runs `work` over `items`, at most `jobs` at once, in order of start. */
export async function inPool<T>(items: readonly T[], jobs: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, worker));
}
