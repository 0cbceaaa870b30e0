import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_PLUGIN_BYTES, NodeRegistry, PluginError, PluginHost, fetchPluginCode, inspectPluginCode, openStudioStorage, pluginHeader } from '../../../src/core';
import type { StudioStorage } from '../../../src/core';
import { builtInNodes } from '../../../src/nodes';

declare global {
  var __pluginImported: number | undefined;
}

/** A hand-written third-party plugin: one node, and a global set the moment its module runs. */
interface CodeOptions { id?: string; version?: string; header?: { id: string; version: string }; type?: string; body?: string }
function pluginCode(options: CodeOptions = {}): string {
  const { id = 'probe', version = '1.0.0', body = '' } = options;
  const { header = { id, version }, type = `${id}/invert` } = options;
  return `${pluginHeader(header)}
globalThis.__pluginImported = (globalThis.__pluginImported ?? 0) + 1;
${body}
export default {
  id: ${JSON.stringify(id)}, version: ${JSON.stringify(version)},
  nodes: [{
    type: ${JSON.stringify(type)}, version: 1, title: 'Invert', category: 'Colour', params: {},
    inputs: [{ name: 'frame', type: 'frame' }], outputs: [{ name: 'frame', type: 'frame' }],
    process: ({ tf, inputs }) => ({ frame: tf.sub(1, inputs.frame) }),
  }],
};
`;
}

function freshRegistry(): NodeRegistry {
  const registry = new NodeRegistry();
  registry.registerAll(builtInNodes);
  return registry;
}

let storage: StudioStorage | undefined;
afterEach(() => {
  globalThis.__pluginImported = undefined;
  storage?.close();
  storage = undefined;
});

async function openStorage(factory = new IDBFactory()): Promise<StudioStorage> {
  storage = await openStudioStorage({ factory, dbName: 'plugins-test' });
  return storage;
}

describe('plugin host', () => {
  it('runs no plugin code before consent: inspecting reads only the header and the hash', async () => {
    const candidate = await inspectPluginCode(pluginCode(), 'probe.js');
    expect(globalThis.__pluginImported).toBeUndefined();
    expect(candidate).toMatchObject({ manifest: { id: 'probe', version: '1.0.0' }, source: 'probe.js', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const registry = freshRegistry();
    await new PluginHost({ registry }).install(candidate);
    expect(globalThis.__pluginImported).toBe(1);
    expect(registry.get('probe/invert')?.title).toBe('Invert');
    expect(registry.pluginOf('probe/invert')).toBe('probe');
  });

  it('refuses a file without a valid header before running anything', async () => {
    const withoutHeader = pluginCode().split('\n').slice(1).join('\n');
    await expect(inspectPluginCode(withoutHeader, 'x.js')).rejects.toThrow('x.js is not a studio plugin: the file does not start with a "// @nfp-plugin {…}" line');
    await expect(inspectPluginCode(`// @nfp-plugin {"id":"Bad Id","version":"1"}\n`, 'y.js')).rejects.toThrow('its @nfp-plugin header is invalid: a plugin id is 1–64 lowercase letters');
    expect(globalThis.__pluginImported).toBeUndefined();
  });

  it('downloads a plugin from a URL as text, runs nothing, and says why a download failed', async () => {
    const url = 'https://example.com/probe-1.0.0.js';
    const candidate = await fetchPluginCode(url, async () => new Response(pluginCode(), { status: 200 }));
    expect(candidate).toMatchObject({ source: url, manifest: { id: 'probe' } });
    expect(globalThis.__pluginImported).toBeUndefined();
    await expect(fetchPluginCode(url, async () => new Response('nope', { status: 404, statusText: 'Not Found' })))
      .rejects.toThrow(`Could not download ${url}: the server answered 404 Not Found.`);
    await expect(fetchPluginCode(url, async () => { throw new TypeError('Failed to fetch'); }))
      .rejects.toMatchObject({ code: 'fetch-failed', message: expect.stringContaining('Failed to fetch. Check the address') });
  });

  it('refuses a file over the size limit unread', async () => {
    await expect(inspectPluginCode(`${pluginCode()}//${'x'.repeat(MAX_PLUGIN_BYTES)}`, 'huge.js')).rejects.toThrow('huge.js is 2.0 MiB; a plugin file may be at most 2 MiB');
  });

  it('refuses a module whose code names another id than its header, registering nothing', async () => {
    const registry = freshRegistry();
    const candidate = await inspectPluginCode(pluginCode({ header: { id: 'probe', version: '2.0.0' } }), 'probe.js');
    await expect(new PluginHost({ registry }).install(candidate)).rejects.toThrow('Plugin "probe" 2.0.0 declares itself as "probe" 1.0.0 in its code; header and code must agree');
    expect(registry.has('probe/invert')).toBe(false);
  });

  it('says why a module fails to load: it throws, or imports another module', async () => {
    const host = new PluginHost({ registry: freshRegistry() });
    const throwing = await inspectPluginCode(pluginCode({ body: 'throw new Error("no GPU here");' }), 'a.js');
    await expect(host.install(throwing)).rejects.toMatchObject({ code: 'load-failed', message: expect.stringContaining('Plugin "probe" 1.0.0 failed to load: no GPU here.') });
    const importing = await inspectPluginCode(pluginCode({ body: 'import "left-pad";' }), 'b.js');
    await expect(host.install(importing)).rejects.toMatchObject({ code: 'load-failed' });
    expect(host.list()).toEqual([]);
  });

  it('refuses node types outside its id and types the app already has, keeping the installed version', async () => {
    const registry = freshRegistry();
    const host = new PluginHost({ registry });
    await expect(host.install(await inspectPluginCode(pluginCode({ type: 'feedback' }), 'c.js'))).rejects.toThrow('node type "feedback" must start with "probe/"');
    await host.install(await inspectPluginCode(pluginCode(), 'v1.js'));
    const clash = pluginCode({ version: '1.1.0', body: 'export const extra = 1;' }).replace("nodes: [{", "nodes: [{ type: 'probe/invert', version: 1, title: 'Dup', category: 'C', params: {}, inputs: [], outputs: [], process: () => ({}) }, {");
    const error = await host.install(await inspectPluginCode(clash, 'v1.1.js')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PluginError);
    expect(error).toMatchObject({ code: 'conflict', message: expect.stringContaining('Node type "probe/invert" is already registered') });
    expect(host.get('probe')).toMatchObject({ version: '1.0.0', status: 'active' });
    expect(registry.get('probe/invert')?.title).toBe('Invert');
  });

  it('stores accepted plugins and loads them at the next start; removing deletes them', async () => {
    const factory = new IDBFactory();
    const first = new PluginHost({ registry: freshRegistry(), library: await openStorage(factory) });
    const installed = await first.install(await inspectPluginCode(pluginCode(), 'https://example.com/probe.js'));
    storage!.close();

    const registry = freshRegistry();
    const next = new PluginHost({ registry, library: await openStorage(factory) });
    await next.loadInstalled();
    expect(next.list()).toEqual([installed]);
    expect(registry.has('probe/invert')).toBe(true);

    await next.remove('probe');
    expect(registry.has('probe/invert')).toBe(false);
    expect(await storage!.listPlugins()).toEqual([]);
  });

  it('never runs stored code whose hash no longer matches what the user accepted', async () => {
    const factory = new IDBFactory();
    const library = await openStorage(factory);
    const candidate = await inspectPluginCode(pluginCode(), 'probe.js');
    await library.savePlugin({ id: 'probe', version: '1.0.0', sha256: candidate.sha256, source: 'probe.js', code: candidate.code });
    // Tamper with the stored record behind the library's back.
    await new Promise<void>((resolve) => {
      const open = factory.open('plugins-test');
      open.onsuccess = () => {
        const tx = open.result.transaction('plugins', 'readwrite');
        const store = tx.objectStore('plugins');
        const get = store.get('probe');
        get.onsuccess = () => store.put({ ...get.result, code: `${get.result.code}\nglobalThis.__pluginImported = 99;` });
        tx.oncomplete = () => { open.result.close(); resolve(); };
      };
    });
    const registry = freshRegistry();
    const host = new PluginHost({ registry, library });
    await host.loadInstalled();
    expect(globalThis.__pluginImported).toBeUndefined();
    expect(registry.has('probe/invert')).toBe(false);
    expect(host.get('probe')).toMatchObject({ status: 'failed', message: expect.stringContaining('no longer matches the SHA-256 you accepted; it was not run') });
  });

  it('stores nothing under a hash that is not the code\'s', async () => {
    const library = await openStorage();
    await expect(library.savePlugin({ id: 'probe', version: '1', sha256: '0'.repeat(64), source: 'x', code: 'export default 1' }))
      .rejects.toMatchObject({ code: 'corrupt' });
    expect(await library.listPlugins()).toEqual([]);
  });
});
