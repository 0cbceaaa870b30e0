import type { Graph, GraphNode } from './graph';
import type { ParamSchema, ParamSchemas } from './params';
import type { PortSpec } from './ports';
import type { NodeRegistry } from './registry';
import { declaredPorts, storedNodeType } from './declared-ports';

/**
 * How an edge addresses a param: `to.port` is `"param:<name>"`. Input port names may not start
 * with this prefix (the registry refuses such a definition), so a param port can never collide
 * with an input, and a graph file keeps param wires as ordinary edges (format version 3).
 *
 * Only `number` params take a wire, and only from a `number` output. The scheduler feeds the
 * wired value into `ctx.params[name]` each frame, clamped to the schema's range (rounded when
 * `integer`); the hand-set value stays in the node's params and returns when the wire goes.
 *
 * @example
 * connect(graph, registry, { node: 'lfo-1', port: 'value' }, { node: 'shift-blend-1', port: paramPort('gain') });
 */
export const PARAM_PORT_PREFIX = 'param:';

/**
 * The edge port addressing param `name`.
 * @example paramPort('gain') // 'param:gain'
 */
export function paramPort(name: string): string {
  return `${PARAM_PORT_PREFIX}${name}`;
}

/**
 * The param an edge port addresses, or undefined for an ordinary input.
 * @example paramOfPort('param:gain') // 'gain'; paramOfPort('frame') // undefined
 */
export function paramOfPort(port: string): string | undefined {
  return port.startsWith(PARAM_PORT_PREFIX) ? port.slice(PARAM_PORT_PREFIX.length) : undefined;
}

/** A number param schema: the only kind that takes a wire. */
export type NumberParamSchema = Extract<ParamSchema, { kind: 'number' }>;

/**
 * The input a wired param presents: an optional number port named `param:<name>`, labelled like the param.
 * @example paramPortSpec('gain', schema) // { name: 'param:gain', type: 'number', label: 'Gain', optional: true }
 */
export function paramPortSpec(name: string, schema: NumberParamSchema): PortSpec {
  return { name: paramPort(name), type: 'number', label: schema.label, optional: true };
}

/**
 * The schema of param `name` when it can take a wire, else why not. Own keys only: a param named
 * "constructor" must not find Object.prototype's.
 * @example wirableParam(definition.params, 'mode') // 'cannot take a wire into its enum parameter "Mode": only number parameters take wires'
 */
export function wirableParam(params: ParamSchemas, name: string): NumberParamSchema | string {
  const schema = Object.hasOwn(params, name) ? params[name] : undefined;
  if (!schema) return `has no parameter "${name}" to wire into`;
  if (schema.kind !== 'number') return `cannot take a wire into its ${schema.kind} parameter "${schema.label}": only number parameters take wires`;
  return schema;
}

/**
 * The input an edge into `port` of `node` feeds: a declared input, or the param port of a number
 * param (`param:<name>`). A string says why there is none; undefined means nothing is known of the
 * node's type (a placeholder whose file stored no schema), so its edges are trusted.
 * @example edgeTarget(graph, registry, node, 'param:gain') // { name: 'param:gain', type: 'number', label: 'Gain', optional: true }
 */
export function edgeTarget(
  graph: Pick<Graph, 'plugins'>, registry: NodeRegistry, node: Pick<GraphNode, 'id' | 'type'>, port: string,
): PortSpec | string | undefined {
  const param = paramOfPort(port);
  if (param === undefined) {
    const inputs = declaredPorts(graph, registry, node, 'inputs');
    if (!inputs) return undefined;
    return inputs.find((p) => p.name === port) ?? `node "${node.id}" (${node.type}) has no input "${port}"`;
  }
  const params = (registry.get(node.type) ?? storedNodeType(graph, node.type))?.params as ParamSchemas | undefined;
  if (!params) return undefined;
  const schema = wirableParam(params, param);
  return typeof schema === 'string' ? `node "${node.id}" (${node.type}) ${schema}` : paramPortSpec(param, schema);
}
