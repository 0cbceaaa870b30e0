// Bundled by esbuild and injected into the built app's page (see bundle.ts): the media
// import and decode code under test, reachable as window.__media. It opens the page's own
// IndexedDB storage, so assets it imports are the ones the app's nodes read.
import { openStudioStorage } from '../../../src/core';
import type { AssetKind, StudioStorage } from '../../../src/core';
import { importMediaFiles, MediaInputError } from '../../../src/nodes/media/import-media';
import { openVideoInput, probeVideo } from '../../../src/nodes/media/probe';
import { VideoSampleSink } from 'mediabunny';
import { VideoReader } from '../../../src/nodes/media/video-reader';
import type { Fit } from '../../../src/nodes/media/fit';

let storage: Promise<StudioStorage> | undefined;

/** Fixture bytes, served to the page by the test through page.route. */
async function fixture(name: string): Promise<File> {
  const response = await fetch(`/__fixtures/${encodeURIComponent(name)}`);
  if (!response.ok) throw new Error(`fixture ${name}: HTTP ${response.status}`);
  return new File([await response.blob()], name);
}

/** An error as plain data; MediaInputError keeps its code. */
function describe(error: unknown): { name: string; code?: string; message: string } {
  if (error instanceof MediaInputError) return { name: error.name, code: error.code, message: error.message };
  return { name: error instanceof Error ? error.name : 'unknown', message: error instanceof Error ? error.message : String(error) };
}

const api = {
  async probe(name: string) {
    try {
      return { ok: true as const, facts: await probeVideo(await fixture(name)) };
    } catch (error) {
      return { ok: false as const, error: describe(error) };
    }
  },

  /** Imports fixtures into the app's storage as one asset; the stored record, or the refusal. */
  async importFixtures(names: readonly string[], kind: AssetKind) {
    storage ??= openStudioStorage();
    const store = await storage;
    const files = await Promise.all(names.map(fixture));
    try {
      const asset = await importMediaFiles(store, files, kind);
      return { ok: true as const, asset: { sha256: asset.sha256, name: asset.name, kind: asset.kind, meta: asset.meta } };
    } catch (error) {
      return { ok: false as const, error: describe(error) };
    }
  },

  /** Stores a fixture without probing it, as a file damaged after import would be. */
  async storeUnchecked(name: string, kind: AssetKind) {
    storage ??= openStudioStorage();
    return (await (await storage).saveAsset({ name, kind, blob: await fixture(name) })).sha256;
  },

  async assetCount() {
    storage ??= openStudioStorage();
    return (await (await storage).listAssets()).length;
  },

  /** Decodes every frame with no scaling and no readback: WebCodecs through mediabunny alone. */
  async decodeOnly(name: string) {
    const input = openVideoInput(await fixture(name));
    try {
      const track = await input.getPrimaryVideoTrack();
      if (!track) throw new Error(`${name} has no video track`);
      const started = performance.now();
      let decoded = 0;
      for await (const sample of new VideoSampleSink(track).samples()) {
        decoded++;
        sample.close();
      }
      return { decoded, ms: performance.now() - started };
    } finally {
      input.dispose();
    }
  },

  /** Decodes every frame in order, as the Video Source does; counts and times them. */
  async decodeAll(name: string, size: { width: number; height: number }, fit: Fit) {
    const reader = await VideoReader.open(await fixture(name), size, 64 * 1024 * 1024);
    try {
      const started = performance.now();
      let wrongSize = 0;
      for (let i = 0; i < reader.frameCount; i++) {
        if ((await reader.frame(i, fit)).length !== size.width * size.height * 4) wrongSize++;
      }
      const ms = performance.now() - started;
      return { frameCount: reader.frameCount, decoded: reader.decoded, wrongSize, ms };
    } finally {
      await reader.dispose();
    }
  },
};

declare global {
  interface Window {
    __media?: typeof api;
  }
}

window.__media = api;

export type MediaTestApi = typeof api;
