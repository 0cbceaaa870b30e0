import { paramOfPort, paramPort, storedNodeType } from '../../core';
import type { AnyNodeDefinition, Graph, GraphEdge, GraphNode, ParamSchemas, PortSpec } from '../../core';
import type { SocketType } from './port-style';
import type { NodePorts, PortView } from './schemes';

const definitionIds = new WeakMap<AnyNodeDefinition, number>();
let nextDefinitionId = 1;

/**
 * The ports a node is drawn with. A node whose type is not installed is drawn with the ports
 * its graph file stored for it (format version 2), typed, so it can be rewired; failing that,
 * with the ports its edges name (type unknown), so its wires stay visible until the plugin comes back.
 * Each wired number param (an edge into `param:<name>`) follows the inputs as an input of its own.
 */
export function portsOf(graph: Graph, node: GraphNode, definition: AnyNodeDefinition | undefined): NodePorts {
  const declared = definition ?? storedNodeType(graph, node.type);
  if (declared) {
    const wired = new Set(graph.edges.filter((e) => e.to.node === node.id).map((e) => e.to.port));
    const params = numberParams(declared.params).filter((p) => wired.has(p.name));
    return { inputs: [...declared.inputs.map(fromSpec), ...params], outputs: declared.outputs.map(fromSpec) };
  }
  const inputs = unique(graph.edges.filter((e) => e.to.node === node.id).map((e) => e.to.port));
  const outputs = unique(graph.edges.filter((e) => e.from.node === node.id).map((e) => e.from.port));
  return { inputs: inputs.map(unknownPort), outputs: outputs.map(unknownPort) };
}

/**
 * The number params a number wire may still be dropped on: those of `params` not wired yet.
 * A card offers them while a number wire is being dragged.
 */
export function wirableParams(ports: NodePorts, params: ParamSchemas | undefined): PortView[] {
  const wired = new Set(ports.inputs.filter((p) => p.param).map((p) => p.name));
  return numberParams(params ?? {}).filter((p) => !wired.has(p.name));
}

/** Equal signatures mean the rete node can be patched in place rather than rebuilt. */
export function portsSignature(ports: NodePorts, definition: AnyNodeDefinition | undefined): string {
  let id = 0;
  if (definition) {
    id = definitionIds.get(definition) ?? nextDefinitionId++;
    definitionIds.set(definition, id);
  }
  const side = (list: readonly PortView[]): string => list.map((p) => `${p.name}:${p.type}:${p.label}:${p.delayed ? 1 : 0}`).join(',');
  return `${id}|${side(ports.inputs)}|${side(ports.outputs)}`;
}

export function edgeSignature(edge: GraphEdge): string {
  return `${edge.from.node}.${edge.from.port}>${edge.to.node}.${edge.to.port}`;
}

/** The type a wire is coloured by: its source port's, else its target port's. */
export function edgeType(source: NodePorts | undefined, target: NodePorts | undefined, edge: GraphEdge): SocketType {
  const from = source?.outputs.find((p) => p.name === edge.from.port)?.type;
  if (from && from !== 'unknown') return from;
  return target?.inputs.find((p) => p.name === edge.to.port)?.type ?? 'unknown';
}

function fromSpec(spec: PortSpec): PortView {
  return { name: spec.name, label: spec.label ?? spec.name, type: spec.type, optional: Boolean(spec.optional), delayed: Boolean(spec.delayed) };
}

function unknownPort(name: string): PortView {
  const param = paramOfPort(name);
  if (param !== undefined) return { name, label: param, type: 'unknown', optional: true, delayed: false, param: true };
  return { name, label: name, type: 'unknown', optional: true, delayed: false };
}

/** Every number param as the port a wire into it arrives at (`param:<name>`), in schema order. */
function numberParams(params: ParamSchemas): PortView[] {
  return Object.entries(params).flatMap(([name, schema]) => (schema.kind === 'number'
    ? [{ name: paramPort(name), label: schema.label, type: 'number' as const, optional: true, delayed: false, param: true }]
    : []));
}

function unique(names: readonly string[]): string[] {
  return [...new Set(names)];
}
