/**
 * Loop-quality evaluation of the Next-Frame Generator on a user's clip.
 *
 *   npm run eval -- --clip <video file> [--size 64] [--steps N] [--frames 300] [--seed S]
 *                   [--backend webgpu|webgl|cpu] [--preset tiny|small|standard] [--batch 4]
 *                   [--cycles 4] [--restoration] [--online [--swap-every 50] [--online-steps 20]]
 *                   [--arch pix2pix|multiscale|both]
 *                   [--jobs 1|2] [--out report.json] [--dist DIR]
 *
 * Arguments, the clip and --out are checked first (exit code 2 for bad arguments, 1 for a clip
 * or output that cannot be used). Then it builds the app when dist/ is stale (or serves --dist
 * as it is), opens its eval page (eval.html) in headless Chromium, where the studio's own
 * decoder, generator node and trainer do the work (src/eval), and prints the report as JSON on
 * stdout. Progress goes to stderr. With --jobs 2 (the default on the cpu backend) the two
 * models train side by side, each in a browser of its own; the report is the same.
 */
import { writeFileSync } from 'node:fs';
import type { BackendName } from '../src/core';
import { serveApp } from './lib/app-server';
import type { ServedApp } from './lib/app-server';
import { CHROMIUM, ensureAptTool, launchChromium } from './lib/chromium';
import type { LaunchedChromium } from './lib/chromium';
import { runArchitectureComparison } from './lib/eval-arch';
import { prepareEvalBuild } from './lib/eval-build';
import { USAGE, clipProblem, outProblem, parseEvalArgs } from './lib/eval-options';
import { openEvalPage } from './lib/eval-page';
import type { EvalPage } from './lib/eval-page';
import { defaultJobs, runEvaluation } from './lib/eval-run';

const log = (line: string): void => console.error(line);

function fail(message: string, code = 1): never {
  console.error(`eval: ${message}`);
  process.exit(code);
}

async function main(): Promise<void> {
  const parsed = parseEvalArgs(process.argv.slice(2));
  if (parsed.ok === 'help') {
    console.log(USAGE);
    return;
  }
  if (!parsed.ok) fail(`${parsed.error}\n\n${USAGE}`, 2);
  const options = parsed.options;
  const unreadable = clipProblem(options.clip);
  if (unreadable) fail(unreadable);
  const unwritable = options.out === undefined ? null : outProblem(options.out);
  if (unwritable) fail(unwritable);

  const started = performance.now();
  let server: ServedApp | undefined;
  const browsers: LaunchedChromium[] = [];
  const cleanUp = async (): Promise<void> => {
    await Promise.all(browsers.map((b) => b.close()));
    await server?.close();
  };
  const openPage = async (backend: BackendName | undefined): Promise<EvalPage> => {
    const browser = await launchChromium();
    browsers.push(browser);
    return openEvalPage(browser.context, server!.url, backend);
  };
  process.once('SIGINT', () => void cleanUp().finally(() => process.exit(130)));
  try {
    ensureAptTool(CHROMIUM, log);
    server = await serveApp(prepareEvalBuild(options.dist, log));
    const first = await openPage(options.backend);
    for (const passed of first.skipped) log(`note: the ${passed.backend} backend could not start here (${passed.reason})`);
    if (options.arch !== 'pix2pix') {
      log(`comparing ${options.arch === 'both' ? 'pix2pix and multiscale' : 'multiscale'} on ${first.backend}: ${options.preset} networks at ${options.size} px, ${options.steps} steps each, ${options.frames}-frame rollout, seed ${options.seed}`);
      const { clip, out: _out, dist: _dist, backend: _backend, jobs: _jobs, arch, ...request } = options;
      const report = await runArchitectureComparison(first, clip, request, arch, log);
      const json = JSON.stringify(report, null, 2);
      console.log(json);
      if (options.out !== undefined) writeFileSync(options.out, `${json}\n`);
      log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s${options.out === undefined ? '' : `; wrote ${options.out}`}`);
      await cleanUp();
      return;
    }
    const jobs = options.jobs ?? defaultJobs(first.backend);
    const extras = [options.restoration ? 'a restorer per generator' : '', options.online ? `an online rollout (swap every ${options.swapEvery} frames)` : ''].filter(Boolean);
    log(`evaluating on ${first.backend}: ${options.preset} network at ${options.size} px, ${options.steps} steps per model, ${options.frames}-frame rollout, seed ${options.seed}${extras.length ? `, with ${extras.join(' and ')}` : ''}, ${jobs === 2 ? 'both models side by side' : 'one model after the other'}`);
    const { clip, out: _out, dist: _dist, backend: _backend, jobs: _jobs, arch: _arch, ...request } = options;
    const report = await runEvaluation({ first, openSecond: openPage, clip, request, jobs, log });
    const json = JSON.stringify(report, null, 2);
    console.log(json);
    if (options.out !== undefined) writeFileSync(options.out, `${json}\n`);
    log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s${options.out === undefined ? '' : `; wrote ${options.out}`}`);
  } catch (error) {
    await cleanUp();
    fail(error instanceof Error ? error.message : String(error));
  }
  await cleanUp();
}

await main();
