import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NodeRegistry, withPluginEntries } from '../../src/core';
import type { Graph } from '../../src/core';
import { builtInNodes } from '../../src/nodes';
import { ROOT } from '../../scripts/lib/app-server';
import { buildPlugin } from '../../scripts/lib/plugin-build';
import { GraphBuilder } from '../helpers/graph-builder';
import { CONDITION_MS, launchBrowser, screenshot } from './browser';
import type { TestBrowser } from './browser';
import { baseUrl, eventually, openStudio, waitForStudio } from './editor-page';

// A newcomer's path from docs/plugins.md: build a plugin, install it (after consent), run it in
// a loop, export a bundle, and open the bundle in a fresh browser profile.
const OUT = path.join(ROOT, 'test-results', 'plugins-e2e');
const TYPE = 'kaleidoscope/kaleidoscope';
let built: { file: string; sha256: string };
let graph: Graph;
const browsers: TestBrowser[] = [];

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  const result = await buildPlugin(path.join(ROOT, 'plugins/kaleidoscope'), OUT);
  built = { file: result.file, sha256: createHash('sha256').update(result.code).digest('hex') };
  // The graph a user would patch: source → feedback → kaleidoscope → feedback, with a preview.
  const registry = new NodeRegistry();
  registry.registerAll(builtInNodes);
  registry.registerAll(result.plugin.nodes, 'kaleidoscope');
  const raw = new GraphBuilder(64)
    .node('src', 'train-window-source', { seed: 7, speed: 1, poles: true }).node('fb', 'feedback').node('k', TYPE, { segments: 6, rotation: 0, spin: 20, zoom: 1.1 })
    .node('out', 'preview').edge('src.frame', 'fb.seed').edge('fb.out', 'k.frame').edge('k.frame', 'fb.in').edge('k.frame', 'out.frame').build();
  graph = withPluginEntries({ ...raw, name: 'Mandala' }, registry, () => ({ id: 'kaleidoscope', version: '1.0.0', sha256: built.sha256 }));
});

// Each test's browser closes when the test ends: left open, their loops kept running and
// slowed every later test of the file (188 s for the file on an idle 2-core machine).
afterEach(async () => {
  await Promise.all(browsers.splice(0).map((b) => b.close()));
});

async function fresh(): Promise<Page> {
  const browser = await launchBrowser();
  browsers.push(browser);
  return openStudio(browser);
}

const hasType = (page: Page) => page.evaluate((type) => window.__studio!.registry.has(type), TYPE);
const statusOf = (page: Page, id: string) => page.evaluate((node) => window.__studio!.scheduler.nodeStats(node)?.status, id);

async function openPlugins(page: Page) {
  await page.getByRole('button', { name: 'Plugins', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Plugins' });
  await dialog.waitFor({ timeout: CONDITION_MS });
  return dialog;
}

describe('plugins in the editor', () => {
  let bundlePath: string;

  it('installs a built plugin only after consent showing id, version, source and sha-256, and runs it in a loop', async () => {
    const page = await fresh();
    const plugins = await openPlugins(page);
    await plugins.locator('input[aria-label="Plugin file"]').setInputFiles(built.file);
    const consent = page.getByRole('dialog', { name: 'Install plugin?' });
    await consent.waitFor({ timeout: CONDITION_MS });
    expect(await consent.getByTestId('consent-id').textContent()).toBe('kaleidoscope');
    expect(await consent.getByTestId('consent-version').textContent()).toBe('1.0.0');
    expect(await consent.getByTestId('consent-sha256').textContent()).toBe(built.sha256);
    await expect.poll(() => consent.textContent()).toContain('kaleidoscope-1.0.0.js');
    expect(await hasType(page)).toBe(false);
    await screenshot(page, 'plugins-consent');

    await consent.getByRole('button', { name: 'Install and run' }).click();
    await eventually(() => hasType(page)).toBe(true);
    await eventually(() => plugins.getByRole('status').textContent()).toContain('Installed kaleidoscope 1.0.0: 1 node type in the palette.');
    await plugins.getByRole('button', { name: 'Close plugins' }).click();
    await page.getByRole('button', { name: 'Add Kaleidoscope', exact: true }).waitFor({ timeout: CONDITION_MS });

    await page.evaluate((g) => window.__studio!.document.replace(g), graph as never);
    await eventually(() => statusOf(page, 'k')).toBe('ok');
    await page.waitForTimeout(1500);
    await screenshot(page, 'plugins-kaleidoscope-loop');

    const dialog = await openPlugins(page);
    const download = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Export bundle' }).click();
    bundlePath = path.join(OUT, 'Mandala.nfp.zip');
    await (await download).saveAs(bundlePath);
    await eventually(() => dialog.getByRole('status').textContent()).toContain('Exported Mandala.nfp.zip');
    expect(Object.keys(unzipSync(readFileSync(bundlePath))).sort()).toEqual(['bundle.json', 'graph.json', 'plugins/kaleidoscope-1.0.0.js']);
  });

  it('opens the bundle in a fresh profile: placeholder first, plugin code only after consent, kept across reloads', async () => {
    const page = await fresh();
    const plugins = await openPlugins(page);
    await plugins.locator('input[aria-label="Bundle file"]').setInputFiles(bundlePath);
    // Nothing is stored or opened before the user says Open (issue 23).
    await page.getByRole('dialog', { name: 'Open bundle Mandala.nfp.zip?' }).getByRole('button', { name: 'Open', exact: true }).click();
    const consent = page.getByRole('dialog', { name: 'Install plugin?' });
    await consent.waitFor({ timeout: CONDITION_MS });
    expect(await consent.getByTestId('consent-sha256').textContent()).toBe(built.sha256);
    // The graph is open, its kaleidoscope a placeholder with its sockets; nothing of the plugin has run.
    await eventually(() => page.evaluate(() => window.__studio!.document.graph.name)).toBe('Mandala');
    expect(await hasType(page)).toBe(false);
    await eventually(() => statusOf(page, 'k')).toBe('blocked');
    expect(await page.locator('[data-node-id="k"][data-side="input"][data-port="frame"]').count()).toBe(1);
    await expect.poll(() => page.getByRole('status', { name: 'Missing plugins' }).textContent()).toContain('kaleidoscope 1.0.0');
    await screenshot(page, 'plugins-bundle-consent');

    await consent.getByRole('button', { name: 'Install and run' }).click();
    await eventually(() => statusOf(page, 'k')).toBe('ok');
    expect(await page.getByRole('status', { name: 'Missing plugins' }).count()).toBe(0);

    await page.reload();
    await page.waitForFunction(() => window.__studio !== undefined, null, { timeout: CONDITION_MS });
    expect(await hasType(page)).toBe(true);
  });

  it('refuses a tampered bundle with a message naming the altered file, changing nothing', async () => {
    const files = unzipSync(readFileSync(bundlePath));
    files['graph.json'] = strToU8(new TextDecoder().decode(files['graph.json']).replace('"Mandala"', '"Evil"'));
    const tampered = path.join(OUT, 'tampered.nfp.zip');
    writeFileSync(tampered, zipSync(files));
    const page = await fresh();
    const before = await page.evaluate(() => window.__studio!.document.graph.name);
    const plugins = await openPlugins(page);
    await plugins.locator('input[aria-label="Bundle file"]').setInputFiles(tampered);
    await eventually(() => plugins.getByRole('alert').textContent()).toBe('“tampered.nfp.zip” is damaged or was altered: graph.json does not match its SHA-256. Nothing was imported.');
    expect(await page.evaluate(() => window.__studio!.document.graph.name)).toBe(before);
    expect(await page.getByRole('dialog', { name: 'Install plugin?' }).count()).toBe(0);
    await screenshot(page, 'plugins-tampered-bundle');
  });

  it('says "Replaces" with both builds when an install would replace an installed plugin, Cancel the default', async () => {
    const page = await fresh();
    const plugins = await openPlugins(page);
    await plugins.locator('input[aria-label="Plugin file"]').setInputFiles(built.file);
    await page.getByRole('dialog', { name: 'Install plugin?' }).getByRole('button', { name: 'Install and run' }).click();
    await eventually(() => hasType(page)).toBe(true);
    // Another build of the same id and version: the case a bundle could slip in unnoticed.
    const other = path.join(OUT, 'kaleidoscope-other-build.js');
    const otherCode = `${readFileSync(built.file, 'utf8')}\n// another build\n`;
    writeFileSync(other, otherCode);
    const otherSha = createHash('sha256').update(otherCode).digest('hex');
    await plugins.locator('input[aria-label="Plugin file"]').setInputFiles(other);
    const consent = page.getByRole('dialog', { name: 'Replace plugin?' });
    await consent.waitFor({ timeout: CONDITION_MS });
    expect(await consent.getByTestId('consent-effect').textContent())
      .toBe(`Replaces installed kaleidoscope 1.0.0 (sha ${built.sha256.slice(0, 12)}) with kaleidoscope 1.0.0 (sha ${otherSha.slice(0, 12)}).`);
    await eventually(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await screenshot(page, 'plugins-consent-replaces');
    await page.keyboard.press('Enter');
    await eventually(() => consent.count()).toBe(0);
    expect(await page.evaluate(() => window.__studio!.plugins.get('kaleidoscope')?.sha256)).toBe(built.sha256);
  });

  it('starts although a stored plugin never settles, and ?safe starts with no plugin at all', async () => {
    const browser = await launchBrowser();
    browsers.push(browser);
    const page = await openStudio(browser);
    const hanging = `// @nfp-plugin {"id":"hangs","version":"1.0.0"}\nawait new Promise(() => {});\nexport default {};\n`;
    const sha256 = createHash('sha256').update(hanging).digest('hex');
    // Stored as an accepted plugin would be (installing it would only time out).
    await page.evaluate(async ([code, sha]) => {
      await window.__studio!.storage!.savePlugin({ id: 'hangs', version: '1.0.0', sha256: sha!, source: 'hangs.js', code: code! });
    }, [hanging, sha256]);
    const started = Date.now();
    await page.reload();
    await waitForStudio(page);
    expect(Date.now() - started).toBeLessThan(CONDITION_MS);
    const dialog = await openPlugins(page);
    await eventually(() => dialog.getByRole('listitem', { name: 'hangs' }).textContent()).toContain('did not finish loading within 5 s, so it was skipped');
    await screenshot(page, 'plugins-timeout');

    await page.goto(`${baseUrl}/?test&backend=webgl&safe`);
    await waitForStudio(page);
    const banner = page.getByRole('status', { name: 'Safe mode' });
    await expect.poll(() => banner.textContent()).toContain('no plugin was loaded');
    expect(await page.evaluate(() => window.__studio!.plugins.list().map((p) => p.status))).toEqual(['skipped']);
    await screenshot(page, 'plugins-safe-mode');
    await banner.getByRole('button', { name: 'Leave safe mode' }).click();
    await page.waitForURL((url) => !url.searchParams.has('safe'), { timeout: CONDITION_MS });
    await waitForStudio(page);
    expect(await page.getByRole('status', { name: 'Safe mode' }).count()).toBe(0);
  });

  it('offers safe mode on the boot screen when the last start did not finish', async () => {
    const browser = await launchBrowser();
    browsers.push(browser);
    const page = await openStudio(browser);
    await page.evaluate(async () => {
      const code = '// @nfp-plugin {"id":"fine","version":"1.0.0"}\nexport default {};\n';
      const bytes = new TextEncoder().encode(code);
      const sha = [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');
      await window.__studio!.storage!.savePlugin({ id: 'fine', version: '1.0.0', sha256: sha, source: 'fine.js', code });
      localStorage.setItem('nfp-studio-starting', '1');
    });
    await page.reload();
    const offer = page.getByRole('alertdialog', { name: 'The last start did not finish' });
    await offer.waitFor({ timeout: CONDITION_MS });
    await screenshot(page, 'plugins-safe-mode-offer');
    await offer.getByRole('button', { name: 'Start in safe mode' }).click();
    await waitForStudio(page);
    expect(new URL(page.url()).searchParams.has('safe')).toBe(true);
    expect(await page.getByRole('status', { name: 'Safe mode' }).count()).toBe(1);
  });
});
