// Builds the app (or a tool's page) with Vite when its build is missing or older than its
// sources, and serves a build with Vite's preview server on 127.0.0.1 at a free port.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { preview } from 'vite';

export const ROOT = path.resolve(import.meta.dirname, '../..');

/** What a build depends on: if any of these is newer than the build, it is stale. */
const BUILD_INPUTS = ['src', 'public', 'index.html', 'vite.config.ts', 'svelte.config.js', 'package.json', 'package-lock.json', 'tsconfig.json'];

/** A page built by a Vite config of its own: the app (the default), or a tool's page under tools/. */
export interface BuildTarget {
  /** The Vite config, relative to the repository root; undefined: vite.config.ts (the app). */
  readonly config?: string;
  /** The HTML file the build writes at the top of its outDir. */
  readonly page: string;
  /** What the build depends on, relative to the repository root. */
  readonly inputs: readonly string[];
}

/** The app: index.html and the editor. */
export const APP_TARGET: BuildTarget = { page: 'index.html', inputs: BUILD_INPUTS };

function newestMtime(file: string): number {
  if (!existsSync(file)) return 0;
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(file)) newest = Math.max(newest, newestMtime(path.join(file, entry)));
  return newest;
}

/** Why `outDir` needs a (re)build of `target`, or null when it is up to date. */
export function buildStaleness(outDir: string, target: BuildTarget = APP_TARGET): string | null {
  const index = path.join(outDir, target.page);
  if (!existsSync(index)) return `${path.relative(ROOT, outDir) || outDir} has no build${target === APP_TARGET ? '' : ` of ${target.page}`}`;
  const built = statSync(index).mtimeMs;
  const changed = target.inputs.find((input) => newestMtime(path.join(ROOT, input)) > built);
  return changed ? `${changed} changed since the last build` : null;
}

/** Runs `vite build` of `target` into `outDir` (a child process, so the build sees NODE_ENV=production). */
export function buildApp(outDir: string, target: BuildTarget = APP_TARGET): void {
  const config = target.config === undefined ? [] : ['--config', path.join(ROOT, target.config)];
  const result = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', ...config, '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } },
  );
  if (result.error) throw new Error(`could not run vite build: ${result.error.message}`);
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-20).join('\n');
    throw new Error(`vite build failed (exit code ${result.status}):\n${output}`);
  }
}

/** Builds `target` into `outDir` when it is missing or stale; returns why it built, or null when it did not. */
export function ensureBuild(outDir: string, log: (line: string) => void, target: BuildTarget = APP_TARGET): string | null {
  const reason = buildStaleness(outDir, target);
  if (reason === null) return null;
  log(`building ${target === APP_TARGET ? 'the app' : target.page} (${reason})…`);
  const started = Date.now();
  buildApp(outDir, target);
  log(`built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return reason;
}

export interface ServedApp {
  /** e.g. `http://127.0.0.1:41234`, no trailing slash. */
  readonly url: string;
  close(): Promise<void>;
}

/** Serves a build with `vite preview` (with the app's cross-origin-isolation headers). */
export async function serveApp(outDir: string): Promise<ServedApp> {
  const port = await freePort();
  const server = await preview({
    root: ROOT,
    logLevel: 'error',
    build: { outDir },
    preview: { host: '127.0.0.1', port, strictPort: true, open: false },
  });
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}

/** Asks the OS for a port nobody is using, then releases it for the server. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
