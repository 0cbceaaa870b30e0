import type { Graph, GraphNode, PortRef } from '../graph/graph';
import { describeNode } from '../graph/graph';
import type { AnyNodeDefinition } from '../graph/node-definition';
import type { PortSpec } from '../graph/ports';
import type { NodeRegistry } from '../graph/registry';
import { checkGraph } from '../graph/check';
import { declaredPorts } from '../graph/declared-ports';
import type { ParamSchemas } from '../graph/params';
import { defaultParams } from '../graph/params';
import { findCycles } from './cycles';
import type { ParamWire } from './param-wires';
import { paramWiresOf } from './param-wires';

export interface PlannedInput {
  readonly port: PortSpec;
  /** Where the value comes from; undefined when the input is unconnected. */
  readonly source?: PortRef;
}

export interface PlanStep {
  readonly node: GraphNode;
  readonly definition: AnyNodeDefinition;
  /** The node's params with defaults filled in for any the graph leaves out. */
  readonly params: Readonly<Record<string, unknown>>;
  readonly inputs: readonly PlannedInput[];
  /**
   * Edges into number params (`param:<name>`). They count as inputs for caching: the wire's
   * source joins the cache key, and a source recomputed every frame makes this step so too.
   */
  readonly paramWires: readonly ParamWire[];
  /** Recomputed every frame: volatile, trainable, fed by a delayed input, or downstream of such a node. */
  readonly dynamic: boolean;
  /** For static steps: identifies params + inputs, so an unchanged branch is served from cache. */
  readonly cacheKey: string;
  /** Why the node cannot run (unknown type, missing input, or an upstream node that cannot). */
  readonly blockedBy?: string;
  /** The plugin the node type comes from; the frame runner checks plugin nodes for leaked tensors. */
  readonly plugin?: string;
}

export interface DelayedEdge { readonly target: PortRef; readonly source: PortRef }

export interface Plan {
  /** Steps in dependency order: every non-delayed input is produced by an earlier step. */
  readonly steps: readonly PlanStep[];
  /** Values carried from one frame to the next (the feedback edges). */
  readonly delayed: readonly DelayedEdge[];
}

export type PlanErrorCode = 'invalid-graph' | 'cycle';

export class PlanError extends Error {
  constructor(readonly code: PlanErrorCode, message: string, readonly nodeIds: readonly string[]) {
    super(message);
    this.name = 'PlanError';
  }
}

/**
 * Compiles a graph into the per-frame plan.
 * @throws PlanError when the graph is inconsistent or has a cycle that no delayed
 * (Feedback) input breaks; the message names every node of each cycle.
 */
export function compilePlan(graph: Graph, registry: NodeRegistry): Plan {
  const problems = checkGraph(graph, registry);
  if (problems.length > 0) {
    throw new PlanError('invalid-graph', `The graph is inconsistent: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, []);
  }
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const sourceOf = new Map(graph.edges.map((e) => [portKey(e.to), e.from]));
  const delayed: DelayedEdge[] = [];
  const successors = new Map<string, string[]>(graph.nodes.map((n) => [n.id, []]));
  const inDegree = new Map<string, number>(graph.nodes.map((n) => [n.id, 0]));

  for (const edge of graph.edges) {
    const target = byId.get(edge.to.node)!;
    // A placeholder's stored ports count: its feedback input must still break the cycle.
    const port = declaredPorts(graph, registry, target, 'inputs')?.find((p) => p.name === edge.to.port);
    if (port?.delayed) {
      delayed.push({ target: edge.to, source: edge.from });
      continue;
    }
    successors.get(edge.from.node)!.push(edge.to.node);
    inDegree.set(edge.to.node, inDegree.get(edge.to.node)! + 1);
  }

  const order = topologicalOrder(graph.nodes, successors, inDegree);
  if (order.length < graph.nodes.length) throw cycleError(graph, successors, new Set(order));

  const steps = new Map<string, PlanStep>();
  for (const id of order) {
    const node = byId.get(id)!;
    const step = planStep(node, registry.get(node.type), graph, sourceOf, steps);
    const plugin = registry.pluginOf(node.type);
    steps.set(id, plugin === undefined ? step : { ...step, plugin });
  }
  return { steps: order.map((id) => steps.get(id)!), delayed };
}

function planStep(
  node: GraphNode, definition: AnyNodeDefinition | undefined, graph: Graph,
  sourceOf: ReadonlyMap<string, PortRef>, earlier: ReadonlyMap<string, PlanStep>,
): PlanStep {
  if (!definition) {
    return {
      node, definition: placeholderDefinition(node), params: node.params, inputs: [], paramWires: [], dynamic: true, cacheKey: '', blockedBy: `node type "${node.type}" is not installed`,
    };
  }
  const params = { ...defaultParams(definition.params as ParamSchemas), ...node.params };
  const inputs = definition.inputs.map((port): PlannedInput => {
    const source = sourceOf.get(portKey({ node: node.id, port: port.name }));
    return source ? { port, source } : { port };
  });
  let blockedBy: string | undefined;
  // A trainable node's weights change between frames without any param changing: never cache it.
  let dynamic = definition.volatile === true || definition.training !== undefined;
  const inputKeys: string[] = [];
  for (const input of inputs) {
    if (!input.source) {
      if (!input.port.optional && !input.port.delayed) blockedBy ??= `input "${input.port.name}" is not connected`;
      continue;
    }
    if (input.port.delayed) { dynamic = true; continue; }
    const upstream = earlier.get(input.source.node)!;
    if (upstream.blockedBy) blockedBy ??= `waits for ${describeNode(upstream.node)}, which cannot run`;
    dynamic ||= upstream.dynamic;
    inputKeys.push(`${input.port.name}=${upstream.cacheKey}/${input.source.port}`);
  }
  // A wired param is an input dependency like any other: only this node and its downstream follow it.
  const paramWires = paramWiresOf(definition, (port) => sourceOf.get(portKey({ node: node.id, port })));
  for (const wire of paramWires) {
    const upstream = earlier.get(wire.source.node)!;
    if (upstream.blockedBy) blockedBy ??= `waits for ${describeNode(upstream.node)}, which cannot run`;
    dynamic ||= upstream.dynamic;
    inputKeys.push(`${wire.port.name}=${upstream.cacheKey}/${wire.source.port}`);
  }
  const { width, height } = graph.settings;
  // Static keys are fixed for the life of a plan: params only change through a recompile.
  const cacheKey = dynamic ? '' : `${node.type}@${definition.version}${JSON.stringify(params)}[${width}x${height}](${inputKeys.join(',')})`;
  const step = { node, definition, params, inputs, paramWires, dynamic, cacheKey };
  return blockedBy ? { ...step, blockedBy } : step;
}

// Kahn's algorithm, taking ready nodes in file order so plans are deterministic.
function topologicalOrder(
  nodes: readonly GraphNode[], successors: ReadonlyMap<string, string[]>, inDegree: Map<string, number>,
): string[] {
  const order: string[] = [];
  const ready = nodes.filter((n) => inDegree.get(n.id) === 0).map((n) => n.id);
  const position = new Map(nodes.map((n, i) => [n.id, i]));
  while (ready.length > 0) {
    const id = ready.shift()!;
    order.push(id);
    for (const next of successors.get(id)!) {
      const left = inDegree.get(next)! - 1;
      inDegree.set(next, left);
      if (left === 0) {
        const at = ready.findIndex((r) => position.get(r)! > position.get(next)!);
        ready.splice(at === -1 ? ready.length : at, 0, next);
      }
    }
  }
  return order;
}

function cycleError(graph: Graph, successors: ReadonlyMap<string, string[]>, ordered: ReadonlySet<string>): PlanError {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const remaining = graph.nodes.map((n) => n.id).filter((id) => !ordered.has(id));
  const cycles = findCycles(remaining, successors);
  const names = cycles.map((cycle) => [...cycle, cycle[0]!].map((id) => describeNode(byId.get(id)!)).join(' → '));
  return new PlanError(
    'cycle',
    `${cycles.length === 1 ? 'A cycle does' : `${cycles.length} cycles do`} not pass through a Feedback node: ${names.join('; ')}. ` +
      'Route one edge of each loop through a Feedback node, which delays it by one frame.',
    cycles.flat(),
  );
}

// A node whose type is missing still needs a step, so its status can be shown.
function placeholderDefinition(node: GraphNode): AnyNodeDefinition {
  return {
    type: node.type, version: node.typeVersion, title: node.type, category: 'Missing', inputs: [], outputs: [], params: {},
    process: () => { throw new Error(`node type "${node.type}" is not installed`); },
  };
}

export function portKey(ref: PortRef): string {
  return `${ref.node}\u0000${ref.port}`;
}
