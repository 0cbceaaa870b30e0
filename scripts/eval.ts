/**
 * Loop-quality evaluation of the Next-Frame Generator on a user's clip, or a sweep of it over
 * clips, seeds and recipes (`npm run eval -- --help`; docs/eval.md).
 *
 *   npm run eval -- --clip <video file> [--frames 1000] [--seed S] [--recipe living|pix2pix] […]
 *   npm run eval -- --clips a.webm,b.webm --seeds 1,2,3 --recipes living,pix2pix [--jobs 2] [--results r.jsonl] [--cell I --of N]
 *   npm run eval -- --merge r.jsonl [more.jsonl…] [--out table.json]
 *
 * Arguments, the clips and --out are checked first (exit code 2 for bad arguments, 1 for a clip
 * or output that cannot be used). Then it builds the eval page (tools/eval) into
 * tools/eval/dist/ when that is stale (or serves --dist as it is) and opens it in headless
 * Chromium, where the studio's own decoder, generator node and trainer do the work. One run
 * prints its report as JSON on stdout; a sweep appends each cell's report to its results file
 * and prints the table (markdown). Progress goes to stderr.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BackendName } from '../src/core';
import type { EvalReport } from '../tools/eval/eval-types';
import { serveApp } from './lib/app-server';
import type { ServedApp } from './lib/app-server';
import { CHROMIUM, ensureAptTool, FFMPEG, launchChromium } from './lib/chromium';
import type { LaunchedChromium } from './lib/chromium';
import { runArchitectureComparison } from './lib/eval-arch';
import { prepareEvalBuild } from './lib/eval-build';
import { USAGE, clipProblem, outProblem, parseEvalArgs } from './lib/eval-options';
import type { EvalOptions } from './lib/eval-options';
import { openEvalPage } from './lib/eval-page';
import type { EvalPage } from './lib/eval-page';
import { defaultJobs, runEvaluation } from './lib/eval-run';
import { appendResult, inPool, parseSweepArgs, readResults } from './lib/eval-sweep';
import type { SweepCell } from './lib/eval-sweep';
import { RolloutVideos } from './lib/eval-video';
import { sweepMarkdown, sweepTable } from './lib/sweep-table';
import { errorMessage } from '../src/core';

const log = (line: string): void => console.error(line);

function fail(message: string, code = 1): never {
  console.error(`eval: ${message}`);
  process.exit(code);
}

/** Browsers and the server of this process, closed on the way out however it ends. */
class Session {
  private server: ServedApp | undefined;
  private readonly browsers = new Set<LaunchedChromium>();

  async serve(dist: string | undefined): Promise<void> {
    ensureAptTool(CHROMIUM, log);
    this.server = await serveApp(prepareEvalBuild(dist, log));
  }

  /** A page in a browser of its own (Chromium lowers a background tab's priority, which would halve a second training's share). */
  async openPage(backend: BackendName | undefined): Promise<{ page: EvalPage; close: () => Promise<void> }> {
    const browser = await launchChromium();
    this.browsers.add(browser);
    const close = async (): Promise<void> => {
      this.browsers.delete(browser);
      await browser.close();
    };
    try {
      return { page: await openEvalPage(browser.context, this.server!.url, backend), close };
    } catch (error) {
      await close();
      throw error;
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.browsers].map((b) => b.close()));
    this.browsers.clear();
    await this.server?.close();
  }
}

/** One run of the evaluation (both models or the feedback-pair one) on `options.clip`. */
async function evaluate(session: Session, options: EvalOptions, say: (line: string) => void, videoPrefix: string): Promise<EvalReport> {
  const first = await session.openPage(options.backend);
  const closers = [first.close];
  try {
    for (const passed of first.page.skipped) say(`note: the ${passed.backend} backend could not start here (${passed.reason})`);
    const jobs = options.models === 'feedback' ? 1 : Math.min(2, options.jobs ?? defaultJobs(first.page.backend)) as 1 | 2;
    const videos = options.videoDir === undefined ? undefined : new RolloutVideos(options.videoDir, videoPrefix, say);
    const openSecond = async (backend: BackendName): Promise<EvalPage> => {
      const second = await session.openPage(backend);
      closers.push(second.close);
      await videos?.attach(second.page.page);
      return second.page;
    };
    await videos?.attach(first.page.page);
    const extras = [options.restoration ? 'a restorer per generator' : '', options.online ? `an online rollout (swap every ${options.swapEvery} frames)` : ''].filter(Boolean);
    say(`evaluating on ${first.page.backend}: recipe ${options.recipe}, ${options.preset} network at ${options.size} px, ${options.steps} steps per model, ${options.frames}-frame rollout, seed ${options.seed}${extras.length ? `, with ${extras.join(' and ')}` : ''}, ${options.models === 'feedback' ? 'the feedback-pair model alone' : jobs === 2 ? 'both models side by side' : 'one model after the other'}`);
    const { clip, out: _out, dist: _dist, backend: _backend, jobs: _jobs, arch: _arch, videoDir: _videoDir, models, ...request } = options;
    const report = await runEvaluation({ first: first.page, openSecond, clip, request, jobs, models, log: say });
    await videos?.finish();
    return report;
  } finally {
    await Promise.all(closers.map((close) => close()));
  }
}

async function single(session: Session, argv: readonly string[]): Promise<void> {
  const parsed = parseEvalArgs(argv);
  if (parsed.ok === 'help') return console.log(USAGE);
  if (!parsed.ok) fail(`${parsed.error}\n\n${USAGE}`, 2);
  const options = parsed.options;
  const unreadable = clipProblem(options.clip);
  if (unreadable) fail(unreadable);
  const unwritable = options.out === undefined ? null : outProblem(options.out);
  if (unwritable) fail(unwritable);
  if (options.videoDir !== undefined) {
    mkdirSync(options.videoDir, { recursive: true });
    ensureAptTool(FFMPEG, log);
  }
  const started = performance.now();
  await session.serve(options.dist);
  let report: unknown;
  if (options.arch !== 'pix2pix') {
    const page = await session.openPage(options.backend);
    log(`comparing ${options.arch === 'both' ? 'pix2pix and multiscale' : 'multiscale'} on ${page.page.backend}: ${options.preset} networks at ${options.size} px, ${options.steps} steps each, ${options.frames}-frame rollout, seed ${options.seed}`);
    const { clip, out: _out, dist: _dist, backend: _backend, jobs: _jobs, arch, videoDir: _videoDir, models: _models, ...request } = options;
    report = await runArchitectureComparison(page.page, clip, request, arch, log);
  } else {
    report = await evaluate(session, options, log, `${path.parse(options.clip).name}-seed${options.seed}-${options.recipe}`);
  }
  const json = JSON.stringify(report, null, 2);
  console.log(json);
  if (options.out !== undefined) writeFileSync(options.out, `${json}\n`);
  log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s${options.out === undefined ? '' : `; wrote ${options.out}`}`);
}

async function sweep(session: Session, cells: readonly SweepCell[], total: number, results: string, jobsAsked: number | undefined, share: string): Promise<void> {
  for (const clip of new Set(cells.map((c) => c.options.clip))) {
    const unreadable = clipProblem(clip);
    if (unreadable) fail(unreadable);
  }
  const unwritable = outProblem(results);
  if (unwritable) fail(unwritable);
  const done = new Set(readResults([results]).lines.filter((l) => l.report).map((l) => l.key));
  const todo = cells.filter((c) => !done.has(c.key));
  const jobs = jobsAsked ?? defaultJobs(cells[0]?.options.backend ?? 'cpu');
  log(`sweep: ${total} cells in all; this run has ${share}: ${cells.length} cells, ${cells.length - todo.length} already in ${results}, ${todo.length} to run, ${jobs} at a time`);
  const videoDirs = new Set(todo.map((c) => c.options.videoDir).filter((d) => d !== undefined));
  for (const dir of videoDirs) mkdirSync(dir, { recursive: true });
  if (videoDirs.size > 0) ensureAptTool(FFMPEG, log);
  const started = performance.now();
  if (todo.length > 0) await session.serve(cells[0]!.options.dist);
  let finished = 0;
  await inPool(todo, jobs, async (cell) => {
    const { clip, seed, recipe } = cell.options;
    const name = `${path.basename(clip)} seed ${seed} ${recipe}`;
    const say = (line: string): void => log(`[${cell.index}: ${name}] ${line}`);
    const line = { key: cell.key, index: cell.index, clip: path.basename(clip), seed, recipe };
    try {
      const report = await evaluate(session, cell.options, say, `${path.parse(clip).name}-seed${seed}-${recipe}`);
      appendResult(results, { ...line, report });
      say(`${report.summary.feedbackLoop.lives ? 'lives' : `does not live: ${report.summary.feedbackLoop.failures.join('; ')}`} (${report.seconds.total.toFixed(0)} s)`);
    } catch (error) {
      const message = errorMessage(error);
      appendResult(results, { ...line, error: message });
      say(`failed: ${message}`);
    }
    log(`sweep: ${++finished}/${todo.length} cells done in ${((performance.now() - started) / 60_000).toFixed(1)} min`);
  });
  const { lines } = readResults([results]);
  const keys = new Set(cells.map((c) => c.key));
  console.log(sweepMarkdown(sweepTable(lines.filter((l) => keys.has(l.key)))));
}

function merge(files: readonly string[], out: string | undefined): void {
  const { lines, problems } = readResults(files);
  for (const problem of problems) log(`note: ${problem}`);
  if (lines.length === 0) fail('the results files hold no cells');
  const table = sweepTable(lines);
  console.log(sweepMarkdown(table));
  if (out !== undefined) {
    const unwritable = outProblem(out);
    if (unwritable) fail(unwritable);
    writeFileSync(out, `${JSON.stringify(table, null, 2)}\n`);
    log(`wrote ${out}`);
  }
}

async function main(): Promise<void> {
  const parsed = parseSweepArgs(process.argv.slice(2));
  if (parsed.ok === 'help') return console.log(USAGE);
  if (!parsed.ok) fail(`${parsed.error}\n\n${USAGE}`, 2);
  const args = parsed.value;
  if (args.mode === 'merge') return merge(args.files, args.out);
  const session = new Session();
  process.once('SIGINT', () => void session.close().finally(() => process.exit(130)));
  try {
    if (args.mode === 'single') await single(session, args.argv);
    else await sweep(session, args.cells, args.total, args.results, args.jobs, args.share);
  } catch (error) {
    await session.close();
    fail(errorMessage(error));
  }
  await session.close();
}

await main();
