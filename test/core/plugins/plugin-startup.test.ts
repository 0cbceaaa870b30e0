import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { NodeRegistry, PluginHost, inspectPluginCode, openStudioStorage, pluginHeader } from '../../../src/core';
import type { StudioStorage } from '../../../src/core';
import { builtInNodes } from '../../../src/nodes';

// Each module gets a nonce so it is evaluated afresh, not served from the import cache.
let nonce = 0;
function plugin(id: string, topLevel = ''): string {
  return `${pluginHeader({ id, version: '1.0.0' })}
// ${++nonce}
${topLevel}
export default { id: '${id}', version: '1.0.0', nodes: [{
  type: '${id}/node', version: 1, title: 'Node', category: 'Test', params: {},
  inputs: [{ name: 'frame', type: 'frame' }], outputs: [{ name: 'frame', type: 'frame' }],
  process: ({ inputs }) => ({ frame: inputs.frame }),
}] };
`;
}

function freshRegistry(): NodeRegistry {
  const registry = new NodeRegistry();
  registry.registerAll(builtInNodes);
  return registry;
}

let storage: StudioStorage | undefined;
afterEach(() => {
  storage?.close();
  storage = undefined;
});

/** A library holding `codes`, stored as accepted plugins are (installing would run them). */
async function libraryWith(...codes: string[]): Promise<StudioStorage> {
  storage = await openStudioStorage({ factory: new IDBFactory(), dbName: 'plugin-startup-test' });
  for (const code of codes) {
    const candidate = await inspectPluginCode(code, 'x.js');
    await storage.savePlugin({ id: candidate.manifest.id, version: '1.0.0', sha256: candidate.sha256, source: 'x.js', code });
  }
  return storage;
}

describe('plugin start-up', () => {
  it('skips a plugin whose top level never settles, naming it, and loads the others', async () => {
    const library = await libraryWith(plugin('hangs', 'await new Promise(() => {});'), plugin('fine'));
    const registry = freshRegistry();
    const host = new PluginHost({ registry, library, loadTimeoutMs: 100 });
    await host.loadInstalled();
    expect(host.get('hangs')).toMatchObject({ status: 'failed', message: 'Plugin "hangs" 1.0.0 did not finish loading within 0.1 s, so it was skipped: its top-level code never settled. Remove or disable it in Plugins.' });
    expect(host.get('fine')?.status).toBe('active');
    expect(registry.has('hangs/node')).toBe(false);
    expect(registry.has('fine/node')).toBe(true);
  });

  it('refuses to install a plugin that never settles, after the timeout', async () => {
    const host = new PluginHost({ registry: freshRegistry(), loadTimeoutMs: 100 });
    await expect(host.install(await inspectPluginCode(plugin('hangs', 'await new Promise(() => {});'), 'h.js'))).rejects.toMatchObject({ code: 'timed-out' });
    expect(host.list()).toEqual([]);
  });

  it('in safe mode lists the stored plugins and runs none of them', async () => {
    const library = await libraryWith(plugin('fine', 'globalThis.__safeModeRan = true;'));
    const registry = freshRegistry();
    const host = new PluginHost({ registry, library, safeMode: true });
    await host.loadInstalled();
    expect(host.get('fine')).toMatchObject({ status: 'skipped', message: 'Not loaded: the studio started in safe mode.' });
    expect(registry.has('fine/node')).toBe(false);
    expect((globalThis as { __safeModeRan?: boolean }).__safeModeRan).toBeUndefined();
  });

  it('disables a plugin (unregistered now, not loaded at the next start) and enables it again', async () => {
    const library = await libraryWith(plugin('fine'));
    const registry = freshRegistry();
    const host = new PluginHost({ registry, library });
    await host.loadInstalled();
    expect(await host.setEnabled('fine', false)).toMatchObject({ status: 'disabled' });
    expect(registry.has('fine/node')).toBe(false);

    const nextRegistry = freshRegistry();
    const next = new PluginHost({ registry: nextRegistry, library });
    await next.loadInstalled();
    expect(next.get('fine')?.status).toBe('disabled');
    expect(nextRegistry.has('fine/node')).toBe(false);
    expect(await next.setEnabled('fine', true)).toMatchObject({ status: 'active', nodeTypes: ['fine/node'] });
    expect(nextRegistry.has('fine/node')).toBe(true);
    expect((await library.listPlugins())[0]?.disabled).toBeUndefined();
  });
});
