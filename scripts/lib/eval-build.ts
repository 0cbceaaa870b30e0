// The build the eval page is served from, shared by `npm run eval` and the generator benchmark:
// tools/eval/eval.html, built by its own Vite config into tools/eval/dist/ (never the app's dist/).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT, ensureBuild } from './app-server';
import type { BuildTarget } from './app-server';

/** The eval page: what it is built from and what its build depends on. */
export const EVAL_TARGET: BuildTarget = {
  config: 'tools/eval/vite.config.ts',
  page: 'eval.html',
  inputs: ['src', 'tools/eval', 'package.json', 'package-lock.json', 'tsconfig.json'],
};

/** Where the eval page is built when no `--dist` is given. */
export const EVAL_DIST = path.join(ROOT, 'tools', 'eval', 'dist');

/** Builds the eval page into `outDir` when it is missing or stale (as EVAL_DIST is). */
export function ensureEvalBuild(outDir: string, log: (line: string) => void): void {
  ensureBuild(outDir, log, EVAL_TARGET);
}

/**
 * `dist` as it is when given (it must hold eval.html), else tools/eval/dist/ rebuilt when stale.
 * @throws Error when a given build has no eval page.
 */
export function prepareEvalBuild(dist: string | undefined, log: (line: string) => void): string {
  if (dist !== undefined) {
    if (!existsSync(path.join(dist, 'eval.html'))) throw new Error(`${dist} holds no build of the eval page (no eval.html); leave out --dist to build one`);
    return dist;
  }
  ensureEvalBuild(EVAL_DIST, log);
  return EVAL_DIST;
}
