// Runs once before the e2e suite: makes sure Chromium (and ffmpeg, for checking encoded
// videos) are there, builds the app, and serves the build with `vite preview` on 127.0.0.1.
// Tests read the address with inject('e2eBaseUrl').
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { ROOT, buildApp, serveApp } from '../../scripts/lib/app-server';
import { CHROMIUM, FFMPEG, ensureAptTool } from '../../scripts/lib/chromium';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the built app is served, e.g. `http://127.0.0.1:41234`; no trailing slash. */
    e2eBaseUrl: string;
  }
}

/**
 * A build of its own, so the suite never clobbers (or serves) someone else's `dist/`.
 * `E2E_DIST` overrides it, so two suites run side by side in one checkout don't share one.
 */
export const E2E_DIST = process.env.E2E_DIST ? path.resolve(process.env.E2E_DIST) : path.join(ROOT, 'test-results', 'e2e-dist');
/** Where the eval tests build the eval page (tools/eval), which the app's build does not hold; beside E2E_DIST. */
export const E2E_EVAL_DIST = `${E2E_DIST}-eval`;

const log = (line: string): void => console.log(`[e2e] ${line}`);

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  ensureAptTool(CHROMIUM, log);
  try {
    ensureAptTool(FFMPEG, log);
  } catch (error) {
    // Only the video tests need it; they fail with this message rather than the whole suite.
    log(`ffmpeg is unavailable, so the video checks will fail: ${error instanceof Error ? error.message : String(error)}`);
  }
  log(`building the app into ${path.relative(ROOT, E2E_DIST)} (vite build)…`);
  const started = Date.now();
  buildApp(E2E_DIST);
  log(`built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  const server = await serveApp(E2E_DIST);
  log(`serving ${path.relative(ROOT, E2E_DIST)} at ${server.url}`);
  project.provide('e2eBaseUrl', server.url);
  return () => server.close();
}
