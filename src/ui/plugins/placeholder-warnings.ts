import { pluginStoringType } from '../../core';
import type { Graph, GraphNode } from '../../core';

/**
 * The load warnings worth the error banner. A node kept as a placeholder because the plugin
 * the graph names is not installed is no file problem: the missing-plugins notice already says
 * so, neutrally, and offers the fix. Every other warning stays: a placeholder of a type no
 * listed plugin owns, which nothing else would explain, and one whose plugin is installed in a
 * build that lacks the type (the notice then says its nodes run with the installed code, which
 * is not true of this one).
 *
 * @param isInstalled whether a plugin with this id is installed and active, in any build.
 * @example
 * for (const warning of warningsBesidesPluginNotice(graph, parsed.warnings, (id) => host.has(id))) studio.report('file', warning);
 */
export function warningsBesidesPluginNotice(graph: Graph, warnings: readonly string[], isInstalled: (pluginId: string) => boolean): string[] {
  // The warning is only ever written for a type without an installed definition.
  const noticed = new Set(graph.nodes.filter((node) => {
    const owner = listedOwner(graph, node.type);
    return owner !== undefined && !isInstalled(owner);
  }).map(placeholderWarning));
  return warnings.filter((warning) => !noticed.has(warning));
}

/** The id of the plugin the graph lists for `type`: by its stored node types, else by the type's "id/" prefix. */
function listedOwner(graph: Graph, type: string): string | undefined {
  const owner = pluginStoringType(graph, type) ?? graph.plugins.find((plugin) => type.startsWith(`${plugin.id}/`));
  return owner?.id;
}

/** parseGraphFile's wording for a node of an unknown type; the unit test parses a real file to keep the two in step. */
function placeholderWarning(node: GraphNode): string {
  return `node "${node.id}" has unknown type "${node.type}": kept as a placeholder`;
}
