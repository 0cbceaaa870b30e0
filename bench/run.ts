/**
 * `npm run bench`: runs every benchmark section and prints one JSON document on stdout
 * (progress goes to stderr). Each section also writes its own file under bench/results/,
 * and the merged document goes to bench/results/bench.json.
 *
 *   npm run bench [-- --only scheduler|media|decode|generator|style|upscaler|plugin|examples|colour] [-- --frames 300 --repeats 5 --backend cpu]
 *
 * Sections:
 * - `schedulerOverhead` (bench/scheduler-overhead.ts): Scheduler vs a bare tfjs loop, in node.
 *   `--frames`, `--repeats` and `--backend` apply to it.
 * - `media` (bench/media-codecs.ts): WebCodecs encode/decode fps and the Encoder node's cost
 *   at 256×256 in headless Chromium.
 * - `mediaDecode` (bench/media-decode.ts): decode fps of 256×256 clips per codec, alone, with
 *   fitting and readback, and through a Video Source node, in headless Chromium.
 * - `generator` (bench/generator-speed.ts): Next-Frame Generator train steps/s and inference
 *   ms/frame at 64, 128 and 256 px on webgpu (naive conv2dTranspose on and off), webgl and cpu
 *   in headless Chromium, time-capped; BENCH_GEN_* environment variables widen or narrow it.
 * - `style` (bench/style-speed.ts): Style Transfer stylizer ms/frame and train steps/s per
 *   preset and size, in node on the `--backend` given (cpu by default), time-capped.
 * - `upscaler` (bench/upscaler-speed.ts): the Upscaler node's ESRGAN-slim path vs the
 *   `upscaler` library on the same weights, ms/frame and ratio, in headless Chromium.
 * - `pluginSandbox` (bench/plugin-sandbox.ts): a plugin node's loop ms/frame loaded as a plain
 *   module and sandboxed (SES Compartment, narrowed tf), in node on cpu. It runs in a child
 *   process because `lockdown()` cannot be undone in the process that calls it.
 * - `exampleFrames` (bench/example-frames.ts): each built-in example's ms/frame and tfjs
 *   kernels per frame with every node computing and with idle branches resting, in headless
 *   Chromium on webgl.
 * - `colourCoherence` (bench/colour-coherence-speed.ts): the Colour Coherence node's ms/frame
 *   and kernels per frame by match (Lab mean and spread, colour histogram) at 128 and 256 px on
 *   webgl and webgpu in headless Chromium, less the same graph without the node.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { runGeneratorBenchmark } from './generator-speed';
import { runMediaBenchmark } from './media-codecs';
import { runDecodeBenchmark } from './media-decode';
import { runExampleFramesBenchmark } from './example-frames';
import { runColourCoherenceBenchmark } from './colour-coherence-speed';
import { runSchedulerOverhead } from './scheduler-overhead';
import { runStyleBenchmark } from './style-speed';
import { runUpscalerBenchmark } from './upscaler-speed';

const argv = process.argv.slice(2);
const onlyAt = argv.indexOf('--only');
const only = onlyAt >= 0 ? argv[onlyAt + 1] : undefined;
if (only !== undefined && only !== 'scheduler' && only !== 'media' && only !== 'decode' && only !== 'generator' && only !== 'style' && only !== 'upscaler' && only !== 'plugin' && only !== 'examples' && only !== 'colour') {
  console.error(`bench: --only must be scheduler, media, decode, generator, style, upscaler, plugin, examples or colour, got "${only}"`);
  process.exit(2);
}

const sections: Record<string, object> = {};
if (only === undefined || only === 'scheduler') {
  console.error('bench: scheduler overhead…');
  sections.schedulerOverhead = await runSchedulerOverhead();
}
if (only === undefined || only === 'media') {
  console.error('bench: media (headless Chromium)…');
  sections.media = await runMediaBenchmark();
}
if (only === undefined || only === 'decode') {
  console.error('bench: media decode (headless Chromium)…');
  sections.mediaDecode = await runDecodeBenchmark();
}
if (only === undefined || only === 'generator') {
  console.error('bench: generator speed (headless Chromium)…');
  sections.generator = await runGeneratorBenchmark();
}
if (only === undefined || only === 'style') {
  console.error('bench: style transfer speed…');
  sections.style = await runStyleBenchmark();
}
if (only === undefined || only === 'upscaler') {
  console.error('bench: upscaler vs the upscaler library (headless Chromium)…');
  sections.upscaler = await runUpscalerBenchmark();
}
if (only === undefined || only === 'examples') {
  console.error('bench: example frames (headless Chromium)…');
  sections.exampleFrames = await runExampleFramesBenchmark();
}
if (only === undefined || only === 'colour') {
  console.error('bench: colour coherence by match (headless Chromium)…');
  sections.colourCoherence = await runColourCoherenceBenchmark();
}
if (only === undefined || only === 'plugin') {
  console.error('bench: plugin sandbox cost (child process)…');
  const script = new URL('./plugin-sandbox.ts', import.meta.url).pathname;
  const tsx = new URL('../node_modules/tsx/dist/cli.mjs', import.meta.url).pathname;
  sections.pluginSandbox = JSON.parse(execFileSync(process.execPath, [tsx, script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })) as object;
}

const json = JSON.stringify({ benchmark: 'nfp-studio', date: new Date().toISOString(), sections }, null, 2);
console.log(json);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/bench.json', import.meta.url), `${json}\n`);
