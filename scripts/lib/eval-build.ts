// The build the eval page is served from, shared by `npm run eval` and the generator benchmark.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT, buildApp, ensureBuild } from './app-server';

/**
 * `dist` as it is when given (it must hold eval.html), else dist/ rebuilt when stale.
 * @throws Error when a given build has no eval page.
 */
export function prepareEvalBuild(dist: string | undefined, log: (line: string) => void): string {
  if (dist !== undefined) {
    if (!existsSync(path.join(dist, 'eval.html'))) throw new Error(`${dist} holds no build of the eval page (no eval.html); build the app again`);
    return dist;
  }
  const own = path.join(ROOT, 'dist');
  const rebuilt = ensureBuild(own, log);
  // A dist/ built before eval.html existed is not stale by date, but lacks the page.
  if (rebuilt === null && !existsSync(path.join(own, 'eval.html'))) {
    log('building the app (dist/ has no eval page)…');
    buildApp(own);
  }
  return own;
}
