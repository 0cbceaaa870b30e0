// The render command's `--asset FILE`s: the clips and images a graph's asset params name by
// SHA-256, matched to the files given, before a browser starts (the page's storage is empty:
// the render profile is fresh).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describeNode } from '../../src/core';
import type { AssetKind, Graph, NodeRegistry, ParamSchemas } from '../../src/core';
import { exampleAssets } from '../../src/nodes/examples/example-assets';

const PUBLIC_DIR = path.resolve(import.meta.dirname, '../../public');

/** A file to store in the page before rendering, under the hash the graph names it by. */
export interface RenderAsset {
  readonly file: string;
  /** Its file name, as the node's messages will quote it. */
  readonly name: string;
  readonly sha256: string;
  readonly kind: AssetKind;
}

export type AssetsResult =
  | { readonly ok: true; readonly assets: readonly RenderAsset[]; readonly notes: readonly string[] }
  | { readonly ok: false; readonly error: string };

interface Named { readonly sha256: string; readonly kind: AssetKind; readonly where: string }

/**
 * Matches `files` (absolute paths) to the asset params of `graph`. Every file the graph
 * names must be given; a file it does not name is left out, with a note.
 */
export function resolveRenderAssets(graph: Graph, registry: NodeRegistry, files: readonly string[]): AssetsResult {
  const given = new Map<string, { file: string; name: string }>();
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return { ok: false, error: `cannot read --asset ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code ?? (error as Error).message}` };
    }
    given.set(createHash('sha256').update(bytes).digest('hex'), { file, name: path.basename(file) });
  }
  const named = namedAssets(graph, registry);
  const notes: string[] = [];
  // The clips the examples ship with need no --asset (checked by hash like a given file).
  for (const shipped of exampleAssets) {
    if (given.has(shipped.sha256) || !named.some((n) => n.sha256 === shipped.sha256)) continue;
    const file = path.join(PUBLIC_DIR, shipped.path);
    if (existsSync(file) && createHash('sha256').update(readFileSync(file)).digest('hex') === shipped.sha256) {
      given.set(shipped.sha256, { file, name: path.basename(file) });
      notes.push(`using the example clip ${path.relative(process.cwd(), file)}`);
    }
  }
  const missing = named.filter((n) => !given.has(n.sha256));
  if (missing.length > 0) {
    const list = missing.map((n) => `${n.where} names the file ${n.sha256.slice(0, 12)}…`).join('; ');
    return { ok: false, error: `${list}: pass that file with --asset FILE (the exact file: it is matched by its SHA-256)` };
  }
  const sequence = named.find((n) => n.kind === 'image-sequence');
  if (sequence) return { ok: false, error: `${sequence.where} names an image sequence, which --asset cannot give yet: render it from a video made of the images` };
  const assets: RenderAsset[] = [];
  for (const n of named) {
    if (assets.some((a) => a.sha256 === n.sha256)) continue;
    assets.push({ ...given.get(n.sha256)!, sha256: n.sha256, kind: n.kind });
  }
  for (const [sha256, g] of given) if (!assets.some((a) => a.sha256 === sha256)) notes.push(`--asset ${g.name} is not named by the graph: left out`);
  return { ok: true, assets, notes };
}

/** Every non-empty asset param of the graph's nodes. */
function namedAssets(graph: Graph, registry: NodeRegistry): Named[] {
  const named: Named[] = [];
  for (const node of graph.nodes) {
    const schemas = (registry.get(node.type)?.params ?? {}) as ParamSchemas;
    for (const [name, schema] of Object.entries(schemas)) {
      const value = node.params[name];
      if (schema.kind !== 'asset' || typeof value !== 'string' || value === '') continue;
      named.push({ sha256: value, kind: schema.accept, where: `${schema.label} of node ${describeNode(node)}` });
    }
  }
  return named;
}
