import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { io } from '@tensorflow/tfjs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONDITION_MS, frameCount, launchBrowser, screenshot, waitForFrame } from './browser';
import type { TestBrowser } from './browser';
import { ROOT } from '../../scripts/lib/app-server';
import { addFromPalette, dragWire, ensureRunning, graphOf, openStudio, selectNode, socket } from './editor-page';
import { extractFrame, probeVideo, videoPath } from './encoder-probe';
import { E2E_DIST } from './global-setup';

let browser: TestBrowser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** The demo's loop at 32×32 (train-window source → Feedback → Shift + Blend), upscaled ×4 into a Preview and an Encoder. */
function upscaledLoopGraph(encoder: { record: boolean; frames: number }): string {
  const node = (id: string, type: string, params: Record<string, unknown>, x: number, y = 0) => ({ id, type, typeVersion: 1, params, position: { x, y } });
  const edge = (id: string, from: string, to: string) => {
    const [fn, fp] = from.split('.');
    const [tn, tp] = to.split('.');
    return { id, from: { node: fn, port: fp }, to: { node: tn, port: tp } };
  };
  return JSON.stringify({
    format: 'nfp-studio-graph', version: 1, name: 'Upscaled loop', settings: { width: 32, height: 32, fps: 30 },
    nodes: [
      node('source', 'train-window-source', { seed: 7, speed: 1, poles: true }, 0),
      node('loop', 'feedback', {}, 260, 180),
      node('transform', 'shift-blend', { dx: -2, dy: 0, gain: 0.98, mix: 0.15 }, 520),
      node('up', 'upscaler', { method: 'esrgan-slim', scale: '4', tile: '128' }, 780),
      node('preview', 'preview', {}, 1040),
      node('rec', 'encoder', { ...encoder, container: 'webm', codec: 'vp9', bitrate: 2000, fps: 30 }, 1040, 200),
    ],
    edges: [
      edge('e0', 'source.frame', 'loop.seed'), edge('e1', 'loop.out', 'transform.frame'), edge('e2', 'source.frame', 'transform.source'),
      edge('e3', 'transform.frame', 'loop.in'), edge('e4', 'transform.frame', 'up.frame'), edge('e5', 'up.image', 'preview.frame'), edge('e6', 'up.image', 'rec.frame'),
    ],
    models: [], plugins: [],
  });
}

/** Runs `tsx scripts/render.ts …args` like `npm run render -- …args` does. */
function render(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), ['scripts/render.ts', ...args], { cwd: ROOT, env: { ...process.env, FORCE_COLOR: '0' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function nodeStatus(p: Page, nodeId: string): Promise<{ status?: string; message?: string }> {
  return p.evaluate((id) => {
    const stats = window.__studio!.scheduler.nodeStats(id);
    return { status: stats?.status, message: stats?.message };
  }, nodeId);
}

/** A small Layers model saved by tfjs (a 1×1 conv that inverts the picture), as the files `model.save` would download. */
async function invertingModelFiles(inputShape: number[] = [-1, -1, 3], bias = 1): Promise<{ name: string; mimeType: string; buffer: Buffer }[]> {
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ inputShape: inputShape.map((d) => (d < 0 ? null : d)) as number[], filters: 3, kernelSize: 1, weights: [tf.mul(tf.eye(3), -1).reshape([1, 1, 3, 3]), tf.fill([3], bias)] }));
  let saved: io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (a) => { saved = a; return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }; }));
  model.dispose();
  const json = { modelTopology: saved!.modelTopology, format: saved!.format, weightsManifest: [{ paths: ['./model.weights.bin'], weights: saved!.weightSpecs }] };
  return [
    { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(json)) },
    { name: 'model.weights.bin', mimeType: 'application/octet-stream', buffer: Buffer.from(saved!.weightData as ArrayBuffer) },
  ];
}

describe('Upscaler and TF.js Model nodes in the editor', () => {
  it('renders a loop → Upscaler ×4 (ESRGAN slim) → Encoder graph with `npm run render`: the file is 4× the graph size', async () => {
    const graphFile = path.join(ROOT, 'test-results', 'upscaled-loop.graph.json');
    mkdirSync(path.dirname(graphFile), { recursive: true });
    writeFileSync(graphFile, upscaledLoopGraph({ record: true, frames: 3 }));
    const out = videoPath('upscaled-loop.webm');
    rmSync(out, { force: true });
    const run = await render([graphFile, '--frames', '3', '--out', out, '--size', '32x32', '--backend', 'webgl', '--dist', E2E_DIST]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/size\s+128×128/);
    expect(probeVideo(out)).toMatchObject({ width: 128, height: 128, frames: 3 });
    extractFrame(out, 2, videoPath('upscaled-loop-frame-2.png'));
  }, 300_000);

  it('shows the upscaled loop in the editor, its weights fetched from our own origin only', async () => {
    const p = await openStudio(browser);
    const requests: string[] = [];
    p.on('request', (request) => requests.push(request.url()));
    await p.locator('input[type="file"][aria-label="Graph file to import"]').setInputFiles({
      name: 'upscaled-loop.graph.json', mimeType: 'application/json', buffer: Buffer.from(upscaledLoopGraph({ record: false, frames: 0 })),
    });
    await expect.poll(async () => (await graphOf(p)).name, { timeout: CONDITION_MS }).toBe('Upscaled loop');
    await ensureRunning(p);
    await expect.poll(async () => (await nodeStatus(p, 'up')).status, { timeout: CONDITION_MS * 2 }).toBe('ok');
    await selectNode(p, 'up');
    const size = await p.evaluate(async () => {
      let shape: number[] = [];
      await window.__studio!.scheduler.withLatestFrame('up', (image) => { shape = image.shape; });
      return shape;
    });
    expect(size).toEqual([128, 128, 3]);
    await screenshot(p, 'upscaler-after-loop');
    const origin = new URL(p.url()).origin;
    expect(requests.filter((url) => url.includes('/models/upscaler/esrgan-slim/x4/'))).toHaveLength(2);
    expect(requests.filter((url) => !url.startsWith(origin) && !url.startsWith('blob:') && !url.startsWith('data:'))).toEqual([]);
    expect(browser.consoleErrors).toEqual([]);
    await p.close();
  }, 300_000);

  it('imports a tfjs model through the Model field and runs it; a model of the wrong input size gets a clear error', async () => {
    const p = await openStudio(browser);
    const byo = await addFromPalette(p, 'TF.js Model');
    await dragWire(p, socket(p, 'transform', 'output', 'frame'), socket(p, byo, 'input', 'frame'));
    await selectNode(p, byo);
    await p.locator('input[type="file"][aria-label="Model files to import"]').setInputFiles(await invertingModelFiles());
    await expect.poll(async () => (await graphOf(p)).nodes.find((n) => n.id === byo)?.params['model'], { timeout: CONDITION_MS }).toMatch(/^[0-9a-f]{64}$/);
    await ensureRunning(p);
    await expect.poll(async () => (await nodeStatus(p, byo)).status, { timeout: CONDITION_MS }).toBe('ok');
    // The model inverts the picture: one step with both ends watched, output = 1 − input.
    // The check's promise is kept on window: V8's inspector holds an evaluation's own promise
    // only weakly, and under load CI saw it collected mid-step ("Resulting promise was garbage collected").
    const error = await p.evaluate((id) => {
      const retained = window as unknown as { inversionCheck?: Promise<number> };
      retained.inversionCheck = (async () => {
        const scheduler = window.__studio!.scheduler;
        const unwatch = scheduler.watch('transform');
        await scheduler.step();
        let input: Float32Array | undefined;
        let output: Float32Array | undefined;
        await scheduler.withLatestFrame('transform', (frame) => { input = frame.dataSync() as Float32Array; });
        await scheduler.withLatestFrame(id, (frame) => { output = frame.dataSync() as Float32Array; });
        unwatch();
        scheduler.run();
        return input && output ? Math.max(...output.map((v, i) => Math.abs(v - (1 - input![i]!)))) : Number.NaN;
      })();
      return retained.inversionCheck;
    }, byo);
    expect(error).toBeLessThan(1e-5);
    await waitForFrame(p, (await frameCount(p)) + 2, CONDITION_MS);
    await screenshot(p, 'tfjs-model-imported');

    // Other weights: stored models are keyed by their weight bytes, so equal weights would be the same model.
    await p.locator('input[type="file"][aria-label="Model files to import"]').setInputFiles(await invertingModelFiles([16, 16, 3], 0.5));
    await expect.poll(async () => (await nodeStatus(p, byo)).message, { timeout: CONDITION_MS })
      .toBe('the model takes 16×16 inputs but frames are 128×128: set Size to "resize to model input" or change the graph\'s size');
    await screenshot(p, 'tfjs-model-wrong-size');
  });
});
