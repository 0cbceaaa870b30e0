import type { Graph, GraphNode, PluginEntry, PluginNodeType } from './graph';
import type { AnyNodeDefinition } from './node-definition';
import type { PortSpec } from './ports';
import type { NodeRegistry } from './registry';

/** The plugin whose stored node types (PluginEntry.nodeTypes) include `type`, if the graph lists one. */
export function pluginStoringType(graph: Pick<Graph, 'plugins'>, type: string): PluginEntry | undefined {
  return graph.plugins.find((plugin) => plugin.nodeTypes?.some((t) => t.type === type));
}

/**
 * The schema a graph file stored for a plugin node type, if any (see PluginEntry.nodeTypes).
 * @example storedNodeType(graph, 'kaleidoscope/kaleidoscope')?.params // the placeholder's param schemas
 */
export function storedNodeType(graph: Pick<Graph, 'plugins'>, type: string): PluginNodeType | undefined {
  return pluginStoringType(graph, type)?.nodeTypes?.find((t) => t.type === type);
}

/**
 * A node's ports on one side: its installed definition's, else those its graph file stored
 * for it (a placeholder of a missing plugin), else undefined (nothing known: trust its edges).
 * @example declaredPorts(graph, registry, node, 'inputs')?.map((p) => p.name) // ['frame', 'late']
 */
export function declaredPorts(
  graph: Pick<Graph, 'plugins'>, registry: NodeRegistry, node: Pick<GraphNode, 'type'>, side: 'inputs' | 'outputs',
): readonly PortSpec[] | undefined {
  return (registry.get(node.type) ?? storedNodeType(graph, node.type))?.[side];
}

/** The schema a graph file keeps of `definition`. */
export function nodeTypeSchema(definition: AnyNodeDefinition): PluginNodeType {
  const port = (p: PortSpec): PortSpec => ({
    name: p.name, type: p.type, ...(p.label !== undefined ? { label: p.label } : {}),
    ...(p.optional ? { optional: true } : {}), ...(p.delayed ? { delayed: true } : {}),
  });
  return {
    type: definition.type, version: definition.version, title: definition.title, category: definition.category,
    inputs: definition.inputs.map(port), outputs: definition.outputs.map(port),
    params: JSON.parse(JSON.stringify(definition.params)) as PluginNodeType['params'],
  };
}
