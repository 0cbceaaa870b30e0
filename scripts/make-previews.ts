/**
 * The Examples gallery's previews and the README's media, remade from the app itself.
 *
 *   npm run previews [-- --frames 120] [--only ID[,ID]] [--bitrate KBPS] [--backend B] [--skip-readme]
 *
 * Renders each example graph offline in headless Chromium, as `npm run render` does (same
 * graph preparation, server, browser and page driver), into public/examples/<id>.webm at a
 * low VP9 bitrate, and records its frame size, backend and ms/frame in
 * public/examples/previews.json, which the gallery reads. The manifest is rewritten after
 * each example, so an interrupted run keeps what it finished. Then (unless --skip-readme) it
 * screenshots the editor running the learned-loop example into docs/media/editor.png and
 * converts that example's preview into docs/media/learned-loop.webp.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { NodeRegistry, errorMessage, setParam } from '../src/core';
import type { Graph } from '../src/core';
import { builtInNodes } from '../src/nodes';
import { PREVIEW_MANIFEST, PREVIEW_MANIFEST_VERSION, parsePreviewManifest } from '../src/ui/library/example-previews';
import type { ExamplePreview, PreviewManifest } from '../src/ui/library/example-previews';
import { ROOT, ensureBuild, serveApp } from './lib/app-server';
import type { ServedApp } from './lib/app-server';
import { CHROMIUM, FFMPEG, ensureAptTool, launchChromium } from './lib/chromium';
import type { LaunchedChromium } from './lib/chromium';
import { PREVIEWS_USAGE, exampleGraphFile, listExampleIds, parsePreviewsArgs } from './lib/previews-options';
import type { PreviewsOptions } from './lib/previews-options';
import { EDITOR_SCREENSHOT, LOOP_CLIP, README_MEDIA_DIR, readmeClipSource, screenshotEditor, webmToAnimatedWebp } from './lib/readme-media';
import type { RenderAsset } from './lib/render-assets';
import { prepareRenderGraph } from './lib/render-options';
import { openStudio, recordingBytes, renderRecording, storeAssets } from './lib/studio-page';

const log = (line: string): void => console.log(line);
const kb = (bytes: number): string => `${Math.round(bytes / 1024)} KB`;
/** Relative to the repository when inside it, else absolute. */
const shown = (file: string): string => (path.relative(ROOT, file).startsWith('..') ? file : path.relative(ROOT, file));

function fail(message: string, code = 1): never {
  console.error(`previews: ${message}`);
  process.exit(code);
}

/** Frames the editor screenshot waits for once the learned loop runs, so the preview shows it living. */
const SCREENSHOT_FRAMES = 45;

/** The previews already in `dir` whose files are still there, for examples that still exist. */
function existingPreviews(dir: string, known: readonly string[]): Map<string, ExamplePreview> {
  const file = path.join(dir, PREVIEW_MANIFEST);
  if (!existsSync(file)) return new Map();
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    log(`note: ${file} is not JSON; starting a new manifest`);
    return new Map();
  }
  return new Map([...parsePreviewManifest(json)].filter(([id, preview]) => known.includes(id) && existsSync(path.join(dir, preview.file))));
}

function writeManifest(dir: string, previews: ReadonlyMap<string, ExamplePreview>): void {
  const sorted = Object.fromEntries([...previews].sort(([a], [b]) => a.localeCompare(b)));
  const manifest: PreviewManifest = { version: PREVIEW_MANIFEST_VERSION, previews: sorted };
  writeFileSync(path.join(dir, PREVIEW_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** A short name for what renders: "SwiftShader" for Chromium's software GPU, else the browser's own words. */
function shortDevice(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  if (/swiftshader/i.test(raw)) return 'SwiftShader';
  return raw.replace(/^ANGLE \((.*)\)$/, '$1').slice(0, 48);
}

/** `assets`: the clips the graph names (an example's shipped clip), stored in the page before it renders. */
interface Job { readonly id: string; readonly graph: Graph; readonly encoderId: string; readonly assets: readonly RenderAsset[] }

/** Renders each job in one page, writing its WebM and the manifest (updated in `previews`) as it goes. */
async function renderAll(context: BrowserContext, url: string, options: PreviewsOptions, jobs: readonly Job[], previews: Map<string, ExamplePreview>): Promise<void> {
  const { page, backend } = await openStudio(context, url, options.backend);
  if (backend !== options.backend) log(`note: the ${options.backend} backend could not start here; rendering on ${backend}`);
  const device = shortDevice(await page.evaluate(rendererName, backend));

  for (const [index, job] of jobs.entries()) {
    log(`[${index + 1}/${jobs.length}] ${job.id}: ${options.frames} frames at ${job.graph.settings.width}×${job.graph.settings.height} on ${backend}${device ? ` (${device})` : ''}…`);
    await storeAssets(page, job.assets);
    const started = performance.now();
    // From the end of the first frame: loading weights and compiling shaders are not the loop's speed.
    let firstDone: number | undefined;
    let lastDone = started;
    const recording = await renderRecording(page, {
      graph: job.graph,
      encoderId: job.encoderId,
      frames: options.frames,
      onProgress: (done) => {
        lastDone = performance.now();
        if (done === 1) firstDone = lastDone;
        if (done % 30 === 0) log(`  frame ${done}/${options.frames}`);
      },
    });
    const msPerFrame = firstDone !== undefined && options.frames > 1 ? (lastDone - firstDone) / (options.frames - 1) : lastDone - started;
    const bytes = await recordingBytes(page, recording.id);
    const file = `${job.id}.webm`;
    writeFileSync(path.join(options.out, file), bytes);
    previews.set(job.id, {
      file,
      frames: recording.frames,
      fps: recording.fps,
      width: recording.width,
      height: recording.height,
      msPerFrame: Math.round(msPerFrame * 10) / 10,
      backend,
      ...(device ? { device } : {}),
      rendered: new Date().toISOString().slice(0, 10),
    });
    writeManifest(options.out, previews);
    for (const warning of recording.warnings) log(`  warning: ${warning}`);
    log(`  wrote ${shown(path.join(options.out, file))}: ${kb(bytes.byteLength)}, ${recording.width}×${recording.height}, ${msPerFrame.toFixed(1)} ms/frame, ${((performance.now() - started) / 1000).toFixed(1)} s in all`);
  }
  await page.close();
}

async function main(): Promise<void> {
  const known = listExampleIds();
  const parsed = parsePreviewsArgs(process.argv.slice(2), known);
  if (parsed.ok === 'help') {
    console.log(PREVIEWS_USAGE);
    return;
  }
  if (!parsed.ok) fail(`${parsed.error}\n\n${PREVIEWS_USAGE}`, 2);
  const options = parsed.options;

  // Every graph is checked and prepared before a browser starts.
  const registry = new NodeRegistry();
  registry.registerAll(builtInNodes);
  const jobs: Job[] = [];
  for (const id of options.ids) {
    const graphFile = exampleGraphFile(id);
    const out = path.join(options.out, `${id}.webm`);
    const renderOptions = { graphFile, frames: options.frames, out, container: 'webm', size: undefined, backend: options.backend, dist: options.dist, assets: [] } as const;
    const prepared = prepareRenderGraph(renderOptions, registry);
    if (!prepared.ok) fail(`${id}: ${prepared.error}`);
    const lowRate = setParam(prepared.graph, registry, prepared.encoderId, 'bitrate', options.bitrateKbps);
    if (!lowRate.ok) fail(`${id}: cannot set the Encoder's bitrate: ${lowRate.reason}`);
    jobs.push({ id, graph: lowRate.graph, encoderId: prepared.encoderId, assets: prepared.assets });
  }
  mkdirSync(options.out, { recursive: true });
  const previews = existingPreviews(options.out, known);

  let server: ServedApp | undefined;
  let browser: LaunchedChromium | undefined;
  const cleanUp = async (): Promise<void> => {
    await browser?.close();
    await server?.close();
  };
  process.once('SIGINT', () => void cleanUp().finally(() => process.exit(130)));
  try {
    ensureAptTool(CHROMIUM, log);
    const dist = options.dist ?? path.join(ROOT, 'dist');
    if (options.dist === undefined) ensureBuild(dist, log);
    else if (!existsSync(path.join(dist, 'index.html'))) throw new Error(`--dist ${dist} holds no build of the app (no index.html)`);
    server = await serveApp(dist);
    browser = await launchChromium();
    if (jobs.length > 0) await renderAll(browser.context, server.url, options, jobs, previews);

    if (options.readme) {
      const clipSource = readmeClipSource(options.out);
      if (clipSource) {
        ensureAptTool(FFMPEG, log);
        const clip = path.join(README_MEDIA_DIR, LOOP_CLIP);
        log(`wrote ${shown(clip)}: ${kb(webmToAnimatedWebp(clipSource, clip))}`);
      } else {
        log(`note: no learned-loop preview in ${shown(options.out)}, so docs/media/${LOOP_CLIP} is left as it is`);
      }
      const screenshot = path.join(README_MEDIA_DIR, EDITOR_SCREENSHOT);
      log(`screenshotting the editor running the learned loop (${SCREENSHOT_FRAMES} frames)…`);
      log(`wrote ${shown(screenshot)}: ${kb(await screenshotEditor(browser.context, server.url, options.backend, screenshot, SCREENSHOT_FRAMES, log))}`);
    }
  } catch (error) {
    await cleanUp();
    fail(errorMessage(error));
  }
  await cleanUp();
}

/** Runs in the page: the GPU (or software rasterizer) under the backend, as the browser names it. */
async function rendererName(backend: string): Promise<string | undefined> {
  if (backend === 'webgpu') {
    const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<{ info?: Record<string, string> } | null> } }).gpu;
    const info = (await gpu?.requestAdapter())?.info;
    return info ? [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') : undefined;
  }
  if (backend === 'webgl') {
    const gl = document.createElement('canvas').getContext('webgl2');
    const ext = gl?.getExtension('WEBGL_debug_renderer_info');
    return gl && ext ? String(gl.getParameter(ext.UNMASKED_RENDERER_WEBGL)) : undefined;
  }
  return undefined;
}

await main();
