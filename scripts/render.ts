/**
 * Headless render: runs a graph offline in Debian's Chromium and writes the video its
 * Encoder node records.
 *
 *   npm run render -- <graph file> --frames N --out <file.webm|file.mp4> [--size WxH] [--backend webgpu|webgl|cpu] [--asset FILE]…
 *
 * Everything that can be checked without a browser is checked first (arguments, the graph
 * file through the same parser and node registry as the app, the output path), so mistakes
 * fail at once with exit code 1 (2 for bad arguments). Then it builds the app when dist/ is
 * missing or older than the sources (or takes the build named by --dist as it is), serves it with `vite preview` on 127.0.0.1, opens it with
 * `?test&backend=…`, stores the --asset files (clips the graph names) in the page's storage,
 * swaps in the graph, renders N frames in offline mode (printing
 * `frame i/N`), waits for the Encoder to finish the file, copies the bytes out of the page
 * and writes --out.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { NodeRegistry, errorMessage } from '../src/core';
import { builtInNodes } from '../src/nodes';
import { CODEC_LABELS } from '../src/nodes/media/codecs';
import { ROOT, ensureBuild, serveApp } from './lib/app-server';
import type { ServedApp } from './lib/app-server';
import { CHROMIUM, ensureAptTool, launchChromium } from './lib/chromium';
import type { LaunchedChromium } from './lib/chromium';
import { USAGE, outputProblem, parseRenderArgs, prepareRenderGraph } from './lib/render-options';
import { openStudio, recordingBytes, renderRecording, storeAssets } from './lib/studio-page';

const log = (line: string): void => console.log(line);

function fail(message: string, code = 1): never {
  console.error(`render: ${message}`);
  process.exit(code);
}

/** Relative to the working folder when inside it, else absolute. */
function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

async function main(): Promise<void> {
  const parsed = parseRenderArgs(process.argv.slice(2));
  if (parsed.ok === 'help') {
    console.log(USAGE);
    return;
  }
  if (!parsed.ok) fail(`${parsed.error}\n\n${USAGE}`, 2);
  const options = parsed.options;

  const registry = new NodeRegistry();
  registry.registerAll(builtInNodes);
  const prepared = prepareRenderGraph(options, registry);
  if (!prepared.ok) fail(prepared.error);
  const unwritable = outputProblem(options.out);
  if (unwritable) fail(unwritable);
  for (const warning of prepared.warnings) log(`warning: ${warning}`);
  for (const note of prepared.notes) log(`note: ${note}`);

  const started = performance.now();
  let server: ServedApp | undefined;
  let browser: LaunchedChromium | undefined;
  const cleanUp = async (): Promise<void> => {
    await browser?.close();
    await server?.close();
  };
  process.once('SIGINT', () => void cleanUp().finally(() => process.exit(130)));
  const consoleErrors: string[] = [];
  try {
    ensureAptTool(CHROMIUM, log);
    // An explicit --dist is served as it is (the e2e suite shares its build); dist/ is kept fresh.
    const dist = options.dist ?? path.join(ROOT, 'dist');
    if (options.dist === undefined) ensureBuild(dist, log);
    else if (!existsSync(path.join(dist, 'index.html'))) throw new Error(`--dist ${dist} holds no build of the app (no index.html)`);
    server = await serveApp(dist);
    browser = await launchChromium();
    browser.context.on('console', (message) => {
      if (message.type() === 'error' && !message.text().includes('favicon')) consoleErrors.push(message.text());
    });
    const { page, backend } = await openStudio(browser.context, server.url, options.backend);
    if (backend !== options.backend) log(`note: the ${options.backend} backend could not start here; rendering on ${backend}`);
    const { graph, encoderId, codec, assets } = prepared;
    await storeAssets(page, assets);
    const { width, height } = graph.settings;
    log(`rendering "${graph.name}": ${options.frames} frames at ${width}×${height} on ${backend}, ${CODEC_LABELS[codec]} in ${options.container.toUpperCase()}`);

    const step = Math.max(1, Math.floor(options.frames / 100));
    const renderStarted = performance.now();
    const recording = await renderRecording(page, {
      graph,
      encoderId,
      frames: options.frames,
      onProgress: (done) => {
        if (done % step === 0 || done === options.frames) log(`frame ${done}/${options.frames}`);
      },
    });
    const renderSeconds = (performance.now() - renderStarted) / 1000;
    const bytes = await recordingBytes(page, recording.id);
    writeFileSync(options.out, bytes);

    for (const warning of recording.warnings) log(`warning: ${warning}`);
    log(
      [
        `wrote ${displayPath(options.out)}`,
        `  frames   ${recording.frames} at ${recording.fps} fps (${(recording.frames / recording.fps).toFixed(2)} s of video)`,
        `  size     ${recording.width}×${recording.height}`,
        ...(recording.soundtrack ? [`  sound    ${recording.soundtrack.codec === 'aac' ? 'AAC' : 'Opus'}, ${recording.soundtrack.seconds.toFixed(2)} s from ${recording.soundtrack.from}`] : []),
        `  codec    ${recording.codec === 'png' ? 'PNG' : CODEC_LABELS[recording.codec]} (${recording.codecString}) in ${recording.container.toUpperCase()}`,
        `  bytes    ${bytes.byteLength}`,
        `  graph    ${recording.graphVerified ? 'embedded and verified by reading the file back' : 'NOT recoverable from the file (see warnings)'}`,
        `  seconds  ${renderSeconds.toFixed(1)} rendering (${(recording.frames / renderSeconds).toFixed(1)} fps, ${backend}, pixels via ${recording.pixelPath}), ${((performance.now() - started) / 1000).toFixed(1)} in all`,
      ].join('\n'),
    );
  } catch (error) {
    const message = errorMessage(error);
    if (consoleErrors.length > 0) console.error(`browser console errors:\n  ${consoleErrors.slice(-10).join('\n  ')}`);
    await cleanUp();
    fail(message);
  }
  await cleanUp();
}

await main();
