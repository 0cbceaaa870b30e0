// Drives the built app in a page through its `?test` handle (window.__studio), whose
// recording store (src/nodes/media/recordings.ts) keeps the Encoder's files: open it on a backend, render a graph
// offline into a video, and copy the file's bytes out to node.
//
// The functions passed to page.evaluate run in the browser: they must not close over
// anything here. tsx compiles them with esbuild's keepNames, which wraps inner named
// functions in a `__name(fn, "name")` helper: openStudio defines a stand-in in the page.
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import type { Graph } from '../../src/core';
import type { Recording, RecordingEvent } from '../../src/nodes/media/recordings';
import type { RenderAsset } from './render-assets';

/** A recording as node sees it: everything but the Blob (fetch it with `recordingBytes`). */
export type RecordingInfo = Omit<Recording, 'blob'> & { readonly byteLength: number };

export interface OpenedStudio {
  readonly page: Page;
  /** The tfjs backend the app runs on (it falls back when the asked one cannot start). */
  readonly backend: string;
}

/** Opens the app with `?test&backend=…` and waits until it runs its start-up graph. */
export async function openStudio(context: BrowserContext, baseUrl: string, backend: string, timeoutMs = 120_000): Promise<OpenedStudio> {
  const page = await context.newPage();
  await page.addInitScript({ content: 'globalThis.__name ??= (fn) => fn;' });
  await page.goto(`${baseUrl}/?test&backend=${encodeURIComponent(backend)}`);
  const handle = await page.waitForFunction(
    () => {
      const failed = document.querySelector('[data-failed]');
      if (failed) return { failed: failed.textContent ?? 'the app failed to start' };
      // `running` comes right after main.ts loaded its graph: from then on the app leaves the scheduler alone.
      return window.__studio?.scheduler.state === 'running' ? { failed: null } : false;
    },
    null,
    { timeout: timeoutMs, polling: 100 },
  );
  const { failed } = (await handle.jsonValue()) as { failed: string | null };
  if (failed !== null) throw new Error(failed);
  const active = await page.evaluate(() => window.__studio!.tf.getBackend());
  return { page, backend: active };
}

/**
 * Stores `assets` in the page's own storage (IndexedDB), where the graph's nodes read them
 * by hash. The bytes travel through a routed URL, not through page.evaluate.
 * @throws Error when the page has no storage or a file is stored under another hash.
 */
export async function storeAssets(page: Page, assets: readonly RenderAsset[]): Promise<void> {
  if (assets.length === 0) return;
  const route = '**/__render-assets/*';
  await page.route(route, (request) => {
    const sha256 = new URL(request.request().url()).pathname.split('/').pop();
    const asset = assets.find((a) => a.sha256 === sha256);
    return asset ? request.fulfill({ body: readFileSync(asset.file) }) : request.fulfill({ status: 404 });
  });
  try {
    await page.evaluate(async (list) => {
      const storage = window.__studio?.storage;
      if (!storage) throw new Error('the page could not open its storage, so the --asset files cannot reach the graph');
      for (const { name, kind, sha256 } of list) {
        const response = await fetch(`/__render-assets/${sha256}`);
        if (!response.ok) throw new Error(`could not hand ${name} to the page (HTTP ${response.status})`);
        const stored = await storage.saveAsset({ name, kind, blob: await response.blob() });
        if (stored.sha256 !== sha256) throw new Error(`${name} arrived changed in the page (SHA-256 ${stored.sha256.slice(0, 12)}…)`);
      }
    }, assets.map(({ name, kind, sha256 }) => ({ name, kind, sha256 })));
  } finally {
    await page.unroute(route);
  }
}

export interface RenderRequest {
  readonly graph: Graph;
  /** The Encoder node that records (its params must have `record: true` and `frames` set). */
  readonly encoderId: string;
  readonly frames: number;
  /** Called with the number of frames done, after each frame. */
  readonly onProgress?: (done: number) => void;
  /** How long the encoder may take to finish the file after the last frame. */
  readonly finishTimeoutMs?: number;
}

const progressBindings = new WeakSet<Page>();

/**
 * Loads `graph` in place of whatever runs, switches to offline mode, resets (a fresh file),
 * renders `frames` frames and waits for the Encoder to publish the finished file.
 * @throws Error with the failing node's message when a frame or the file fails.
 */
export async function renderRecording(page: Page, request: RenderRequest): Promise<RecordingInfo> {
  if (!progressBindings.has(page)) {
    await page.exposeFunction('__nfpRenderProgress', (done: number) => currentProgress?.(done));
    progressBindings.add(page);
  }
  currentProgress = request.onProgress;
  try {
    return await page.evaluate(
      async ({ graphText, encoderId, frames, finishTimeoutMs }) => {
        const graph = JSON.parse(graphText) as Graph;
        const studio = window.__studio;
        if (!studio) throw new Error('the page has no window.__studio: open it with ?test');
        const { scheduler } = studio;
        await scheduler.pause();
        scheduler.setMode('offline');
        await scheduler.load(graph);
        // The Encoder embeds the scheduler's graph (through its node host) and publishes the file to this store.
        const store = studio.recordings;
        let unsubscribe: (() => void) | undefined;
        const finished = new Promise<Recording>((resolve, reject) => {
          unsubscribe = store.subscribe((event: RecordingEvent) => {
            if (event.type === 'recordingfinished' && event.recording.nodeId === encoderId) resolve(event.recording);
            if (event.type === 'recordingfailed' && event.nodeId === encoderId) reject(new Error(`the Encoder failed: ${event.message}`));
          });
        });
        finished.catch(() => undefined);
        try {
          await scheduler.reset();
          const progress = (window as unknown as { __nfpRenderProgress: (done: number) => Promise<void> }).__nfpRenderProgress;
          const ok = await scheduler.renderFrames(frames, (frame) => progress(frame + 1));
          if (!ok) {
            const failedNode = graph.nodes.find((n) => scheduler.nodeStats(n.id)?.status === 'error');
            const message = failedNode ? scheduler.nodeStats(failedNode.id)?.message : undefined;
            throw new Error(failedNode ? `node "${failedNode.label ?? failedNode.type}" (${failedNode.id}) failed: ${message}` : 'a frame failed');
          }
          const recording = await Promise.race([
            finished,
            new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`the Encoder did not finish the file within ${finishTimeoutMs / 1000} s`)), finishTimeoutMs)),
          ]);
          const { blob, ...info } = recording;
          return { ...info, byteLength: blob.size };
        } finally {
          unsubscribe?.();
        }
      },
      { graphText: JSON.stringify(request.graph), encoderId: request.encoderId, frames: request.frames, finishTimeoutMs: request.finishTimeoutMs ?? 120_000 },
    );
  } finally {
    currentProgress = undefined;
  }
}

let currentProgress: ((done: number) => void) | undefined;

/** Base64 pieces keep each page.evaluate answer small. */
const CHUNK_BYTES = 4 * 1024 * 1024;

/** The bytes of a finished recording, copied out of the page. */
export async function recordingBytes(page: Page, id: string): Promise<Uint8Array<ArrayBuffer>> {
  const size = await page.evaluate((recordingId) => {
    const recording = window.__studio?.recordings.get(recordingId);
    if (!recording) throw new Error(`no recording ${recordingId} in the page`);
    return recording.blob.size;
  }, id);
  const parts: Buffer[] = [];
  for (let start = 0; start < size; start += CHUNK_BYTES) {
    const base64 = await page.evaluate(
      async ({ recordingId, from, to }) => {
        const blob = window.__studio!.recordings.get(recordingId)!.blob.slice(from, to);
        const url = await new Promise<string>((resolve, reject) => {
          const reader = new FileReader();
          reader.onload = () => resolve(reader.result as string);
          reader.onerror = () => reject(reader.error ?? new Error('could not read the recording'));
          reader.readAsDataURL(blob);
        });
        return url.slice(url.indexOf(',') + 1);
      },
      { recordingId: id, from: start, to: Math.min(size, start + CHUNK_BYTES) },
    );
    parts.push(Buffer.from(base64, 'base64'));
  }
  const all = Buffer.concat(parts);
  return new Uint8Array(all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer);
}
