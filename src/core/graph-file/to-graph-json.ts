import type { Graph, GraphNode } from '../graph/graph';
import { GRAPH_FORMAT, GRAPH_FORMAT_VERSION } from './format-version';

/**
 * The canonical text of a graph file: keys in a fixed order, 2-space indent, a trailing
 * newline, params in their stored order. Canonical text survives load-and-save byte for
 * byte, so saving an unchanged graph never produces a diff.
 *
 * @example
 * const text = toGraphJson(graph);
 * parseGraphFile(text, registry); // { ok: true, graph: <equal to graph>, warnings: [] }
 */
export function toGraphJson(graph: Graph): string {
  const file = {
    format: GRAPH_FORMAT,
    version: GRAPH_FORMAT_VERSION,
    name: graph.name,
    settings: { width: graph.settings.width, height: graph.settings.height, fps: graph.settings.fps },
    nodes: graph.nodes.map(nodeJson),
    edges: graph.edges.map((e) => ({
      id: e.id,
      from: { node: e.from.node, port: e.from.port },
      to: { node: e.to.node, port: e.to.port },
    })),
    models: graph.models.map((m) => ({ id: m.id, sha256: m.sha256, name: m.name, bytes: m.bytes })),
    plugins: graph.plugins.map((p) => ({
      id: p.id, version: p.version, sha256: p.sha256, ...(p.nodeTypes && p.nodeTypes.length > 0 ? { nodeTypes: p.nodeTypes } : {}),
    })),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

function nodeJson(node: GraphNode): object {
  return {
    id: node.id,
    type: node.type,
    typeVersion: node.typeVersion,
    ...(node.label !== undefined ? { label: node.label } : {}),
    params: node.params,
    position: { x: node.position.x, y: node.position.y },
    ...(node.data !== undefined ? { data: node.data } : {}),
  };
}
