import type { Graph, PluginEntry, PluginNodeType } from '../graph/graph';
import type { NodeRegistry } from '../graph/registry';
import { nodeTypeSchema, storedNodeType } from '../graph/declared-ports';

interface EntryDraft { readonly identity: PluginIdentity; readonly nodeTypes: PluginNodeType[] }

/** The installed code of a plugin, as a graph file names it. */
export interface PluginIdentity { readonly id: string; readonly version: string; readonly sha256: string }

/**
 * The graph with `plugins` listing exactly the plugins its nodes use, each with the exact code
 * (SHA-256) and the schemas of the node types used: installed plugins from the registry, missing
 * ones (placeholders) as the graph file had them, so a round trip without the plugin loses
 * nothing. Returns `graph` itself when nothing changes, so an edit that touches no plugin node
 * does not rewrite the list.
 *
 * @example
 * document.apply(withPluginEntries(addNode(...).graph, registry, (id) => host.get(id)), 'structure');
 */
export function withPluginEntries(graph: Graph, registry: NodeRegistry, installed: (id: string) => PluginIdentity | undefined): Graph {
  const entries = new Map<string, EntryDraft>();
  const seenTypes = new Set<string>();
  for (const { type } of graph.nodes) {
    if (seenTypes.has(type)) continue;
    seenTypes.add(type);
    const definition = registry.get(type);
    const pluginId = registry.pluginOf(type);
    const identity = pluginId !== undefined ? installed(pluginId) : undefined;
    if (definition && identity) {
      entryFor(entries, identity).nodeTypes.push(nodeTypeSchema(definition));
      continue;
    }
    if (definition) continue; // built-in
    const stored = storedNodeType(graph, type);
    const owner = graph.plugins.find((p) => (stored ? p.nodeTypes?.includes(stored) : type.startsWith(`${p.id}/`)));
    if (!owner) continue; // unknown type from no listed plugin: nothing to record
    const entry = entryFor(entries, owner);
    if (stored) entry.nodeTypes.push(stored);
    // Else a file from before format version 2: the entry is kept as it was, without schemas.
  }
  const plugins: PluginEntry[] = [...entries.values()].map(({ identity, nodeTypes }) => ({
    id: identity.id, version: identity.version, sha256: identity.sha256, ...(nodeTypes.length > 0 ? { nodeTypes } : {}),
  }));
  return JSON.stringify(plugins) === JSON.stringify(graph.plugins) ? graph : { ...graph, plugins };
}

function entryFor(entries: Map<string, EntryDraft>, identity: PluginIdentity): EntryDraft {
  let entry = entries.get(identity.id);
  if (!entry) {
    entry = { identity: { id: identity.id, version: identity.version, sha256: identity.sha256 }, nodeTypes: [] };
    entries.set(identity.id, entry);
  }
  return entry;
}

/** How a plugin a graph names stands in this browser. */
export type GraphPluginStatus =
  | { readonly id: string; readonly version: string; readonly sha256: string; readonly state: 'installed' }
  | { readonly id: string; readonly version: string; readonly sha256: string; readonly state: 'missing' }
  /** Installed, but another build: its nodes run with the installed code, which may behave differently. */
  | { readonly id: string; readonly version: string; readonly sha256: string; readonly state: 'different'; readonly installed: PluginIdentity };

/**
 * Each plugin `graph` lists, and whether exactly that code is installed. Runs nothing.
 * @example
 * const unmet = graphPluginStatus(graph, (id) => host.get(id)).filter((s) => s.state !== 'installed');
 */
export function graphPluginStatus(graph: Graph, installed: (id: string) => PluginIdentity | undefined): GraphPluginStatus[] {
  return graph.plugins.map(({ id, version, sha256 }) => {
    const have = installed(id);
    if (!have) return { id, version, sha256, state: 'missing' };
    if (have.sha256 === sha256) return { id, version, sha256, state: 'installed' };
    return { id, version, sha256, state: 'different', installed: { id: have.id, version: have.version, sha256: have.sha256 } };
  });
}
