// Debian's Chromium, headless, launched as in ../shared/docs/stack-facts.md ("Working launch
// configuration"); shared by the render command, the media benchmark and the e2e setup.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** `--enable-unsafe-webgpu` is the one flag WebGPU needs (SwiftShader when there is no GPU). */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless=new',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--enable-unsafe-webgpu',
];

export interface AptTool {
  /** The file that shows the package is there, e.g. `/usr/bin/ffprobe`. */
  readonly binary: string;
  /** The Debian package that provides it. */
  readonly pkg: string;
}

export const CHROMIUM: AptTool = { binary: CHROMIUM_PATH, pkg: 'chromium' };
/** ffprobe and ffmpeg, for checking encoded files. */
export const FFMPEG: AptTool = { binary: '/usr/bin/ffprobe', pkg: 'ffmpeg' };

/**
 * Installs a Debian package with apt-get when its binary is missing (CI runs as root).
 * @throws Error naming the command to run when it is missing and this process is not root.
 */
export function ensureAptTool(tool: AptTool, log: (line: string) => void = console.log): void {
  if (existsSync(tool.binary)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`${tool.binary} is missing and this process is not root, so it cannot install it. Install it with: sudo apt-get update && sudo apt-get install -y ${tool.pkg}`);
  }
  log(`${tool.binary} is missing: installing Debian's ${tool.pkg} (apt-get update && apt-get install -y ${tool.pkg})…`);
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', tool.pkg]);
  if (!existsSync(tool.binary)) throw new Error(`apt-get installed ${tool.pkg}, but ${tool.binary} is still missing.`);
  log(`${tool.pkg} installed.`);
}

function run(command: string, args: readonly string[]): void {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (result.error) throw new Error(`could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`\`${command} ${args.join(' ')}\` failed with exit code ${result.status}.`);
}

export interface LaunchedChromium {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** A fresh headless Chromium with its own temporary profile, removed on close. */
export async function launchChromium(options: { viewport?: { width: number; height: number } } = {}): Promise<LaunchedChromium> {
  const profile = mkdtempSync(path.join(tmpdir(), 'nfp-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: false, // --headless=new is in CHROMIUM_ARGS; Playwright's own flag would add plain --headless
      args: [...CHROMIUM_ARGS],
      viewport: options.viewport ?? { width: 1280, height: 800 },
    });
    return {
      context,
      async close() {
        await context.close().catch(() => undefined);
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
}
