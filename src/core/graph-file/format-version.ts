import type { GraphProblem } from '../graph/check';
import { describeJson, errorText } from './describe-value';
import { GraphFileError } from './graph-file-error';

/** The `format` header of every graph file; anything else is not one of ours. */
export const GRAPH_FORMAT = 'nfp-studio-graph';
/** The file-format version this app writes, and the newest it reads. */
export const GRAPH_FORMAT_VERSION = 3;

type JsonObject = Record<string, unknown>;

/**
 * Whole-file migrations keyed by the format version they migrate *to*: `{ 2: (doc) => … }`
 * turns a version-1 document into a version-2 one.
 */
export type FormatMigrations = Readonly<Record<number, (doc: JsonObject) => JsonObject>>;
export const FORMAT_MIGRATIONS: FormatMigrations = {
  // Version 2 lets `plugins[].nodeTypes` keep the port and param schemas of the plugin node
  // types a graph uses (placeholders for missing plugins). The key is optional, so a version-1
  // file is already a valid version-2 one; the bump makes older apps refuse version-2 files
  // as "made by a newer version" instead of listing an unknown key.
  2: (doc) => doc,
  // Version 3 lets an edge feed a number param: `to.port` is "param:<name>" (see
  // src/core/graph/param-ports.ts). A version-2 file has no such edges, so it is already a valid
  // version-3 one and opens unchanged; saving it writes only the new version number. The bump
  // makes older apps refuse a file with param wires as "made by a newer version" instead of
  // reporting an unknown input. The example graphs in src/nodes/examples are written at version 3.
  3: (doc) => doc,
};

/** The version a loader reads up to, and how it gets there; a parameter so tests can stage a future. */
export interface FormatTable { readonly version: number; readonly migrations: FormatMigrations }
const CURRENT: FormatTable = { version: GRAPH_FORMAT_VERSION, migrations: FORMAT_MIGRATIONS };

export type HeaderResult = { ok: true; doc: JsonObject } | { ok: false; error: GraphFileError };

/**
 * Checks `format` and `version` and brings an older document up to `GRAPH_FORMAT_VERSION`,
 * before any structural check: a package.json or a file from a newer app deserves its own
 * message, not a list of unknown keys.
 */
export function readHeader(root: unknown, table: FormatTable = CURRENT): HeaderResult {
  if (root === null || typeof root !== 'object' || Array.isArray(root)) {
    return notAGraph('', `expected a JSON object with "format": "${GRAPH_FORMAT}", found ${describeJson(root)}`);
  }
  const doc = root as JsonObject;
  if (!Object.hasOwn(doc, 'format')) return notAGraph('format', `is missing (expected "${GRAPH_FORMAT}")`);
  if (doc.format !== GRAPH_FORMAT) return notAGraph('format', `expected "${GRAPH_FORMAT}", found ${describeJson(doc.format)}`);

  const version = doc.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    const found = version === undefined ? 'is required' : `found ${describeJson(version)}`;
    return fail('invalid', { path: 'version', message: `${found}; expected an integer ≥ 1` });
  }
  if (version > table.version) {
    return fail('newer-format', {
      path: 'version',
      message: `format version ${version}; this app reads versions up to ${table.version}. Update the app to open it`,
    });
  }
  return migrateFormat(doc, version, table);
}

function migrateFormat(doc: JsonObject, from: number, { version, migrations }: FormatTable): HeaderResult {
  let current = doc;
  for (let to = from + 1; to <= version; to++) {
    const step = Object.hasOwn(migrations, to) ? migrations[to] : undefined;
    if (!step) return fail('invalid', { path: 'version', message: `no migration from format version ${to - 1} to ${to}` });
    try {
      current = { ...step(current), version: to };
    } catch (e) {
      return fail('invalid', { path: '', message: `migrating to format version ${to} failed: ${errorText(e)}` });
    }
  }
  return { ok: true, doc: current };
}

function notAGraph(path: string, message: string): HeaderResult {
  return fail('not-a-graph', { path, message });
}

function fail(code: 'invalid' | 'newer-format' | 'not-a-graph', problem: GraphProblem): HeaderResult {
  return { ok: false, error: new GraphFileError(code, [problem]) };
}
