import type { AnyNodeDefinition } from '../graph/node-definition';

/**
 * A node plugin: a named, versioned set of node types, written by anyone and shared as one
 * ES module file whose default export is the result of {@link definePlugin}.
 *
 * Rules a plugin keeps (the loader and the scheduler check them):
 * - Every node `type` starts with the plugin id and a slash: `my-plugin/kaleidoscope`.
 * - It imports nothing at run time but this API; tfjs arrives as `ctx.tf` in each call.
 * - Its module runs only after the user has consented to its id, version, source and sha-256.
 */
export interface PluginDefinition {
  /** Lowercase id, unique among plugins: letters, digits, `-` and `.`; prefix of its node types. */
  readonly id: string;
  /** Free-form version, e.g. `1.2.0`; shown to users and written into graph files. */
  readonly version: string;
  /** One sentence for the Plugins dialog. */
  readonly description?: string;
  readonly nodes: readonly AnyNodeDefinition[];
  /**
   * What the editor shows for its node types, by type (optional). Plain data only: a plugin
   * cannot ship UI components, so it declares roles, e.g. `{ 'my-plugin/screen': { viewer: true } }`.
   */
  readonly ui?: Readonly<Record<string, PluginNodeUi>>;
}

/** A plugin node type's UI roles. `viewer`: the big preview shows its frames, as it does a Preview node's. */
export interface PluginNodeUi {
  readonly viewer?: boolean;
}

/**
 * Declares a plugin. Export its result as the module's default export.
 *
 * @example
 * import { definePlugin, defineNode } from 'nfp-studio';
 * const invert = defineNode({
 *   type: 'invert-colours/invert', version: 1, title: 'Invert', category: 'Colour', params: {},
 *   inputs: [{ name: 'in', type: 'frame' }], outputs: [{ name: 'out', type: 'frame' }],
 *   process: ({ tf, inputs }) => ({ out: tf.sub(1, inputs.in) }),
 * });
 * export default definePlugin({ id: 'invert-colours', version: '1.0.0', nodes: [invert] });
 */
export function definePlugin(plugin: PluginDefinition): PluginDefinition {
  return plugin;
}

const PLUGIN_ID = /^[a-z0-9][a-z0-9.-]{0,63}$/;
const PLUGIN_VERSION = /^[0-9A-Za-z][0-9A-Za-z.+-]{0,31}$/;

/** Why `id` cannot name a plugin, or null. */
export function pluginIdProblem(id: unknown): string | null {
  return typeof id === 'string' && PLUGIN_ID.test(id) ? null : 'a plugin id is 1–64 lowercase letters, digits, "-" or "." (starting with a letter or digit)';
}

/** Why `version` cannot be a plugin version, or null. */
export function pluginVersionProblem(version: unknown): string | null {
  return typeof version === 'string' && PLUGIN_VERSION.test(version) ? null : 'a plugin version is 1–32 letters, digits, ".", "+" or "-", e.g. "1.0.0"';
}

/**
 * What is wrong with a module's default export as a plugin, or null. It checks shape only:
 * each node definition is checked again when the registry takes it.
 */
export function pluginProblem(value: unknown): string | null {
  if (value === null || typeof value !== 'object') return 'the module has no default export made with definePlugin({ id, version, nodes })';
  const plugin = value as Partial<PluginDefinition>;
  const idProblem = pluginIdProblem(plugin.id);
  if (idProblem) return `id ${JSON.stringify(plugin.id ?? null)}: ${idProblem}`;
  const versionProblem = pluginVersionProblem(plugin.version);
  if (versionProblem) return `version ${JSON.stringify(plugin.version ?? null)}: ${versionProblem}`;
  if (!Array.isArray(plugin.nodes) || plugin.nodes.length === 0) return 'nodes must be a non-empty array of node definitions';
  for (const [i, node] of plugin.nodes.entries()) {
    if (node === null || typeof node !== 'object' || typeof (node as AnyNodeDefinition).type !== 'string') return `nodes[${i}] is not a node definition`;
    const { type, process } = node as AnyNodeDefinition;
    if (!type.startsWith(`${plugin.id}/`)) return `node type "${type}" must start with "${plugin.id}/"`;
    if (typeof process !== 'function') return `node type "${type}" has no process function`;
  }
  return null;
}
