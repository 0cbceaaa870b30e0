import type { JsonValue } from '../graph/graph';
import type { PathSegment } from './json-path';

/**
 * Deepest nesting of arrays and objects accepted inside a param value or a node's `data`.
 * Bounded so that walking, cloning and serialising never recurse far enough to overflow the stack.
 */
export const MAX_JSON_DEPTH = 64;

export interface JsonValueProblem { readonly path: readonly PathSegment[]; readonly message: string }

/**
 * Why `value` is not plain JSON data (finite numbers, plain objects and arrays, at most
 * `MAX_JSON_DEPTH` levels deep), or null when it is. Stops at the first problem.
 */
export function jsonValueProblem(value: unknown): JsonValueProblem | null {
  return walk(value, [], 0);
}

function walk(value: unknown, path: PathSegment[], depth: number): JsonValueProblem | null {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return null;
    case 'number':
      return Number.isFinite(value) ? null : { path, message: `expected a finite number, got ${String(value)}` };
    case 'object': {
      if (value === null) return null;
      // Reported at the value's root: a 65-step path would bury the message.
      if (depth >= MAX_JSON_DEPTH) return { path: [], message: `nested deeper than ${MAX_JSON_DEPTH} levels` };
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const problem = walk(value[i], [...path, i], depth + 1);
          if (problem) return problem;
        }
        return null;
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) return { path, message: 'expected plain JSON data, got a class instance' };
      for (const key of Object.keys(value)) {
        const problem = walk((value as Record<string, unknown>)[key], [...path, key], depth + 1);
        if (problem) return problem;
      }
      return null;
    }
    default:
      return { path, message: `expected a JSON value, got ${typeof value}` };
  }
}

/**
 * A deep copy of checked JSON data that shares nothing with its source. Keys are defined,
 * not assigned, so an own `"__proto__"` key stays a key instead of replacing the prototype.
 */
export function cloneJson<T extends JsonValue>(value: T): T;
export function cloneJson(value: JsonValue): JsonValue {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => cloneJson(item));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, cloneJson(item)]));
}
