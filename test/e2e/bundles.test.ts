import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { toGraphJson } from '../../src/core';
import { ROOT } from '../../scripts/lib/app-server';
import { GraphBuilder } from '../helpers/graph-builder';
import { CONDITION_MS, launchBrowser, screenshot } from './browser';
import type { TestBrowser } from './browser';
import { eventually, openStudio } from './editor-page';

// Bundles only add, and only after the user says Open; a zip bomb is refused and the tab lives.
const OUT = path.join(ROOT, 'test-results', 'bundles-e2e');
const browsers: TestBrowser[] = [];
afterAll(async () => { await Promise.all(browsers.map((b) => b.close())); });

async function fresh(): Promise<Page> {
  const browser = await launchBrowser();
  browsers.push(browser);
  return openStudio(browser);
}

async function openBundle(page: Page, file: string) {
  await page.getByRole('button', { name: 'Plugins', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Plugins' });
  await dialog.waitFor({ timeout: CONDITION_MS });
  await dialog.locator('input[aria-label="Bundle file"]').setInputFiles(file);
  return dialog;
}

/**
 * A real zip bomb, ~1.2 MiB packed: 70 entries of 16 MiB of zeros each, 1120 MiB unpacked.
 * One entry is deflated once and its bytes repeated under other names (deflating 70 would be slow).
 */
function zipBomb(): Uint8Array {
  const one = zipSync({ 'models/00.bin': new Uint8Array(16 * 1024 * 1024) }, { level: 9 });
  const v = new DataView(one.buffer);
  const localLength = 30 + v.getUint16(26, true) + v.getUint16(28, true) + v.getUint32(18, true);
  const local = one.subarray(0, localLength);
  const central = one.subarray(localLength, one.byteLength - 22);
  const count = 70;
  const out = new Uint8Array(count * (local.byteLength + central.byteLength) + 22);
  const o = new DataView(out.buffer);
  const name = (i: number) => strToU8(`models/${String(i).padStart(2, '0')}.bin`);
  for (let i = 0; i < count; i++) {
    out.set(local, i * local.byteLength);
    out.set(name(i), i * local.byteLength + 30);
    const at = count * local.byteLength + i * central.byteLength;
    out.set(central, at);
    out.set(name(i), at + 46);
    o.setUint32(at + 42, i * local.byteLength, true); // where its local header is
  }
  const end = out.byteLength - 22;
  out.set(one.subarray(one.byteLength - 22), end);
  o.setUint16(end + 8, count, true);
  o.setUint16(end + 10, count, true);
  o.setUint32(end + 12, count * central.byteLength, true);
  o.setUint32(end + 16, count * local.byteLength, true);
  return out;
}

/** A bundle by hand: a graph whose Dataset node names a dataset, which bundles never carry. */
function datasetBundle(): Uint8Array {
  const graph = { ...new GraphBuilder(64).node('d', 'dataset', { dataset: 'ds-elsewhere' }).build(), name: 'Trained elsewhere' };
  const graphJson = strToU8(toGraphJson(graph));
  const index = { format: 'nfp-studio-bundle', version: 1, files: [{ path: 'graph.json', kind: 'graph', sha256: createHash('sha256').update(graphJson).digest('hex') }] };
  return zipSync({ 'bundle.json': strToU8(JSON.stringify(index)), 'graph.json': graphJson });
}

describe('graph bundles in the editor', () => {
  it('refuses a zip bomb with a message, and the tab lives', async () => {
    mkdirSync(OUT, { recursive: true });
    const file = path.join(OUT, 'bomb.nfp.zip');
    writeFileSync(file, zipBomb());
    const page = await fresh();
    const before = await page.evaluate(() => window.__studio!.document.graph.name);
    const dialog = await openBundle(page, file);
    await eventually(() => dialog.getByRole('alert').textContent()).toBe('“bomb.nfp.zip” would unpack to more than 1024 MiB; refused. Nothing was imported.');
    expect(await page.evaluate(() => window.__studio!.document.graph.name)).toBe(before);
    expect(await page.evaluate(async () => (await window.__studio!.storage!.listModels()).length)).toBe(0);
    await screenshot(page, 'bundles-zip-bomb');
  });

  it('opens only after the user says Open, saying that bundles carry no datasets', async () => {
    const file = path.join(OUT, 'trained.nfp.zip');
    writeFileSync(file, datasetBundle());
    const page = await fresh();
    const before = await page.evaluate(() => window.__studio!.document.graph.name);
    const plugins = await openBundle(page, file);
    const question = page.getByRole('dialog', { name: 'Open bundle trained.nfp.zip?' });
    await question.waitFor({ timeout: CONDITION_MS });
    expect(await question.textContent()).toContain('Bundles carry no datasets: this graph uses 1 dataset, which must be built again here before training.');
    expect(await question.textContent()).toContain('it never replaces stored ones');
    await screenshot(page, 'bundles-open-question');
    await question.getByRole('button', { name: 'Cancel' }).click();
    await eventually(() => question.count()).toBe(0);
    expect(await page.evaluate(() => window.__studio!.document.graph.name)).toBe(before);

    await plugins.locator('input[aria-label="Bundle file"]').setInputFiles(file);
    await question.getByRole('button', { name: 'Open', exact: true }).click();
    await eventually(() => page.evaluate(() => window.__studio!.document.graph.name)).toBe('Trained elsewhere');
  });
});
