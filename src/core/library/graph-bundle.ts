import { strFromU8, strToU8, zipSync } from 'fflate';
import type { io } from '@tensorflow/tfjs';
import type { AssetInfo, AssetSource } from '../graph/assets';
import type { Graph } from '../graph/graph';
import type { ParamSchemas } from '../graph/params';
import type { NodeRegistry } from '../graph/registry';
import type { ModelSource } from '../graph/training';
import { storedNodeType } from '../graph/declared-ports';
import { parseGraphFile, toGraphJson } from '../graph-file';
import { concatBuffers, sha256Hex } from '../storage/bytes';
import { inspectPluginCode } from '../plugins/plugin-loader';
import type { PluginCandidate } from '../plugins/plugin-loader';
import { BundleError } from './bundle-error';
import { BUNDLE_FORMAT, BUNDLE_VERSION, readBundleIndex } from './bundle-index';
import type { BundleFile, BundleIndex, FileKind } from './bundle-index';
import { BUNDLE_UNPACKED_BUDGET, unzipWithinBudget } from './bundle-unzip';
import { errorMessage } from '../error-message';

export { BUNDLE_FORMAT } from './bundle-index';

export interface BundleSources {
  /** With `listModels` (the studio's storage), weights keep their stored names. */
  readonly models: ModelSource & { listModels?(): Promise<readonly { readonly sha256: string; readonly name: string }[]> };
  readonly assets: AssetSource;
  /** The accepted code of an installed plugin. */
  readonly pluginCode: (id: string) => string | undefined;
}

/**
 * One zip with everything a graph needs on another machine: `graph.json`, the weights its
 * checkpoint params and model list name, the files its asset params name, and the code of
 * the plugins it lists, indexed with their SHA-256 in `bundle.json`.
 * @throws BundleError `incomplete` naming what is not available here (nothing is written).
 * @example
 * const zip = await writeGraphBundle(graph, registry, { models: storage, assets: storage, pluginCode: (id) => host.code(id) });
 */
export async function writeGraphBundle(graph: Graph, registry: NodeRegistry, sources: BundleSources): Promise<Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  const index: BundleFile[] = [];
  const add = async (path: string, kind: FileKind, bytes: Uint8Array, extra: Partial<BundleFile> = {}) => {
    files[path] = bytes;
    index.push({ path, kind, sha256: await sha256Hex(ownBuffer(bytes)), ...extra });
  };
  await add('graph.json', 'graph', strToU8(toGraphJson(graph)));
  const { models, assets } = referencedFiles(graph, registry);
  const storedNames = new Map(models.size > 0 && sources.models.listModels ? (await sources.models.listModels()).map((m) => [m.sha256, m.name]) : []);
  for (const sha256 of models) {
    const artifacts = await sources.models.loadModel(sha256).catch((e: unknown) => { throw new BundleError('incomplete', `Weights ${sha256.slice(0, 12)}… named by the graph are not available here (${messageOf(e)}); the bundle was not made.`); });
    const { weightData, ...manifest } = artifacts;
    if (manifest.modelTopology instanceof ArrayBuffer) throw new BundleError('incomplete', `Weights ${sha256.slice(0, 12)}… have a binary topology, which bundles cannot carry.`);
    const name = graph.models.find((m) => m.sha256 === sha256)?.name ?? storedNames.get(sha256) ?? `weights ${sha256.slice(0, 8)}`;
    await add(`models/${sha256}.json`, 'model-manifest', strToU8(JSON.stringify(manifest)), { name });
    await add(`models/${sha256}.bin`, 'model-weights', new Uint8Array(weightData === undefined ? new ArrayBuffer(0) : concatBuffers(weightData as ArrayBuffer | ArrayBuffer[])));
  }
  for (const sha256 of assets) {
    const info = await sources.assets.info(sha256);
    const blob = info && (await sources.assets.load(sha256).catch(() => undefined));
    if (!info || !blob) throw new BundleError('incomplete', `File ${sha256.slice(0, 12)}… named by the graph is not stored in this browser; pick it again, then export.`);
    const { savedAt: _savedAt, ...asset } = info;
    await add(`assets/${sha256}`, 'asset', new Uint8Array(await blob.arrayBuffer()), { asset });
  }
  for (const plugin of graph.plugins) {
    const code = sources.pluginCode(plugin.id);
    if (code === undefined) throw new BundleError('incomplete', `Plugin "${plugin.id}" ${plugin.version} is not installed here, so its code cannot go into the bundle. Install it, or remove its nodes.`);
    const bytes = strToU8(code);
    if ((await sha256Hex(ownBuffer(bytes))) !== plugin.sha256) {
      throw new BundleError('incomplete', `The installed plugin "${plugin.id}" is another build than the one the graph names; add one of its nodes again so the graph names the installed one.`);
    }
    await add(`plugins/${plugin.id}-${plugin.version}.js`, 'plugin', bytes);
  }
  const bundleIndex: BundleIndex = { format: BUNDLE_FORMAT, version: BUNDLE_VERSION, files: index };
  return zipSync({ 'bundle.json': strToU8(JSON.stringify(bundleIndex, null, 2)), ...files }, { level: 6 });
}

/** What a verified bundle holds, ready to be stored; plugin code has not run. */
export interface GraphBundle {
  readonly graph: Graph;
  /** What the graph names but the bundle lacks (the graph's own load warnings come from parsing it). */
  readonly warnings: readonly string[];
  readonly models: readonly { readonly sha256: string; readonly name: string; readonly artifacts: io.ModelArtifacts }[];
  readonly assets: readonly { readonly info: Omit<AssetInfo, 'savedAt'>; readonly blob: Blob }[];
  /** To be shown in the consent dialog; never installed by reading a bundle. */
  readonly plugins: readonly PluginCandidate[];
  /** Ids of the datasets the graph's nodes name. Bundles never carry datasets (frames are too big). */
  readonly datasets: readonly string[];
}

export interface ReadBundleOptions {
  /**
   * Unpacks the zip within a budget of unpacked bytes; default {@link unzipWithinBudget} here.
   * The app passes one that runs it in a worker, so a large bundle does not freeze the page.
   */
  readonly unzip?: (bytes: Uint8Array, budgetBytes: number, source: string) => Record<string, Uint8Array> | Promise<Record<string, Uint8Array>>;
  /** Default {@link BUNDLE_UNPACKED_BUDGET}; tests pass a small one. */
  readonly budgetBytes?: number;
}

/**
 * Opens a bundle and verifies every file against its SHA-256 (listed in `bundle.json`, and
 * for weights and plugins also the hash the graph names) before anything is used. Nothing is
 * stored: {@link storeBundleFiles} does that, once the user has said Open.
 * @throws BundleError `not-a-bundle`, `too-large`, `tampered` or `invalid`, saying which file; nothing has been stored.
 * @example
 * const bundle = await readGraphBundle(new Uint8Array(await file.arrayBuffer()), registry, file.name);
 * await storeBundleFiles(bundle, storage); // after the user said Open; then open bundle.graph and ask consent for bundle.plugins
 */
export async function readGraphBundle(bytes: Uint8Array, registry: NodeRegistry, source = 'The bundle', options: ReadBundleOptions = {}): Promise<GraphBundle> {
  const { unzip = unzipWithinBudget, budgetBytes = BUNDLE_UNPACKED_BUDGET } = options;
  const entries = await unzip(bytes, budgetBytes, source);
  const index = readBundleIndex(entries, source);
  for (const file of index.files) {
    const data = entries[file.path];
    if (!data) throw new BundleError('tampered', `${source} is damaged or was altered: ${file.path} is listed but missing. Nothing was imported.`);
    if ((await sha256Hex(ownBuffer(data))) !== file.sha256) {
      throw new BundleError('tampered', `${source} is damaged or was altered: ${file.path} does not match its SHA-256. Nothing was imported.`);
    }
  }
  const parsed = parseGraphFile(strFromU8(entries['graph.json']!), registry);
  if (!parsed.ok) throw new BundleError('invalid', `${source} holds a graph that cannot be opened: ${parsed.error.message}`);
  const graph = parsed.graph;
  const models: GraphBundle['models'][number][] = [];
  for (const file of index.files.filter((f) => f.kind === 'model-weights')) {
    const sha256 = file.path.slice('models/'.length, -'.bin'.length);
    if (file.sha256 !== sha256) throw new BundleError('tampered', `${source} was altered: ${file.path} holds other weights than its name says. Nothing was imported.`);
    const manifestFile = index.files.find((f) => f.path === `models/${sha256}.json`);
    if (!manifestFile) throw new BundleError('invalid', `${source} has weights ${sha256.slice(0, 12)}… without their manifest.`);
    const manifest = parseManifest(strFromU8(entries[manifestFile.path]!));
    if (!manifest) throw new BundleError('invalid', `${source} has a damaged manifest for weights ${sha256.slice(0, 12)}… (${manifestFile.path} is no JSON object). Nothing was imported.`);
    models.push({ sha256, name: manifestFile.name ?? `weights ${sha256.slice(0, 8)}`, artifacts: { ...manifest, weightData: ownBuffer(entries[file.path]!) } });
  }
  const assets = index.files.filter((f) => f.kind === 'asset').map((file) => {
    if (!file.asset || file.asset.sha256 !== file.sha256) throw new BundleError('tampered', `${source} was altered: ${file.path} does not match its description. Nothing was imported.`);
    return { info: file.asset, blob: new Blob([ownBuffer(entries[file.path]!)], { type: file.asset.mimeType }) };
  });
  const plugins: PluginCandidate[] = [];
  for (const file of index.files.filter((f) => f.kind === 'plugin')) {
    const candidate = await inspectPluginCode(strFromU8(entries[file.path]!), `${source.replace(/^The bundle$/, 'bundle')}: ${file.path}`)
      .catch((e: unknown) => { throw new BundleError('invalid', messageOf(e)); });
    const listed = graph.plugins.find((p) => p.id === candidate.manifest.id);
    if (!listed || listed.sha256 !== candidate.sha256) {
      throw new BundleError('tampered', `${source} was altered: the code of plugin "${candidate.manifest.id}" is not the code its graph names (SHA-256 differs). Nothing was imported.`);
    }
    plugins.push(candidate);
  }
  const { models: named, assets: namedAssets, datasets } = referencedFiles(graph, registry);
  const warnings = [
    ...[...named].filter((sha) => !models.some((m) => m.sha256 === sha)).map((sha) => `weights ${sha.slice(0, 12)}… named by the graph are not in the bundle`),
    ...[...namedAssets].filter((sha) => !assets.some((a) => a.info.sha256 === sha)).map((sha) => `file ${sha.slice(0, 12)}… named by the graph is not in the bundle`),
    ...graph.plugins.filter((p) => !plugins.some((c) => c.manifest.id === p.id)).map((p) => `plugin "${p.id}" named by the graph is not in the bundle`),
  ];
  return { graph, warnings, models, assets, plugins, datasets: [...datasets] };
}

/** What storing a bundle did: keys added, and keys already stored here (left exactly as they were). */
export interface StoredBundleFiles {
  readonly added: readonly string[];
  readonly kept: readonly string[];
}

/**
 * Stores a verified bundle's weights and files, adding only what is not stored yet: a bundle
 * never replaces a stored model or file, not even its name (models are keyed by their weight
 * bytes alone, so one carrying a stored model's bytes with another manifest must change nothing).
 */
export async function storeBundleFiles(
  bundle: GraphBundle, storage: {
    addModelIfAbsent(artifacts: io.ModelArtifacts, name: string): Promise<{ readonly sha256: string; readonly added: boolean }>;
    addAssetIfAbsent(asset: { name: string; kind: AssetInfo['kind']; blob: Blob; meta?: AssetInfo['meta'] }): Promise<{ readonly sha256: string; readonly added: boolean }>;
  },
): Promise<StoredBundleFiles> {
  const added: string[] = [];
  const kept: string[] = [];
  const tally = ({ sha256, added: isNew }: { sha256: string; added: boolean }) => (isNew ? added : kept).push(sha256);
  for (const model of bundle.models) tally(await storage.addModelIfAbsent(model.artifacts, model.name));
  for (const { info, blob } of bundle.assets) tally(await storage.addAssetIfAbsent({ name: info.name, kind: info.kind, blob, ...(info.meta ? { meta: info.meta } : {}) }));
  return { added, kept };
}

/** The SHA-256s of weights (checkpoint and model params, model list) and files (asset params), and the dataset ids, a graph names. */
function referencedFiles(graph: Graph, registry: NodeRegistry): { models: Set<string>; assets: Set<string>; datasets: Set<string> } {
  const models = new Set(graph.models.map((m) => m.sha256));
  const assets = new Set<string>();
  const datasets = new Set<string>();
  for (const node of graph.nodes) {
    const schemas = (registry.get(node.type)?.params ?? storedNodeType(graph, node.type)?.params ?? {}) as ParamSchemas;
    for (const [name, schema] of Object.entries(schemas)) {
      const value = node.params[name];
      if (typeof value !== 'string' || value === '') continue;
      // Imported tfjs models are stored like checkpoints, keyed by the SHA-256 of their weights.
      if (schema.kind === 'checkpoint' || schema.kind === 'model') models.add(value);
      if (schema.kind === 'asset') assets.add(value);
      if (schema.kind === 'dataset') datasets.add(value);
    }
  }
  return { models, assets, datasets };
}

function parseManifest(text: string): io.ModelArtifacts | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as io.ModelArtifacts) : undefined;
  } catch {
    return undefined;
  }
}

/** The bytes on an ArrayBuffer of their own (unzipped entries are views into one buffer). */
function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? (bytes.buffer as ArrayBuffer) : (bytes.slice().buffer as ArrayBuffer);
}

function messageOf(error: unknown): string {
  return errorMessage(error);
}
