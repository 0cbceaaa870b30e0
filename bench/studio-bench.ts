/**
 * What the benches that measure the built editor share: the app built (when stale) and served,
 * one headless Chromium, and the report written beside the other sections' under bench/results/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { ROOT, ensureBuild, serveApp } from '../scripts/lib/app-server';
import { CHROMIUM, ensureAptTool, launchChromium } from '../scripts/lib/chromium';
import type { LaunchedChromium } from '../scripts/lib/chromium';

/** Runs `measure` against the app in dist/, served on a free port, in a fresh Chromium; closes both after. */
export async function withServedStudio<T>(measure: (chromium: LaunchedChromium, url: string) => Promise<T>): Promise<T> {
  ensureAptTool(CHROMIUM, (line) => console.error(line));
  const dist = path.join(ROOT, 'dist');
  ensureBuild(dist, (line) => console.error(`bench: ${line}`));
  const server = await serveApp(dist);
  const chromium = await launchChromium();
  try {
    return await measure(chromium, server.url);
  } finally {
    await chromium.close();
    await server.close();
  }
}

/** The machine a figure was measured on, as every report names it. */
export function benchMachine(): { cpus: number; cpuModel: string; node: string } {
  return { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version };
}

/** Writes `report` to bench/results/`file` and returns it. */
export function writeBenchResult<T extends object>(file: string, report: T): T {
  mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(path.join(ROOT, 'bench', 'results', file), `${JSON.stringify(report, null, 2)}\n`);
  return report;
}
