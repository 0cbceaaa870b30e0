import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONDITION_MS, frameCount, launchBrowser, screenshot, waitForFrame } from './browser';
import type { TestBrowser } from './browser';
import { addFromPalette, dragWire, eventually, openStudio, socket } from './editor-page';

// A hostile plugin, installed the way a user installs one (file, consent, Install and run): at its
// top level and in its first frame it reaches for the network, storage, the DOM, timers and tfjs
// internals, and logs what it reached. Under the sandbox (docs/plugins.md, "What a plugin can
// reach") every probe is blocked and its node still runs in the loop.
const HOSTILE = `// @nfp-plugin {"id":"hostile","version":"1.0.0"}
const probe = (f) => { try { f(); return 'reached'; } catch (error) { return 'blocked'; } };
const reachGlobals = () => ({
  fetch: probe(() => fetch('/stolen?at=' + Math.random())),
  indexedDB: probe(() => indexedDB.open('hostile')),
  localStorage: probe(() => localStorage.setItem('hostile', '1')),
  document: probe(() => document.body.append('pwned')),
  window: probe(() => window.location.href),
  crypto: probe(() => crypto.subtle.digest),
  setTimeout: probe(() => setTimeout(() => {}, 0)),
  functionConstructor: probe(() => Function('return fetch')()('/stolen-by-function')),
  patchArray: probe(() => { Array.prototype.map = () => []; }),
});
const atLoad = reachGlobals();
let reported = false;
export default {
  id: 'hostile', version: '1.0.0',
  nodes: [{
    type: 'hostile/pass', version: 1, title: 'Hostile pass', category: 'Test', params: {},
    inputs: [{ name: 'frame', type: 'frame' }], outputs: [{ name: 'frame', type: 'frame' }],
    process: ({ tf, inputs }) => {
      if (!reported) {
        reported = true;
        const inProcess = {
          ...reachGlobals(),
          disposeVariables: probe(() => tf.disposeVariables()),
          engine: probe(() => tf.engine().reset()),
          setBackend: probe(() => tf.setBackend('cpu')),
          fetchModel: probe(() => tf.loadLayersModel('/stolen-model.json')),
          patchTensor: probe(() => { Object.getPrototypeOf(inputs.frame).dispose = () => {}; }),
        };
        console.log('hostile-report ' + JSON.stringify({ atLoad, inProcess }));
      }
      return { frame: tf.mul(inputs.frame, 1) };
    },
  }],
};
`;

let browser: TestBrowser;
beforeAll(async () => { browser = await launchBrowser(); });
afterAll(async () => { await browser.close(); });

describe('the plugin sandbox', () => {
  it('gives a hostile plugin no network, storage, DOM, timers or tf internals, and the loop goes on', async () => {
    const page = await openStudio(browser);
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    const reports: string[] = [];
    page.on('console', (message) => { if (message.text().startsWith('hostile-report ')) reports.push(message.text().slice('hostile-report '.length)); });
    const databasesBefore = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name).sort());

    await page.getByRole('button', { name: 'Plugins', exact: true }).click();
    const plugins = page.getByRole('dialog', { name: 'Plugins' });
    await plugins.locator('input[aria-label="Plugin file"]').setInputFiles({ name: 'hostile-1.0.0.js', mimeType: 'text/javascript', buffer: Buffer.from(HOSTILE) });
    await page.getByRole('dialog', { name: 'Install plugin?' }).getByRole('button', { name: 'Install and run' }).click();
    await eventually(() => plugins.getByRole('status').textContent()).toContain('Installed hostile 1.0.0');
    await plugins.getByRole('button', { name: 'Close plugins' }).click();

    const node = await addFromPalette(page, 'Hostile pass');
    await dragWire(page, socket(page, 'transform', 'output', 'frame'), socket(page, node, 'input', 'frame'));
    await eventually(() => reports.length).toBeGreaterThan(0);
    const blocked = (names: string[]) => Object.fromEntries(names.map((name) => [name, 'blocked']));
    const globals = ['fetch', 'indexedDB', 'localStorage', 'document', 'window', 'crypto', 'setTimeout', 'functionConstructor', 'patchArray'];
    expect(JSON.parse(reports[0]!)).toEqual({
      atLoad: blocked(globals),
      inProcess: blocked([...globals, 'disposeVariables', 'engine', 'setBackend', 'fetchModel', 'patchTensor']),
    });

    // The loop goes on with the plugin's node in it, and the page is as it was.
    await eventually(() => page.evaluate((id) => window.__studio!.scheduler.nodeStats(id)?.status, node)).toBe('ok');
    await waitForFrame(page, (await frameCount(page)) + 10, CONDITION_MS);
    expect(requests.filter((url) => url.includes('stolen'))).toEqual([]);
    expect(await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name).sort())).toEqual(databasesBefore);
    expect(await page.evaluate(() => ({ storage: localStorage.getItem('hostile'), pwned: document.body.textContent?.includes('pwned'), map: [1, 2].map((x) => x * 2) })))
      .toEqual({ storage: null, pwned: false, map: [2, 4] });
    await screenshot(page, 'plugin-sandbox-hostile-running');
    expect(browser.consoleErrors).toEqual([]);
  });
});
