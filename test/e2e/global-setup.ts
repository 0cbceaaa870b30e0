// Runs once before the e2e suite: makes sure Chromium is there, builds the app, and serves
// the build with `vite preview` on 127.0.0.1. Tests read the address with inject('e2eBaseUrl').
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { preview } from 'vite';
import type { TestProject } from 'vitest/node';
import { CHROMIUM_PATH } from './browser';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the built app is served, e.g. `http://127.0.0.1:41234`; no trailing slash. */
    e2eBaseUrl: string;
  }
}

const ROOT = path.resolve(import.meta.dirname, '../..');
/** A build of its own, so the suite never clobbers (or serves) someone else's `dist/`. */
const OUT_DIR = path.join(ROOT, 'test-results', 'e2e-dist');

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  ensureChromium();
  buildApp();
  const port = await freePort();
  const server = await preview({
    root: ROOT,
    logLevel: 'warn',
    build: { outDir: OUT_DIR },
    preview: { host: '127.0.0.1', port, strictPort: true, open: false },
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  console.log(`[e2e] serving ${path.relative(ROOT, OUT_DIR)} at ${baseUrl}`);
  project.provide('e2eBaseUrl', baseUrl);
  return async () => {
    await server.close();
  };
}

function ensureChromium(): void {
  if (existsSync(CHROMIUM_PATH)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `[e2e] ${CHROMIUM_PATH} is missing and this process is not root, so it cannot install it. ` +
        'Install it with: sudo apt-get update && sudo apt-get install -y chromium',
    );
  }
  console.log(`[e2e] ${CHROMIUM_PATH} is missing: installing Debian's chromium (apt-get update && apt-get install -y chromium)…`);
  run('apt-get', ['update'], {});
  run('apt-get', ['install', '-y', 'chromium'], { DEBIAN_FRONTEND: 'noninteractive' });
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`[e2e] apt-get installed chromium, but ${CHROMIUM_PATH} is still missing.`);
  console.log('[e2e] chromium installed.');
}

function buildApp(): void {
  console.log(`[e2e] building the app into ${path.relative(ROOT, OUT_DIR)} (vite build)…`);
  const started = Date.now();
  // A child process, so the build sees NODE_ENV=production rather than vitest's `test`.
  run(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', OUT_DIR, '--emptyOutDir', '--logLevel', 'warn'], {
    NODE_ENV: 'production',
  });
  console.log(`[e2e] built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

function run(command: string, args: readonly string[], env: Record<string, string>): void {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.error) throw new Error(`[e2e] could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`[e2e] \`${command} ${args.join(' ')}\` failed with exit code ${result.status}.`);
}

/** Asks the OS for a port nobody is using, then releases it for the preview server. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
