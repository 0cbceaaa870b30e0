/** One step into a JSON document: an object key or an array index. */
export type PathSegment = string | number;

// Plain keys (kebab-case param names included) are written after a dot, as checkGraph does;
// only keys that would make the path ambiguous are quoted.
const PLAIN_KEY = /^[^.[\]"\s\p{Cc}]+$/u;

/**
 * Writes a path the way a reader would look it up: `nodes[3].position.x`.
 * Empty keys and keys holding dots, brackets, quotes or spaces are quoted (`params["a.b"]`).
 */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** Appends a relative path (as written by `formatPath`) to a base path. */
export function joinPath(base: string, relative: string): string {
  if (relative === '') return base;
  if (base === '' || relative.startsWith('[')) return base + relative;
  return `${base}.${relative}`;
}

/** The value at `segments`, or undefined where the path leaves the document. */
export function valueAt(root: unknown, segments: readonly PathSegment[]): unknown {
  let value = root;
  for (const segment of segments) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, segment)) return undefined;
    value = (value as Record<PathSegment, unknown>)[segment];
  }
  return value;
}
