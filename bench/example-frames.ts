/**
 * What a frame of each built-in example costs, in headless Chromium on the built app: ms/frame
 * and the number of tfjs kernels one frame runs (`tf.profile`), twice per example:
 * - `everyNode`: every node computes every frame (each node watched with `run: true`), which is
 *   how the scheduler ran before idle branches (src/core/scheduler/demand.ts);
 * - `idleBranches`: as the app runs now, where a branch that only seeds a Feedback rests after
 *   frame 0.
 * Each example is opened through the Examples dialog, as a user opens it.
 *
 *   tsx bench/example-frames.ts [--backend webgl] [--frames 10]   (or npm run bench -- --only examples)
 * Writes bench/results/example-frames.json.
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { openStudio } from '../scripts/lib/studio-page';
import { benchMachine, withServedStudio, writeBenchResult } from './studio-bench';

interface FrameCost { readonly msPerFrame: number; readonly kernelsPerFrame: number; readonly idleNodes: readonly string[] }

/** Renders `frames` frames of the open graph after a reset and a warm-up; `everyNode` demands every node. */
function frameCost(page: Page, frames: number, everyNode: boolean): Promise<FrameCost> {
  return page.evaluate(async ({ frames, everyNode }) => {
    const { scheduler, tf } = window.__studio!;
    const ids = scheduler.graph!.nodes.map((n) => n.id);
    const releases = everyNode ? ids.map((id) => scheduler.watch(id, { run: true })) : [];
    await scheduler.pause();
    await scheduler.reset();
    await scheduler.renderFrames(3);
    const profile = await tf.profile(async () => { await scheduler.renderFrames(1); });
    const started = performance.now();
    await scheduler.renderFrames(frames);
    const msPerFrame = (performance.now() - started) / frames;
    const idleNodes = ids.filter((id) => scheduler.nodeStats(id)?.status === 'idle');
    releases.forEach((release) => release());
    scheduler.run();
    return { msPerFrame, kernelsPerFrame: profile.kernels.length, idleNodes };
  }, { frames, everyNode });
}

/** The example titles as the Examples dialog lists them. */
async function exampleTitles(page: Page): Promise<string[]> {
  await page.getByRole('button', { name: 'Examples', exact: true }).click();
  const buttons = page.getByRole('button', { name: /^Open example “/ });
  await buttons.first().waitFor({ timeout: 30_000 });
  const labels = await buttons.evaluateAll((elements) => elements.map((e) => e.getAttribute('aria-label') ?? ''));
  await page.keyboard.press('Escape');
  return labels.map((label) => label.replace(/^Open example “/, '').replace(/”$/, ''));
}

async function openExample(page: Page, title: string): Promise<void> {
  const before = await page.evaluate(() => window.__studio!.document.generation);
  await page.getByRole('button', { name: 'Examples', exact: true }).click();
  await page.getByRole('button', { name: `Open example “${title}”` }).click();
  const discard = page.getByRole('button', { name: 'Discard changes' });
  if (await discard.isVisible().catch(() => false)) await discard.click();
  await page.waitForFunction((old) => window.__studio!.document.generation !== old && window.__studio!.scheduler.frame >= 1, before, { timeout: 120_000 });
}

const round = (x: number) => Number(x.toFixed(1));

/** Runs the section; returns the report (also written to bench/results/example-frames.json). */
export async function runExampleFramesBenchmark(backend = 'webgl', frames = 10): Promise<object> {
  const results = await withServedStudio(async (chromium, url) => {
    const rows = [];
    const { page, backend: active } = await openStudio(chromium.context, url, backend);
    for (const title of await exampleTitles(page)) {
      console.error(`bench: ${title}…`);
      await openExample(page, title);
      const everyNode = await frameCost(page, frames, true);
      const idleBranches = await frameCost(page, frames, false);
      rows.push({
        example: title, backend: active,
        everyNode: { msPerFrame: round(everyNode.msPerFrame), kernelsPerFrame: everyNode.kernelsPerFrame },
        idleBranches: { msPerFrame: round(idleBranches.msPerFrame), kernelsPerFrame: idleBranches.kernelsPerFrame, idleNodes: idleBranches.idleNodes },
      });
    }
    return rows;
  });
  const report = {
    benchmark: 'example-frames', date: new Date().toISOString(),
    machine: benchMachine(),
    frames, statistic: 'ms per frame over `frames` offline frames after a reset and 3 warm-up frames; kernels in one frame (tf.profile)',
    examples: results,
  };
  return writeBenchResult('example-frames.json', report);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { backend: { type: 'string', default: 'webgl' }, frames: { type: 'string', default: '10' } } });
  console.log(JSON.stringify(await runExampleFramesBenchmark(values.backend, Number(values.frames)), null, 2));
}
