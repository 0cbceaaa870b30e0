// Drives eval.html (tools/eval/main.ts) in headless Chromium: open it on a backend, hand it a
// clip from disk, evaluate a model on it, or run a generator benchmark case.
//
// The functions passed to page.evaluate run in the browser: they must not close over anything
// here (tsx's keepNames `__name` helper gets a stand-in in the page, as in studio-page.ts).
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { BackendName } from '../../src/core';
import type { EvalRequest, ModelReport, PreparedClip } from '../../tools/eval/eval-types';
import type { GeneratorBenchCase, GeneratorBenchResult } from '../../tools/eval/generator-bench';

export interface EvalPage {
  readonly page: Page;
  /** The backend the page runs on: it falls back (webgpu → webgl → cpu) when the asked one cannot start. */
  readonly backend: BackendName;
  /** Why better backends were passed over. */
  readonly skipped: ReadonlyArray<{ readonly backend: BackendName; readonly reason: string }>;
}

/** Opens eval.html (asking for `backend`, or the best available) and waits until its backend is ready. */
export async function openEvalPage(context: BrowserContext, baseUrl: string, backend: BackendName | undefined, timeoutMs = 120_000): Promise<EvalPage> {
  const page = await context.newPage();
  await page.addInitScript({ content: 'globalThis.__name ??= (fn) => fn;' });
  const response = await page.goto(`${baseUrl}/eval.html${backend ? `?backend=${backend}` : ''}`);
  if (!response?.ok()) throw new Error(`the build has no eval page (eval.html answered HTTP ${response?.status() ?? 'nothing'}); build it with tools/eval/vite.config.ts`);
  const handle = await page.waitForFunction(
    () => {
      const failed = document.querySelector('[data-failed]');
      if (failed) return { failed: failed.textContent ?? 'the eval page failed to start' };
      const ready = window.__eval;
      return ready ? { failed: null, backend: ready.backend, skipped: ready.skipped } : false;
    },
    null,
    { timeout: timeoutMs, polling: 100 },
  );
  const result = (await handle.jsonValue()) as { failed: string | null; backend: BackendName; skipped: EvalPage['skipped'] };
  if (result.failed !== null) throw new Error(result.failed);
  return { page, backend: result.backend, skipped: result.skipped };
}

type PageOutcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** Page errors come back as `{ ok: false, error }` rather than as Playwright's wrapped, stack-laden Error. */
function unwrap<T>(outcome: PageOutcome<T>): T {
  if (!outcome.ok) throw new Error(outcome.error);
  return outcome.value;
}

/** Where each page's progress lines go now (the page's binding is exposed once). */
const listeners = new WeakMap<Page, (line: string) => void>();

async function listen(page: Page, onProgress: (line: string) => void): Promise<void> {
  if (!listeners.has(page)) await page.exposeFunction('__evalProgress', (line: string) => listeners.get(page)?.(line));
  listeners.set(page, onProgress);
}

/**
 * Has `page` decode and split `clipFile` (served to the page from disk at a private URL) and
 * score the copy-last baseline; the page keeps the frames for `evaluateModelInPage`.
 * @throws Error with the page's message (an undecodable clip, a clip too short…).
 */
export async function prepareInPage(
  page: Page, clipFile: string, request: Omit<EvalRequest, 'clipUrl' | 'clipName'>, onProgress: (line: string) => void,
): Promise<PreparedClip> {
  const clipName = path.basename(clipFile);
  const clipUrl = `/__eval-clip/${encodeURIComponent(clipName)}`;
  // A failure elsewhere can close the page mid-request; its fulfil then fails, and that is no news.
  await page.route(`**${clipUrl}`, (route) => route.fulfill({ path: clipFile, headers: { 'Cross-Origin-Resource-Policy': 'same-origin' } }).catch(() => undefined));
  await listen(page, onProgress);
  const outcome = await page.evaluate(async (full: EvalRequest) => {
    try {
      return { ok: true as const, value: await window.__eval!.prepare(full) };
    } catch (error) {
      // This runs in the page, which has none of this module's imports.
      return { ok: false as const, error: error instanceof Error ? error.message : String(error) };
    }
  }, { ...request, clipUrl, clipName });
  return unwrap(outcome);
}

/** Trains, scores and rolls out one model in a page that has prepared the clip. */
export async function evaluateModelInPage(page: Page, feedbackPairs: boolean, onProgress: (line: string) => void): Promise<ModelReport> {
  await listen(page, onProgress);
  const outcome = await page.evaluate(async (withFeedback: boolean) => {
    try {
      return { ok: true as const, value: await window.__eval!.evaluateModel(withFeedback) };
    } catch (error) {
      return { ok: false as const, error: error instanceof Error ? error.message : String(error) };
    }
  }, feedbackPairs);
  return unwrap(outcome);
}

/** One generator speed measurement in `page` (see tools/eval/generator-bench.ts). */
export async function benchInPage(page: Page, benchCase: GeneratorBenchCase): Promise<GeneratorBenchResult> {
  const outcome = await page.evaluate(async (asked: GeneratorBenchCase) => {
    try {
      return { ok: true as const, value: await window.__eval!.benchmark(asked) };
    } catch (error) {
      return { ok: false as const, error: error instanceof Error ? error.message : String(error) };
    }
  }, benchCase);
  return unwrap(outcome);
}
