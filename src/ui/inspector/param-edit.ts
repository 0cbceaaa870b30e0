import { SEED_MAX, paramPort, removeEdges, setParam } from '../../core';
import type { Graph, GraphNode, JsonValue } from '../../core';
import type { EditorApp } from '../editor-app';

/**
 * Sets one param of one node as an undoable edit. Edits of the same param in quick
 * succession (a slider drag, typing digits) share a coalesce key, so they undo as one step.
 * Returns why the value was refused (the graph is then untouched), or null.
 */
export function applyParam(app: Pick<EditorApp, 'document' | 'registry'>, nodeId: string, name: string, value: JsonValue): string | null {
  const { document } = app;
  if (document.graph.nodes.find((n) => n.id === nodeId)?.params[name] === value) return null;
  const result = setParam(document.graph, app.registry, nodeId, name, value);
  if (!result.ok) return result.reason;
  document.apply(result.graph, 'params', `param:${nodeId}:${name}`);
  return null;
}

/** The wire driving a param: where it comes from, as the inspector names it. */
export interface ParamWireSource {
  readonly edgeId: string;
  /** The source node's title and port, e.g. "LFO · value". */
  readonly source: string;
}

/** The edge into param `name` of a node (`param:<name>`), if one drives it. */
export function paramWireOf(graph: Graph, nodeId: string, name: string, titleOf: (node: GraphNode) => string): ParamWireSource | undefined {
  const port = paramPort(name);
  const edge = graph.edges.find((e) => e.to.node === nodeId && e.to.port === port);
  const from = edge && graph.nodes.find((n) => n.id === edge.from.node);
  return edge && from ? { edgeId: edge.id, source: `${titleOf(from)} · ${edge.from.port}` } : undefined;
}

/** Removes the wire driving a param as an undoable edit: the param is back to its hand value. */
export function unwireParam(app: Pick<EditorApp, 'document'>, edgeId: string): void {
  app.document.apply(removeEdges(app.document.graph, [edgeId]), 'structure');
}

/** A seed drawn uniformly from every valid seed (0…SEED_MAX). */
export function randomSeed(random: () => number = Math.random): number {
  return Math.min(SEED_MAX, Math.floor(random() * (SEED_MAX + 1)));
}

/** `Gain: must be ≤ 2` shown next to the Gain field reads better without the label. */
export function withoutLabel(reason: string, label: string): string {
  return reason.startsWith(`${label}: `) ? reason.slice(label.length + 2) : reason;
}
