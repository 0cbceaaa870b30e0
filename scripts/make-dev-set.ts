// npm run dev-set [-- --out dev-set] [--size 128] [--frames 240] [--only NAME[,NAME]] [--force]
//
// Writes the generated clips of the development set (docs/dev-set.md): the app's Train Window
// source (seeds 1 and 2), a panning and zooming landscape, and a water surface with caustics,
// each as WebM VP9 at 24 fps through the system ffmpeg (raw rgb24 frames on its stdin).
// Deterministic: the same flags give the same frames (and, with the same ffmpeg, the same
// file bytes: the muxer runs bitexact). Exit codes: 0 done, 1 failed, 2 bad arguments.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { DEV_SET_USAGE, parseDevSetArgs } from './lib/dev-set-options';
import type { DevSetClip, DevSetOptions } from './lib/dev-set-options';
import { DEV_SET_FPS, panZoomScene, waterScene } from './lib/dev-set-scenes';
import type { Scene } from './lib/dev-set-scenes';
import { errorMessage } from '../src/core/error-message';

const FFMPEG_PATH = '/usr/bin/ffmpeg';

/** How each clip is made: a scene for (size), seeded. */
const SCENES: Readonly<Record<DevSetClip, (size: number) => Scene | Promise<Scene>>> = {
  'train-window-1': (size) => trainWindowScene(1, size),
  'train-window-2': (size) => trainWindowScene(2, size),
  'pan-zoom': (size) => panZoomScene(1, size),
  water: (size) => waterScene(1, size),
};

let partial: string | undefined;

async function main(): Promise<number> {
  const parsed = parseDevSetArgs(process.argv.slice(2));
  if (parsed.ok === 'help') {
    console.log(DEV_SET_USAGE);
    return 0;
  }
  if (!parsed.ok) {
    console.error(`dev-set: ${parsed.error}\n\n${DEV_SET_USAGE}`);
    return 2;
  }
  const options = parsed.options;
  if (!existsSync(FFMPEG_PATH)) {
    // Loaded only when needed: chromium.ts brings in playwright-core, a second of start-up.
    const { ensureAptTool, FFMPEG } = await import('./lib/chromium');
    ensureAptTool({ ...FFMPEG, binary: FFMPEG_PATH });
  }
  mkdirSync(options.out, { recursive: true });
  process.once('SIGINT', () => {
    if (partial) rmSync(partial, { force: true });
    process.exit(130);
  });
  for (const clip of options.clips) await writeClip(clip, options);
  return 0;
}

async function writeClip(clip: DevSetClip, options: DevSetOptions): Promise<void> {
  const file = path.join(options.out, `${clip}.webm`);
  const relative = path.relative(process.cwd(), file);
  const shown = relative.startsWith('..') ? file : relative;
  if (existsSync(file) && !options.force) {
    console.log(`${shown}: exists, skipped (--force rewrites it)`);
    return;
  }
  const started = performance.now();
  const scene = await SCENES[clip](options.size);
  // Encode to a side file and rename at the end, so an interrupted run never leaves a short
  // clip that a later run would skip as done.
  partial = `${file}.partial`;
  try {
    await encode(scene, options.frames, partial);
    renameSync(partial, file);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    partial = undefined;
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`${shown}: ${options.frames} frames, ${options.size}×${options.size}, ${statSync(file).size} bytes, ${seconds.toFixed(1)} s`);
}

/** Pipes the scene's frames 0…frames-1 into ffmpeg (libvpx-vp9, constant quality) as `file`. */
async function encode(scene: Scene, frames: number, file: string): Promise<void> {
  const args = [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${scene.size}x${scene.size}`, '-r', String(DEV_SET_FPS), '-i', '-',
    '-c:v', 'libvpx-vp9', '-pix_fmt', 'yuv420p', '-crf', '18', '-b:v', '0', '-deadline', 'good', '-cpu-used', '2', '-row-mt', '1',
    '-fflags', '+bitexact', '-f', 'webm', file,
  ];
  const ffmpeg = spawn(FFMPEG_PATH, args, { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  ffmpeg.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve, reject) => {
    ffmpeg.on('error', (error) => reject(new Error(`could not run ${FFMPEG_PATH}: ${error.message}`)));
    ffmpeg.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg failed with exit code ${code}: ${stderr.trim()}`))));
  });
  // A write fails (EPIPE) when ffmpeg has already quit; its exit code and stderr say why.
  ffmpeg.stdin.on('error', () => undefined);
  try {
    for (let frame = 0; frame < frames; frame++) {
      const bytes = scene.render(frame);
      await new Promise<void>((resolve, reject) => ffmpeg.stdin.write(bytes, (error) => (error ? reject(error) : resolve())));
    }
  } catch {
    // fall through to the exit status
  }
  ffmpeg.stdin.end();
  await exited;
}

/**
 * The app's Train Window node, run the way the scheduler runs it: `create` once, then
 * `process` inside `tf.tidy` for each frame at time = frame / fps, on tfjs's cpu backend.
 */
async function trainWindowScene(seed: number, size: number): Promise<Scene> {
  const tf = await import('@tensorflow/tfjs');
  const { defaultParams, noAssetSource, noCheckpointStore, noDatasetSource } = await import('../src/core');
  const { trainWindowSource } = await import('../src/nodes/train-window-source');
  tf.env().set('PROD', true); // no "install tfjs-node" banner
  await tf.setBackend('cpu');
  await tf.ready();
  const params = { ...defaultParams(trainWindowSource.params), seed };
  const context = {
    nodeId: `train-window-${seed}`, params, size: { width: size, height: size }, tf,
    assets: noAssetSource, models: noCheckpointStore, datasets: noDatasetSource,
  };
  const state = trainWindowSource.create!(context);
  return {
    size,
    render(frame) {
      const image = tf.tidy(() => {
        const { frame: rgb } = trainWindowSource.process({ ...context, state, frame, time: frame / DEV_SET_FPS, inputs: {} });
        return tf.cast(tf.round(tf.mul(rgb as import('@tensorflow/tfjs').Tensor3D, 255)), 'int32');
      });
      const bytes = Uint8Array.from(image.dataSync());
      image.dispose();
      return bytes;
    },
  };
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`dev-set: ${errorMessage(error)}`);
    process.exit(1);
  },
);
