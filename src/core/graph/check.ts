import type { Graph, GraphNode } from './graph';
import type { NodeRegistry } from './registry';
import type { PortSpec } from './ports';
import { canConnect } from './ports';
import { paramValueProblem } from './params';
import { declaredPorts } from './declared-ports';
import { edgeTarget } from './param-ports';

/** One thing wrong with a graph, located by a JSON path such as `edges[2].to.port`. */
export interface GraphProblem { readonly path: string; readonly message: string }

/**
 * Checks what a schema cannot: ids are unique, edges join existing ports of matching
 * types, each input (and each wired param, `param:<name>`: see param-ports.ts) has at most
 * one edge, params fit their schemas. Nodes of unknown
 * types (placeholders) are trusted as they are: their ports and params cannot be checked.
 */
export function checkGraph(graph: Graph, registry: NodeRegistry): GraphProblem[] {
  const problems: GraphProblem[] = [];
  const byId = new Map<string, GraphNode>();
  graph.nodes.forEach((node, i) => {
    if (byId.has(node.id)) problems.push({ path: `nodes[${i}].id`, message: `duplicate node id "${node.id}"` });
    byId.set(node.id, node);
    problems.push(...checkNodeParams(node, i, registry));
  });

  const edgeIds = new Set<string>();
  const fedInputs = new Map<string, number>();
  graph.edges.forEach((edge, i) => {
    const at = `edges[${i}]`;
    if (edgeIds.has(edge.id)) problems.push({ path: `${at}.id`, message: `duplicate edge id "${edge.id}"` });
    edgeIds.add(edge.id);
    const from = findPort(graph, byId, registry, edge.from.node, edge.from.port, 'outputs');
    const to = findPort(graph, byId, registry, edge.to.node, edge.to.port, 'inputs');
    if (typeof from === 'string') problems.push({ path: `${at}.from`, message: from });
    if (typeof to === 'string') problems.push({ path: `${at}.to`, message: to });
    if (from && to && typeof from !== 'string' && typeof to !== 'string' && !canConnect(from.type, to.type)) {
      problems.push({ path: at, message: `cannot connect a ${from.type} output to a ${to.type} input ("${edge.from.port}" → "${edge.to.port}")` });
    }
    const key = `${edge.to.node}\u0000${edge.to.port}`;
    const first = fedInputs.get(key);
    if (first !== undefined) {
      problems.push({ path: `${at}.to`, message: `input "${edge.to.port}" of node "${edge.to.node}" already has an edge (edges[${first}])` });
    } else fedInputs.set(key, i);
  });
  return problems;
}

function checkNodeParams(node: GraphNode, index: number, registry: NodeRegistry): GraphProblem[] {
  const definition = registry.get(node.type);
  if (!definition) return [];
  const at = `nodes[${index}]`;
  if (node.typeVersion > definition.version) {
    return [{ path: `${at}.typeVersion`, message: `node type "${node.type}" version ${node.typeVersion} is newer than this app's version ${definition.version}; update the app or the plugin` }];
  }
  const problems: GraphProblem[] = [];
  for (const [name, value] of Object.entries(node.params)) {
    // Own keys only: a file may name a param "constructor" or "__proto__", which plain lookup finds on Object.prototype.
    const schema = Object.hasOwn(definition.params, name) ? definition.params[name] : undefined;
    if (!schema) {
      problems.push({ path: `${at}.params.${name}`, message: `unknown parameter "${name}" for node type "${node.type}"` });
      continue;
    }
    const problem = paramValueProblem(schema, value);
    if (problem) problems.push({ path: `${at}.params.${name}`, message: `${schema.label}: ${problem}` });
  }
  return problems;
}

/**
 * The port, or why it is missing. A placeholder is checked against the ports its file stored;
 * one with none stored trusts its edges (undefined).
 */
function findPort(
  graph: Graph, byId: ReadonlyMap<string, GraphNode>, registry: NodeRegistry, nodeId: string, port: string, side: 'inputs' | 'outputs',
): PortSpec | string | undefined {
  const node = byId.get(nodeId);
  if (!node) return `no node with id "${nodeId}"`;
  // An edge into a node addresses an input or a number param (`param:<name>`).
  if (side === 'inputs') return edgeTarget(graph, registry, node, port);
  const ports = declaredPorts(graph, registry, node, side);
  if (!ports) return undefined;
  const spec = ports.find((p) => p.name === port);
  return spec ?? `node "${nodeId}" (${node.type}) has no output "${port}"`;
}
