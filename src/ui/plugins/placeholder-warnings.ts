import { storedNodeType } from '../../core';
import type { Graph, GraphNode } from '../../core';

/**
 * The load warnings worth the error banner. A node kept as a placeholder because the plugin
 * the graph names is not installed is no file problem: the missing-plugins notice already says
 * so, neutrally, and offers the fix. Every other warning stays, including a placeholder of a
 * type no listed plugin owns, which nothing else would explain.
 *
 * @example
 * for (const warning of warningsBesidesPluginNotice(graph, parsed.warnings)) studio.report('file', warning);
 */
export function warningsBesidesPluginNotice(graph: Graph, warnings: readonly string[]): string[] {
  // The warning is only ever written for a type without an installed definition, so a listed
  // owner means the notice names that plugin (missing, or installed in another build).
  const noticed = new Set(graph.nodes.filter((node) => hasListedOwner(graph, node.type)).map(placeholderWarning));
  return warnings.filter((warning) => !noticed.has(warning));
}

function hasListedOwner(graph: Graph, type: string): boolean {
  return storedNodeType(graph, type) !== undefined || graph.plugins.some((plugin) => type.startsWith(`${plugin.id}/`));
}

/** parseGraphFile's wording for a node of an unknown type; the unit test parses a real file to keep the two in step. */
function placeholderWarning(node: GraphNode): string {
  return `node "${node.id}" has unknown type "${node.type}": kept as a placeholder`;
}
