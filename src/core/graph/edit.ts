import type { Graph, GraphEdge, GraphNode, JsonValue, PortRef } from './graph';
import type { NodeRegistry } from './registry';
import { canConnect } from './ports';
import { defaultParams, paramValueProblem } from './params';
import type { ParamSchemas } from './params';
import { withPresets } from './presets';
import { compilePlan, PlanError } from '../scheduler/plan';
import { declaredPorts } from './declared-ports';
import { edgeTarget, paramOfPort } from './param-ports';

/**
 * Pure edits of a graph: each returns a new graph and leaves the old one untouched, so
 * undo is a stack of graphs and the scheduler can be handed any of them.
 */
export type EditResult<T = object> = ({ readonly ok: true; readonly graph: Graph } & T) | { readonly ok: false; readonly reason: string };

export function addNode(graph: Graph, registry: NodeRegistry, type: string, position: { x: number; y: number }): EditResult<{ node: GraphNode }> {
  const definition = registry.get(type);
  if (!definition) return { ok: false, reason: `node type "${type}" is not installed` };
  const node: GraphNode = {
    id: freshId(graph, type), type, typeVersion: definition.version,
    params: defaultParams(definition.params as ParamSchemas) as Record<string, JsonValue>, position: roundPosition(position),
  };
  return { ok: true, graph: { ...graph, nodes: [...graph.nodes, node] }, node };
}

/** Removes nodes and every edge touching them. */
export function removeNodes(graph: Graph, ids: readonly string[]): Graph {
  const gone = new Set(ids);
  return {
    ...graph,
    nodes: graph.nodes.filter((n) => !gone.has(n.id)),
    edges: graph.edges.filter((e) => !gone.has(e.from.node) && !gone.has(e.to.node)),
  };
}

export function removeEdges(graph: Graph, ids: readonly string[]): Graph {
  const gone = new Set(ids);
  return { ...graph, edges: graph.edges.filter((e) => !gone.has(e.id)) };
}

/**
 * Connects an output to an input, or a number output to a number param (`to.port` is
 * `param:<name>`, see param-ports.ts). An edge already feeding that input is replaced (as in
 * every patching tool). Refused, with a reason a user can act on, when the types differ
 * or the edge would close a loop that no Feedback node delays.
 */
export function connect(graph: Graph, registry: NodeRegistry, from: PortRef, to: PortRef): EditResult<{ edge: GraphEdge }> {
  const source = graph.nodes.find((n) => n.id === from.node);
  const target = graph.nodes.find((n) => n.id === to.node);
  if (!source || !target) return { ok: false, reason: 'both ends must be nodes of this graph' };
  // A placeholder of a missing plugin rewires through the ports its graph file stored.
  const out = declaredPorts(graph, registry, source, 'outputs')?.find((p) => p.name === from.port);
  // The target is an input or a number param (`param:<name>`, see param-ports.ts).
  const input = edgeTarget(graph, registry, target, to.port);
  if (typeof input === 'string') return { ok: false, reason: `This wire cannot go there: ${input}.` };
  if (!out || !input) return { ok: false, reason: 'a node whose type is not installed, and whose ports the graph file does not describe, cannot be rewired until its plugin is installed' };
  if (!canConnect(out.type, input.type)) {
    const what = paramOfPort(input.name) === undefined ? `a ${input.type} input` : 'a number parameter';
    return { ok: false, reason: `A ${out.type} output cannot feed ${what} ("${out.label ?? out.name}" → "${input.label ?? input.name}")` };
  }
  const edge: GraphEdge = { id: freshEdgeId(graph), from: { ...from }, to: { ...to } };
  const next = { ...graph, edges: [...graph.edges.filter((e) => !(e.to.node === to.node && e.to.port === to.port)), edge] };
  try {
    compilePlan(next, registry);
  } catch (error) {
    if (error instanceof PlanError && error.code === 'cycle') {
      return { ok: false, reason: `This edge would close a loop without a Feedback node. ${error.message.split(': ').slice(1).join(': ')}` };
    }
    if (error instanceof PlanError) return { ok: false, reason: error.message };
    throw error;
  }
  return { ok: true, graph: next, edge };
}

export function moveNodes(graph: Graph, positions: ReadonlyMap<string, { x: number; y: number }>): Graph {
  return { ...graph, nodes: graph.nodes.map((n) => (positions.has(n.id) ? { ...n, position: roundPosition(positions.get(n.id)!) } : n)) };
}

/**
 * Sets one param, checked against its schema. On a node type with `presets`, choosing a preset
 * sets its values too, and a hand edit of one of them renames the preset (see `withPresets`):
 * one graph, so one undo step.
 */
export function setParam(graph: Graph, registry: NodeRegistry, nodeId: string, name: string, value: JsonValue): EditResult {
  const node = graph.nodes.find((n) => n.id === nodeId);
  const definition = node && registry.get(node.type);
  const params = definition?.params as ParamSchemas | undefined;
  // hasOwn: a param named "toString" must not find Object.prototype's.
  const schema = params && Object.hasOwn(params, name) ? params[name] : undefined;
  if (!schema) return { ok: false, reason: `no parameter "${name}" on node "${nodeId}"` };
  const problem = paramValueProblem(schema, value);
  if (problem) return { ok: false, reason: `${schema.label}: ${problem}` };
  const refused = definition?.checkParam ? typeCheckProblem(definition.checkParam.bind(definition), name, value) : null;
  if (refused) return { ok: false, reason: `${schema.label}: ${refused}` };
  return { ok: true, graph: updateNode(graph, nodeId, (n) => ({ ...n, params: withPresets(definition?.presets, n.params, name, value) })) };
}

/** What a node type's `checkParam` says; a check that throws (a plugin's bug) refuses the value with its message. */
function typeCheckProblem(check: (name: string, value: JsonValue) => string | null, name: string, value: JsonValue): string | null {
  try {
    return check(name, value);
  } catch (error) {
    return `the node type's check failed: ${error instanceof Error ? error.message : String(error)}`;
  }
}

export function setLabel(graph: Graph, nodeId: string, label: string): Graph {
  return updateNode(graph, nodeId, (n) => {
    const { label: _old, ...rest } = n;
    return label.trim() ? { ...rest, label: label.trim() } : rest;
  });
}

/** A self-contained piece of a graph: what copy puts on the clipboard. */
export interface GraphFragment { readonly nodes: readonly GraphNode[]; readonly edges: readonly GraphEdge[] }

/** The selected nodes and the edges between them. */
export function copyFragment(graph: Graph, ids: readonly string[]): GraphFragment {
  const chosen = new Set(ids);
  return {
    nodes: graph.nodes.filter((n) => chosen.has(n.id)),
    edges: graph.edges.filter((e) => chosen.has(e.from.node) && chosen.has(e.to.node)),
  };
}

/** Inserts a fragment with fresh ids, moved by `offset`; returns the new node ids. */
export function pasteFragment(graph: Graph, fragment: GraphFragment, offset: { x: number; y: number }): EditResult<{ nodeIds: string[] }> {
  let next = graph;
  const ids = new Map<string, string>();
  for (const node of fragment.nodes) {
    const id = freshId(next, node.type);
    ids.set(node.id, id);
    const copy = { ...node, id, position: roundPosition({ x: node.position.x + offset.x, y: node.position.y + offset.y }) };
    next = { ...next, nodes: [...next.nodes, copy] };
  }
  for (const edge of fragment.edges) {
    const from = ids.get(edge.from.node);
    const to = ids.get(edge.to.node);
    if (from && to) next = { ...next, edges: [...next.edges, { id: freshEdgeId(next), from: { ...edge.from, node: from }, to: { ...edge.to, node: to } }] };
  }
  return { ok: true, graph: next, nodeIds: [...ids.values()] };
}

/** True for edges into a delayed input: the ones that carry a value to the next frame. */
export function isFeedbackEdge(graph: Graph, registry: NodeRegistry, edge: GraphEdge): boolean {
  const target = graph.nodes.find((n) => n.id === edge.to.node);
  return Boolean(target && declaredPorts(graph, registry, target, 'inputs')?.find((p) => p.name === edge.to.port)?.delayed);
}

function updateNode(graph: Graph, nodeId: string, change: (node: GraphNode) => GraphNode): Graph {
  return { ...graph, nodes: graph.nodes.map((n) => (n.id === nodeId ? change(n) : n)) };
}

/** Readable ids (`shift-blend-2`) that never collide with the graph's existing ones. */
function freshId(graph: Graph, type: string): string {
  const base = type.split('/').pop()!.replace(/[^a-z0-9-]/gi, '-').toLowerCase() || 'node';
  const taken = new Set(graph.nodes.map((n) => n.id));
  for (let i = 1; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

function freshEdgeId(graph: Graph): string {
  const taken = new Set(graph.edges.map((e) => e.id));
  for (let i = graph.edges.length + 1; ; i++) if (!taken.has(`e${i}`)) return `e${i}`;
}

function roundPosition(p: { x: number; y: number }): { x: number; y: number } {
  return { x: Math.round(p.x), y: Math.round(p.y) };
}
