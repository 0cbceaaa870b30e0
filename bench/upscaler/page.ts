/**
 * The upscaler benchmark page: our Upscaler node's network path next to the `upscaler`
 * library, on the same weights (served from this origin) and the same tfjs backend. Each
 * timed frame ends in a readback, for both, so queued GPU work is counted.
 */
import * as tf from '@tensorflow/tfjs';
import type { Tensor3D } from '@tensorflow/tfjs';
import Upscaler from 'upscaler';
import esrganSlimX2 from '@upscalerjs/esrgan-slim/2x';
import esrganSlimX4 from '@upscalerjs/esrgan-slim/4x';
import { isBackendName, selectBackend } from '../../src/core';
import { servedModelUrl } from '../../src/nodes/upscaler/catalog';
import type { UpscaleFactor } from '../../src/nodes/upscaler/catalog';
import { loadUpscalerModel, upscaleWithModel } from '../../src/nodes/upscaler/upscaler-network';

export interface UpscalerBenchCase { readonly size: number; readonly scale: UpscaleFactor; readonly frames: number; readonly tile: number }
export interface UpscalerBenchTiming { readonly msPerFrame: number; readonly firstFrameMs: number; readonly frames: number }
export interface UpscalerBenchResult { readonly ours: UpscalerBenchTiming; readonly library: UpscalerBenchTiming; readonly maxAbsDiff: number }

declare global {
  interface Window { __upscalerBench?: { backend: string; run(c: UpscalerBenchCase): Promise<UpscalerBenchResult> } }
}

async function time(frames: number, frame: () => Promise<Tensor3D>): Promise<UpscalerBenchTiming> {
  let started = performance.now();
  (await frame()).dispose();
  const firstFrameMs = performance.now() - started;
  started = performance.now();
  for (let i = 0; i < frames; i++) (await frame()).dispose();
  return { msPerFrame: (performance.now() - started) / frames, firstFrameMs, frames };
}

async function run({ size, scale, frames, tile }: UpscalerBenchCase): Promise<UpscalerBenchResult> {
  const image = tf.randomUniform([size, size, 3], 0, 1, 'float32', 7) as Tensor3D;
  const pixels = tf.mul(image, 255) as Tensor3D;
  const model = await loadUpscalerModel(tf, 'esrgan-slim', scale);
  const definition = scale === 2 ? esrganSlimX2 : esrganSlimX4;
  const library = new Upscaler({ model: { ...definition, path: servedModelUrl('esrgan-slim', scale) } });
  await library.ready;
  const ours = async (): Promise<Tensor3D> => {
    const out = tf.tidy(() => upscaleWithModel(tf, model, image, scale, tile));
    await out.data();
    return out;
  };
  const theirs = async (): Promise<Tensor3D> => {
    const out = await library.execute(pixels, { output: 'tensor' }) as Tensor3D;
    await out.data();
    return out;
  };
  const oursTiming = await time(frames, ours);
  const libraryTiming = await time(frames, theirs);
  const a = await ours();
  const b = await theirs();
  const maxAbsDiff = tf.tidy(() => tf.max(tf.abs(tf.sub(a, tf.div(b, 255)))).dataSync()[0]!);
  tf.dispose([a, b, image, pixels]);
  model.dispose();
  await library.dispose();
  return { ours: oursTiming, library: libraryTiming, maxAbsDiff };
}

async function start(): Promise<void> {
  const asked = new URLSearchParams(location.search).get('backend');
  const choice = await selectBackend(tf, isBackendName(asked) ? asked : undefined);
  window.__upscalerBench = { backend: choice.backend, run };
  document.getElementById('status')!.textContent = `Ready on ${choice.backend}.`;
}

start().catch((error: unknown) => {
  const status = document.getElementById('status')!;
  status.dataset['failed'] = '';
  status.textContent = error instanceof Error ? error.message : String(error);
});
