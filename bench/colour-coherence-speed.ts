/**
 * What Colour Coherence costs a frame, by match, in headless Chromium on the built app: a
 * Train Window source feeds a Colour Coherence node (strength 1, first-frame reference) feeding
 * a Preview, loaded through the page's scheduler, at each size and backend; the same graph with
 * no Colour Coherence node is the baseline, so `matchMs` is what the match itself adds. The
 * match runs every frame of every loop that uses it, which is why its default must be cheap.
 *
 *   tsx bench/colour-coherence-speed.ts [--backends webgl,webgpu] [--sizes 128,256] [--frames 10]
 *   (or npm run bench -- --only colour)
 * Writes bench/results/colour-coherence.json.
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import type { Graph } from '../src/core';
import { COLOUR_MATCHES } from '../src/nodes/colour-coherence';
import { openStudio } from '../scripts/lib/studio-page';
import { benchMachine, withServedStudio, writeBenchResult } from './studio-bench';

/** `none` is the graph without the node. */
type Variant = 'none' | (typeof COLOUR_MATCHES)[number];

function benchGraph(size: number, variant: Variant): Graph {
  const at = (x: number) => ({ x, y: 0 });
  const source = { id: 'source', type: 'train-window-source', typeVersion: 1, params: {}, position: at(0) };
  const preview = { id: 'preview', type: 'preview', typeVersion: 1, params: {}, position: at(560) };
  const wire = (id: string, from: string, to: string) => ({ id, from: { node: from, port: 'frame' }, to: { node: to, port: 'frame' } });
  const common = { format: 'nfp-studio-graph', version: 3, name: `colour bench ${variant}`, settings: { width: size, height: size, fps: 30 } } as const;
  if (variant === 'none') return { ...common, nodes: [source, preview], edges: [wire('a', 'source', 'preview')] } as unknown as Graph;
  const coherence = { id: 'coherence', type: 'colour-coherence', typeVersion: 2, params: { strength: 1, reference: 'first frame', match: variant }, position: at(280) };
  return { ...common, nodes: [source, coherence, preview], edges: [wire('a', 'source', 'coherence'), wire('b', 'coherence', 'preview')] } as unknown as Graph;
}

interface FrameCost { readonly msPerFrame: number; readonly kernelsPerFrame: number }

/** Loads `graph` into the page's scheduler and times `frames` frames after 3 warm-up frames (shader compiles). */
function frameCost(page: Page, graph: Graph, frames: number): Promise<FrameCost> {
  return page.evaluate(async ({ json, frames }) => {
    const { scheduler, tf } = window.__studio!;
    await scheduler.pause();
    await scheduler.load(JSON.parse(json) as typeof scheduler.graph & object);
    if (!(await scheduler.renderFrames(3))) throw new Error(`the bench graph failed: ${JSON.stringify(scheduler.nodeStats('coherence') ?? scheduler.nodeStats('source'))}`);
    const profile = await tf.profile(async () => { await scheduler.renderFrames(1); });
    const started = performance.now();
    await scheduler.renderFrames(frames);
    // GPU backends queue work: read a value back so the time includes it.
    await tf.tidy(() => tf.scalar(0)).data();
    return { msPerFrame: (performance.now() - started) / frames, kernelsPerFrame: profile.kernels.length };
  }, { json: JSON.stringify(graph), frames });
}

const round = (x: number) => Number(x.toFixed(1));

/** Runs the section; returns the report (also written to bench/results/colour-coherence.json). */
export async function runColourCoherenceBenchmark(backends = ['webgl', 'webgpu'], sizes = [128, 256], frames = 10): Promise<object> {
  const results = await withServedStudio(async (chromium, url) => {
    const rows = [];
    for (const backend of backends) {
      const { page, backend: active } = await openStudio(chromium.context, url, backend);
      for (const size of sizes) {
        const baseline = await frameCost(page, benchGraph(size, 'none'), frames);
        for (const match of COLOUR_MATCHES) {
          console.error(`bench: colour coherence, ${match}, ${size} px on ${active}…`);
          const cost = await frameCost(page, benchGraph(size, match), frames);
          rows.push({
            backend: active, size, match, msPerFrame: round(cost.msPerFrame), kernelsPerFrame: cost.kernelsPerFrame,
            matchMs: round(cost.msPerFrame - baseline.msPerFrame), matchKernels: cost.kernelsPerFrame - baseline.kernelsPerFrame,
          });
        }
      }
      await page.close();
    }
    return rows;
  });
  const report = {
    benchmark: 'colour-coherence', date: new Date().toISOString(),
    machine: benchMachine(),
    frames, statistic: 'ms per frame over `frames` offline frames after 3 warm-up frames; kernels in one frame (tf.profile); matchMs and matchKernels less the graph without the node',
    results,
  };
  return writeBenchResult('colour-coherence.json', report);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { backends: { type: 'string', default: 'webgl,webgpu' }, sizes: { type: 'string', default: '128,256' }, frames: { type: 'string', default: '10' } } });
  const sizes = values.sizes.split(',').map(Number);
  console.log(JSON.stringify(await runColourCoherenceBenchmark(values.backends.split(','), sizes, Number(values.frames)), null, 2));
}
