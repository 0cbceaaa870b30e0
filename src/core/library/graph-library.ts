import type { Graph } from '../graph/graph';
import type { NodeRegistry } from '../graph/registry';
import type { GraphFileError } from '../graph-file';
import { parseGraphFile, toGraphJson } from '../graph-file';
import type { StudioStorage } from '../storage';

export type GraphImportResult =
  | { readonly ok: true; readonly id: string; readonly revision: number; readonly graph: Graph; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly error: GraphFileError };

/**
 * Validates a graph file and, only if it is valid, stores it as a new library entry.
 * A bad file writes nothing, so the graphs already stored cannot be touched by it.
 * @throws StorageError when the file is valid but storage fails (e.g. quota).
 */
export async function importGraphFile(storage: StudioStorage, registry: NodeRegistry, text: string): Promise<GraphImportResult> {
  const parsed = parseGraphFile(text, registry);
  if (!parsed.ok) return parsed;
  const { id, revision } = await storage.saveGraph({ name: parsed.graph.name, json: toGraphJson(parsed.graph) });
  return { ok: true, id, revision, graph: parsed.graph, warnings: parsed.warnings };
}

/**
 * Saves `graph` as a new revision of library entry `id` (or a new entry), in canonical form.
 * @param baseRevision the revision the edits started from; another tab's later save makes
 *   this fail with StorageError `conflict` instead of being overwritten.
 */
export function saveGraphToLibrary(storage: StudioStorage, graph: Graph, id?: string, baseRevision?: number): Promise<{ id: string; revision: number }> {
  const target = id === undefined ? {} : { id, ...(baseRevision === undefined ? {} : { baseRevision }) };
  return storage.saveGraph({ ...target, name: graph.name, json: toGraphJson(graph) });
}

/**
 * Opens a stored graph through the same parser as a file, so graphs saved by an older
 * version are migrated on the way in.
 */
export async function openGraphFromLibrary(storage: StudioStorage, registry: NodeRegistry, id: string): Promise<GraphImportResult> {
  const saved = await storage.loadGraph(id);
  const parsed = parseGraphFile(saved.json, registry);
  if (!parsed.ok) return parsed;
  return { ok: true, id, revision: saved.revision, graph: parsed.graph, warnings: parsed.warnings };
}
