import type { GraphProblem } from '../graph/check';
import { checkGraph } from '../graph/check';
import type { Graph, GraphNode, JsonValue, PluginNodeType } from '../graph/graph';
import type { NodeRegistry } from '../graph/registry';
import { errorText } from './describe-value';
import { readHeader } from './format-version';
import type { GraphFileErrorCode } from './graph-file-error';
import { GraphFileError } from './graph-file-error';
import { cloneJson } from './json-value';
import { findJsonSyntaxError } from './json-syntax';
import { fillDefaultParams, migrateNode } from './migrate-node';
import type { GraphFileData } from './schema';
import { structuralProblems } from './schema';

/** Larger files are refused before parsing: no real graph comes near this, and parsing blocks the page. */
export const MAX_GRAPH_FILE_BYTES = 20 * 1024 * 1024;

export type GraphLoadResult =
  | { readonly ok: true; readonly graph: Graph; readonly warnings: string[] }
  | { readonly ok: false; readonly error: GraphFileError };

/**
 * Reads a graph file: size, JSON syntax, header (format and version), structure, node
 * migrations and default params, then `checkGraph`. Never throws, whatever the text: every
 * failure is a `GraphFileError` whose problems carry JSON paths. Nodes of unknown types are
 * kept untouched as placeholders, with a warning. The graph returned is fresh plain data.
 *
 * @example
 * const result = parseGraphFile(await file.text(), registry);
 * if (result.ok) open(result.graph, result.warnings);
 * else showError(result.error.message);
 */
export function parseGraphFile(text: string, registry: NodeRegistry): GraphLoadResult {
  try {
    return load(text, registry);
  } catch (e) {
    return fail('internal', [{ path: '', message: `unexpected error: ${errorText(e)}` }]);
  }
}

function load(text: string, registry: NodeRegistry): GraphLoadResult {
  if (typeof text !== 'string') return fail('not-json', [{ path: '', message: `expected text, got ${typeof text}` }]);
  // Each UTF-16 unit is at most 3 bytes in UTF-8, so only long texts need counting.
  if (text.length * 3 > MAX_GRAPH_FILE_BYTES) {
    const bytes = utf8Length(text);
    if (bytes > MAX_GRAPH_FILE_BYTES) {
      return fail('too-large', [{ path: '', message: `${megabytes(bytes)} MB; the limit is ${megabytes(MAX_GRAPH_FILE_BYTES)} MB` }]);
    }
  }
  // Some editors save a byte-order mark, which JSON.parse rejects although the file is fine.
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let root: unknown;
  try {
    root = JSON.parse(body);
  } catch (e) {
    const where = findJsonSyntaxError(body);
    const message = where ? `${where.message} at line ${where.line}, column ${where.column}` : errorText(e);
    return fail('not-json', [{ path: '', message }]);
  }

  const header = readHeader(root);
  if (!header.ok) return header;
  const structural = structuralProblems(header.doc);
  if (structural.length > 0) return fail('invalid', structural);

  const file = header.doc as GraphFileData;
  const warnings: string[] = [];
  const problems: GraphProblem[] = [];
  const nodes: GraphNode[] = [];
  file.nodes.forEach((raw, i) => {
    const upgraded = upgradeNode(readNode(raw), registry, warnings);
    if (typeof upgraded === 'string') problems.push({ path: `nodes[${i}]`, message: upgraded });
    else nodes.push(upgraded);
  });
  if (problems.length > 0) return fail('invalid', problems);

  const graph: Graph = {
    name: file.name,
    settings: { width: file.settings.width, height: file.settings.height, fps: file.settings.fps },
    nodes,
    edges: file.edges.map((e) => ({ id: e.id, from: { node: e.from.node, port: e.from.port }, to: { node: e.to.node, port: e.to.port } })),
    models: file.models.map((m) => ({ id: m.id, sha256: m.sha256, name: m.name, bytes: m.bytes })),
    plugins: file.plugins.map((p) => ({
      id: p.id, version: p.version, sha256: p.sha256, ...(p.nodeTypes ? { nodeTypes: cloneJson(p.nodeTypes as unknown as JsonValue) as unknown as PluginNodeType[] } : {}),
    })),
  };
  const semantic = [
    ...checkGraph(graph, registry), ...duplicateIds(graph.models, 'models', 'model'), ...duplicateIds(graph.plugins, 'plugins', 'plugin'),
    ...pluginNodeTypeProblems(graph),
  ];
  if (semantic.length > 0) return fail('invalid', semantic);
  return { ok: true, graph, warnings };
}

function readNode(raw: GraphFileData['nodes'][number]): GraphNode {
  return {
    id: raw.id,
    type: raw.type,
    typeVersion: raw.typeVersion,
    ...(raw.label !== undefined ? { label: raw.label } : {}),
    params: cloneJson(raw.params as Record<string, JsonValue>),
    position: { x: raw.position.x, y: raw.position.y },
    ...(raw.data !== undefined ? { data: cloneJson(raw.data as JsonValue) } : {}),
  };
}

/** The node migrated and completed with defaults, or why its migration failed. */
function upgradeNode(node: GraphNode, registry: NodeRegistry, warnings: string[]): GraphNode | string {
  const definition = registry.get(node.type);
  if (!definition) {
    warnings.push(`node "${node.id}" has unknown type "${node.type}": kept as a placeholder`);
    return node;
  }
  // checkGraph reports a node from a newer definition; guessing at its params would only add noise.
  if (node.typeVersion > definition.version) return node;
  const migrated = migrateNode(node, definition);
  if (!migrated.ok) return migrated.message;
  if (node.typeVersion < definition.version) {
    warnings.push(`node "${node.id}" of type "${node.type}" was upgraded from version ${node.typeVersion} to ${definition.version}`);
  }
  const filled = fillDefaultParams(migrated.node, definition);
  if (filled.added.length > 0) {
    const names = filled.added.map((name) => JSON.stringify(name)).join(', ');
    warnings.push(`node "${node.id}" of type "${node.type}" had no value for ${names}: set to the default`);
  }
  return filled.node;
}

/** Each stored node type belongs to its plugin (`<id>/…`) and is stored once. */
function pluginNodeTypeProblems(graph: Graph): GraphProblem[] {
  const problems: GraphProblem[] = [];
  const seen = new Set<string>();
  graph.plugins.forEach((plugin, i) => plugin.nodeTypes?.forEach((t, j) => {
    const at = `plugins[${i}].nodeTypes[${j}].type`;
    if (!t.type.startsWith(`${plugin.id}/`)) problems.push({ path: at, message: `node type "${t.type}" must start with "${plugin.id}/"` });
    else if (seen.has(t.type)) problems.push({ path: at, message: `node type "${t.type}" is described twice` });
    seen.add(t.type);
  }));
  return problems;
}

function duplicateIds(entries: readonly { readonly id: string }[], list: string, what: string): GraphProblem[] {
  const seen = new Set<string>();
  const problems: GraphProblem[] = [];
  entries.forEach((entry, i) => {
    if (seen.has(entry.id)) problems.push({ path: `${list}[${i}].id`, message: `duplicate ${what} id "${entry.id}"` });
    seen.add(entry.id);
  });
  return problems;
}

function fail(code: GraphFileErrorCode, problems: GraphProblem[]): GraphLoadResult {
  return { ok: false, error: new GraphFileError(code, problems) };
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // A surrogate pair is 4 bytes in all, 2 per unit.
    bytes += unit < 0x80 ? 1 : unit < 0x800 || (unit >= 0xd800 && unit <= 0xdfff) ? 2 : 3;
  }
  return bytes;
}

/** Megabytes to one decimal, rounded up so a file just over the limit never reads as equal to it. */
function megabytes(bytes: number): string {
  return (Math.ceil((bytes / (1024 * 1024)) * 10) / 10).toString();
}
