import type { GraphNode, JsonValue } from '../graph/graph';
import type { AnyNodeDefinition } from '../graph/node-definition';
import type { ParamSchemas } from '../graph/params';
import { describeJson, errorText } from './describe-value';
import { formatPath, joinPath } from './json-path';
import { cloneJson, jsonValueProblem } from './json-value';

export type NodeMigration =
  | { readonly ok: true; readonly node: GraphNode }
  | { readonly ok: false; readonly message: string };

/**
 * Brings a node's params from its `typeVersion` up to `definition.version` by applying the
 * definition's `migrations` (keyed by the version they migrate *to*) in order. A version
 * with no entry leaves the params as they are: a version that only adds params needs none,
 * since missing params get their defaults. Never throws: a failing or misbehaving migration
 * is reported as data. Nodes already at (or past) the definition's version come back as copies.
 *
 * @example
 * const result = migrateNode(node, registry.get(node.type)!);
 * if (!result.ok) console.warn(result.message);
 */
export function migrateNode(node: GraphNode, definition: AnyNodeDefinition): NodeMigration {
  let params: Record<string, JsonValue> = cloneJson(node.params);
  for (let to = node.typeVersion + 1; to <= definition.version; to++) {
    const step = definition.migrations && Object.hasOwn(definition.migrations, to) ? definition.migrations[to] : undefined;
    if (!step) continue;
    const where = `migrating "${node.type}" params from version ${to - 1} to ${to}`;
    let next: unknown;
    try {
      // A copy, so a migration that mutates its argument cannot reach the previous step's result.
      next = step(cloneJson(params));
    } catch (e) {
      return { ok: false, message: `${where} failed: ${errorText(e)}` };
    }
    if (next === null || typeof next !== 'object' || Array.isArray(next)) {
      return { ok: false, message: `${where} returned ${describeJson(next)} instead of an object of params` };
    }
    const problem = jsonValueProblem(next);
    if (problem) return { ok: false, message: `${where} returned a bad value at ${joinPath('params', formatPath(problem.path))}: ${problem.message}` };
    params = cloneJson(next as Record<string, JsonValue>);
  }
  const typeVersion = Math.max(node.typeVersion, definition.version);
  return { ok: true, node: copyNode(node, params, typeVersion) };
}

/** The node with every param its definition declares but it lacks set to the default, appended in declaration order. */
export function fillDefaultParams(node: GraphNode, definition: AnyNodeDefinition): { node: GraphNode; added: string[] } {
  const params = cloneJson(node.params);
  const added: string[] = [];
  for (const [name, schema] of Object.entries(definition.params as ParamSchemas)) {
    if (Object.hasOwn(params, name)) continue;
    // Defined, not assigned, in case a param is ever named like an Object.prototype member.
    Object.defineProperty(params, name, { value: schema.default, enumerable: true, writable: true, configurable: true });
    added.push(name);
  }
  return { node: copyNode(node, params, node.typeVersion), added };
}

function copyNode(node: GraphNode, params: Record<string, JsonValue>, typeVersion: number): GraphNode {
  return {
    id: node.id,
    type: node.type,
    typeVersion,
    ...(node.label !== undefined ? { label: node.label } : {}),
    params,
    position: { x: node.position.x, y: node.position.y },
    ...(node.data !== undefined ? { data: cloneJson(node.data) } : {}),
  };
}

