import { createHash } from 'node:crypto';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BundleError, NodeRegistry, PluginHost, inspectPluginCode, openStudioStorage, pluginHeader, readGraphBundle, storeBundleFiles, toGraphJson,
  withPluginEntries, writeGraphBundle,
} from '../../../src/core';
import type { Graph, StudioStorage } from '../../../src/core';
import { builtInNodes } from '../../../src/nodes';
import { GraphBuilder } from '../../helpers/graph-builder';

declare global {
  var __bundlePluginRan: boolean | undefined;
}

const PLUGIN = `${pluginHeader({ id: 'stamp', version: '1.0.0' })}
globalThis.__bundlePluginRan = true;
export default { id: 'stamp', version: '1.0.0', nodes: [{
  type: 'stamp/stamp', version: 1, title: 'Stamp', category: 'Test',
  params: {
    weights: { kind: 'checkpoint', label: 'Weights', default: '', of: 'stamp/stamp' },
    picture: { kind: 'asset', label: 'Picture', default: '', accept: 'image' },
  },
  inputs: [{ name: 'frame', type: 'frame' }], outputs: [{ name: 'frame', type: 'frame' }],
  process: ({ inputs }) => ({ frame: inputs.frame }),
}] };
`;

const opened: StudioStorage[] = [];
afterEach(() => {
  opened.splice(0).forEach((s) => s.close());
  globalThis.__bundlePluginRan = undefined;
});

async function browser(withPlugin: boolean) {
  const storage = await openStudioStorage({ factory: new IDBFactory(), dbName: 'bundle' });
  opened.push(storage);
  const registry = new NodeRegistry();
  registry.registerAll(builtInNodes);
  const host = new PluginHost({ registry, library: storage });
  if (withPlugin) await host.install(await inspectPluginCode(PLUGIN, 'stamp.js'));
  return { storage, registry, host };
}

/** On the sender's side: a graph whose plugin node names stored weights and a stored picture. */
async function sender() {
  const side = await browser(true);
  const weights = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]).buffer;
  const model = await side.storage.saveModel({ weightSpecs: [{ name: 'w', shape: [2], dtype: 'float32' }], weightData: weights, format: 'test' }, 'stamp weights');
  const picture = await side.storage.saveAsset({ name: 'cat.png', kind: 'image', blob: new Blob(['png bytes'], { type: 'image/png' }) });
  const raw = new GraphBuilder(8).node('src', 'train-window-source', { seed: 7, speed: 1, poles: true }).node('s', 'stamp/stamp', { weights: model.sha256, picture: picture.sha256 }).node('out', 'preview')
    .edge('src.frame', 's.frame').edge('s.frame', 'out.frame').build();
  const graph: Graph = withPluginEntries({ ...raw, name: 'Shared' }, side.registry, (id) => side.host.get(id));
  const bundle = await writeGraphBundle(graph, side.registry, { models: side.storage, assets: side.storage, pluginCode: (id) => side.host.code(id) });
  return { ...side, graph, bundle, model, picture };
}

function rezip(bundle: Uint8Array, change: (files: Record<string, Uint8Array>) => void): Uint8Array {
  const files = unzipSync(bundle);
  change(files);
  return zipSync(files);
}

describe('graph bundles', () => {
  it('carry the graph, its weights, files and plugin code to a fresh browser, verified, without running the plugin', async () => {
    const { bundle, graph, model, picture } = await sender();
    globalThis.__bundlePluginRan = undefined;
    const fresh = await browser(false);
    const read = await readGraphBundle(bundle, fresh.registry);
    expect(globalThis.__bundlePluginRan).toBeUndefined();
    expect(toGraphJson(read.graph)).toBe(toGraphJson(graph));
    expect(read.plugins.map((p) => [p.manifest.id, p.sha256])).toEqual([['stamp', graph.plugins[0]!.sha256]]);
    expect(await fresh.storage.listModels()).toEqual([]);
    expect(await storeBundleFiles(read, fresh.storage)).toEqual({ added: [model.sha256, picture.sha256], kept: [] });
    expect((await fresh.storage.listModels()).map((m) => [m.sha256, m.name])).toEqual([[model.sha256, 'stamp weights']]);
    expect(await (await fresh.storage.load(picture.sha256)).text()).toBe('png bytes');
    // After the user consents, the plugin installs from the bundle's code and the node is live.
    await fresh.host.install(read.plugins[0]!);
    expect(fresh.registry.has('stamp/stamp')).toBe(true);
  });

  it('refuses a bundle whose weights were changed, naming the file and storing nothing', async () => {
    const { bundle, model } = await sender();
    const tampered = rezip(bundle, (files) => { files[`models/${model.sha256}.bin`]![0] = 99; });
    const fresh = await browser(false);
    const error = await readGraphBundle(tampered, fresh.registry, 'shared.nfp.zip').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BundleError);
    expect(error).toMatchObject({ code: 'tampered', message: `shared.nfp.zip is damaged or was altered: models/${model.sha256}.bin does not match its SHA-256. Nothing was imported.` });
    expect(await fresh.storage.listModels()).toEqual([]);
  });

  it('refuses plugin code swapped together with its listed hash: the graph names the code it was made with', async () => {
    const { bundle } = await sender();
    const evil = PLUGIN.replace('globalThis.__bundlePluginRan = true;', 'globalThis.__bundlePluginRan = "evil";');
    const tampered = rezip(bundle, (files) => {
      files['plugins/stamp-1.0.0.js'] = strToU8(evil);
      const index = JSON.parse(strFromU8(files['bundle.json']!)) as { files: { path: string; sha256: string }[] };
      const digest = createHash('sha256').update(evil).digest('hex');
      index.files.find((f) => f.path === 'plugins/stamp-1.0.0.js')!.sha256 = digest;
      files['bundle.json'] = strToU8(JSON.stringify(index));
    });
    await expect(readGraphBundle(tampered, (await browser(false)).registry)).rejects.toThrow('the code of plugin "stamp" is not the code its graph names (SHA-256 differs). Nothing was imported.');
    expect(globalThis.__bundlePluginRan).toBeUndefined();
  });

  it('refuses files the index does not list, and says when a file is no bundle at all', async () => {
    const { bundle } = await sender();
    const registry = (await browser(false)).registry;
    await expect(readGraphBundle(rezip(bundle, (f) => { f['extra.js'] = strToU8('x'); }), registry)).rejects.toThrow('it holds extra.js, which its index does not list');
    await expect(readGraphBundle(strToU8('just text'), registry, 'notes.txt')).rejects.toThrow('notes.txt is not a zip file, so it is no graph bundle.');
    await expect(readGraphBundle(zipSync({ 'a.txt': strToU8('a') }), registry, 'other.zip')).rejects.toThrow('other.zip is a zip file but no graph bundle');
  });

  it('refuses a bundle.json of the wrong shape, naming the bad field', async () => {
    const { bundle } = await sender();
    const damaged = rezip(bundle, (files) => {
      const index = JSON.parse(strFromU8(files['bundle.json']!)) as { files: { sha256: string }[] };
      index.files[1]!.sha256 = 'not a hash';
      files['bundle.json'] = strToU8(JSON.stringify(index));
    });
    const fresh = await browser(false);
    await expect(readGraphBundle(damaged, fresh.registry, 'shared.nfp.zip')).rejects.toMatchObject({
      code: 'invalid', message: 'shared.nfp.zip has a damaged bundle.json: files[1].sha256 must be a lowercase hex SHA-256. Nothing was imported.',
    });
    const noFiles = rezip(bundle, (files) => { files['bundle.json'] = strToU8(JSON.stringify({ format: 'nfp-studio-bundle', version: 1, files: 'all of them' })); });
    await expect(readGraphBundle(noFiles, fresh.registry, 'shared.nfp.zip')).rejects.toThrow('shared.nfp.zip has a damaged bundle.json: files expected array, received string. Nothing was imported.');
  });

  it('refuses a bundle that would unpack past the budget, storing nothing', async () => {
    const { bundle } = await sender();
    const zeros = new Uint8Array(16 * 1024 * 1024);
    const bomb = rezip(bundle, (files) => { files['models/a.bin'] = zeros; files['models/b.bin'] = zeros; });
    const fresh = await browser(false);
    await expect(readGraphBundle(bomb, fresh.registry, '“bomb.nfp.zip”', { budgetBytes: 16 * 1024 * 1024 })).rejects.toMatchObject({
      code: 'too-large', message: '“bomb.nfp.zip” would unpack to more than 16 MiB; refused. Nothing was imported.',
    });
    expect(await fresh.storage.listModels()).toEqual([]);
  });

  it('changes nothing stored when it carries a stored model\'s bytes with another manifest and name', async () => {
    const { bundle, model, picture } = await sender();
    const mine = await browser(false);
    const weights = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]).buffer;
    await mine.storage.saveModel({ weightSpecs: [{ name: 'w', shape: [2], dtype: 'float32' }], weightData: weights, format: 'mine', userDefinedMetadata: { step: 7 } }, 'my trusted model');
    await mine.storage.saveAsset({ name: 'my cat.png', kind: 'image', blob: new Blob(['png bytes'], { type: 'image/png' }) });
    // The same weight bytes and picture bytes, described otherwise: another topology, name and metadata.
    const impostor = rezip(bundle, (files) => {
      const manifestPath = `models/${model.sha256}.json`;
      const manifest = strToU8(JSON.stringify({ modelTopology: { evil: true }, weightSpecs: [{ name: 'x', shape: [1, 2], dtype: 'float32' }], format: 'evil', userDefinedMetadata: { step: 666 } }));
      files[manifestPath] = manifest;
      const index = JSON.parse(strFromU8(files['bundle.json']!)) as { files: { path: string; sha256: string; name?: string; asset?: { name: string } }[] };
      const entry = index.files.find((f) => f.path === manifestPath)!;
      entry.sha256 = createHash('sha256').update(manifest).digest('hex');
      entry.name = 'impostor';
      index.files.find((f) => f.asset)!.asset!.name = 'impostor.png';
      files['bundle.json'] = strToU8(JSON.stringify(index));
    });
    const before = { models: await mine.storage.listModels(), artifacts: await mine.storage.loadModel(model.sha256), assets: await mine.storage.listAssets() };
    const read = await readGraphBundle(impostor, mine.registry);
    expect(await storeBundleFiles(read, mine.storage)).toEqual({ added: [], kept: [model.sha256, picture.sha256] });
    expect(await mine.storage.listModels()).toEqual(before.models);
    expect(await mine.storage.loadModel(model.sha256)).toEqual(before.artifacts);
    expect(await mine.storage.listAssets()).toEqual(before.assets);
    expect(before.models.map((m) => m.name)).toEqual(['my trusted model']);
  });

  it('is not made when a file the graph names is not stored here', async () => {
    const { graph, registry, host } = await sender();
    const empty = await browser(false);
    await expect(writeGraphBundle(graph, registry, { models: empty.storage, assets: empty.storage, pluginCode: (id) => host.code(id) }))
      .rejects.toMatchObject({ code: 'incomplete', message: expect.stringContaining('named by the graph are not available here') });
  });
});
