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
import { isBackendName, selectBackend, errorMessage } from '../../../src/core';
import { servedModelUrl } from '../../../src/nodes/upscaler/catalog';
import type { UpscaleFactor } from '../../../src/nodes/upscaler/catalog';
import { loadUpscalerModel, upscaleWithModel } from '../../../src/nodes/upscaler/upscaler-network';

export interface UpscalerBenchCase { readonly size: number; readonly scale: UpscaleFactor; readonly frames: number; readonly tile: number }
export interface UpscalerBenchTiming {
  /** Median over the timed frames. */
  readonly msPerFrame: number;
  readonly firstFrameMs: number;
  readonly frames: number;
}
export interface UpscalerBenchResult {
  readonly ours: UpscalerBenchTiming;
  readonly library: UpscalerBenchTiming;
  /** ours / library for each round, in round order. */
  readonly ratios: readonly number[];
  readonly maxAbsDiff: number;
}

declare global {
  interface Window { __upscalerBench?: { backend: string; run(c: UpscalerBenchCase): Promise<UpscalerBenchResult> } }
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

async function timeOne(frame: () => Promise<Tensor3D>): Promise<number> {
  const started = performance.now();
  (await frame()).dispose();
  return performance.now() - started;
}

/**
 * Times both sides in alternating rounds (ours then the library, then the library then ours,
 * …) after one warm-up frame each, and reports medians: timing one side's frames all before
 * the other's let garbage collection, shader-cache and machine-load drift fall on one side
 * only, which swung the ratio by ±5 % between runs of identical work.
 */
async function timeInterleaved(frames: number, ours: () => Promise<Tensor3D>, theirs: () => Promise<Tensor3D>): Promise<{ ours: UpscalerBenchTiming; library: UpscalerBenchTiming; ratios: number[] }> {
  const oursFirst = await timeOne(ours);
  const libraryFirst = await timeOne(theirs);
  const oursMs: number[] = [];
  const libraryMs: number[] = [];
  for (let round = 0; round < frames; round++) {
    if (round % 2 === 0) {
      oursMs.push(await timeOne(ours));
      libraryMs.push(await timeOne(theirs));
    } else {
      libraryMs.push(await timeOne(theirs));
      oursMs.push(await timeOne(ours));
    }
  }
  return {
    ours: { msPerFrame: median(oursMs), firstFrameMs: oursFirst, frames },
    library: { msPerFrame: median(libraryMs), firstFrameMs: libraryFirst, frames },
    ratios: oursMs.map((ms, i) => ms / libraryMs[i]!),
  };
}

async function run({ size, scale, frames, tile }: UpscalerBenchCase): Promise<UpscalerBenchResult> {
  const image = tf.randomUniform([size, size, 3], 0, 1, 'float32', 7) as Tensor3D;
  const pixels = tf.mul(image, 255) as Tensor3D;
  const model = await loadUpscalerModel(tf, 'esrgan-slim', scale);
  const definition = scale === 2 ? esrganSlimX2 : esrganSlimX4;
  const library = new Upscaler({ model: { ...definition, path: servedModelUrl('esrgan-slim', scale) } });
  await library.ready;
  const ours = async (): Promise<Tensor3D> => {
    const out = tf.tidy(() => upscaleWithModel(tf, model, image, tile));
    await out.data();
    return out;
  };
  const theirs = async (): Promise<Tensor3D> => {
    const out = await library.execute(pixels, { output: 'tensor' }) as Tensor3D;
    await out.data();
    return out;
  };
  const timing = await timeInterleaved(frames, ours, theirs);
  const a = await ours();
  const b = await theirs();
  const maxAbsDiff = tf.tidy(() => tf.max(tf.abs(tf.sub(a, tf.div(b, 255)))).dataSync()[0]!);
  tf.dispose([a, b, image, pixels]);
  model.dispose();
  await library.dispose();
  return { ...timing, maxAbsDiff };
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
  status.textContent = errorMessage(error);
});
