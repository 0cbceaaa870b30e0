import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveRenderAssets } from '../../scripts/lib/render-assets';
import { emptyGraph, NodeRegistry } from '../../src/core';
import type { Graph } from '../../src/core';
import { builtInNodes } from '../../src/nodes';
import { beatClip } from '../../src/nodes/examples/example-assets';

const dir = mkdtempSync(path.join(tmpdir(), 'nfp-render-assets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const registry = new NodeRegistry();
registry.registerAll(builtInNodes);

function file(name: string, text: string): { file: string; sha256: string } {
  const at = path.join(dir, name);
  writeFileSync(at, text);
  return { file: at, sha256: createHash('sha256').update(text).digest('hex') };
}

const clip = file('clip.webm', 'pretend clip');
const other = file('other.webm', 'another clip');

function graph(clipParam: string, soundtrack = ''): Graph {
  return {
    ...emptyGraph('assets'),
    nodes: [
      { id: 'src', type: 'video-source', typeVersion: 1, params: { clip: clipParam }, position: { x: 0, y: 0 } },
      { id: 'rec', type: 'encoder', typeVersion: 2, params: { soundtrack }, position: { x: 0, y: 0 } },
    ],
  };
}

describe('resolveRenderAssets', () => {
  it('matches the files the graph names by their SHA-256, once each, with their kind and name', () => {
    expect(resolveRenderAssets(graph(clip.sha256, clip.sha256), registry, [clip.file])).toEqual({
      ok: true, assets: [{ file: clip.file, name: 'clip.webm', sha256: clip.sha256, kind: 'video' }], notes: [],
    });
  });

  it('leaves out, with a note, a file the graph does not name', () => {
    expect(resolveRenderAssets(graph(clip.sha256), registry, [clip.file, other.file])).toMatchObject({
      ok: true, notes: ['--asset other.webm is not named by the graph: left out'],
    });
  });

  it('names each param whose file is not given', () => {
    expect(resolveRenderAssets(graph(clip.sha256, other.sha256), registry, [])).toEqual({
      ok: false,
      error: `Clip of node "video-source" (src) names the file ${clip.sha256.slice(0, 12)}…; Soundtrack (clip sound) of node "encoder" (rec) names the file ${other.sha256.slice(0, 12)}…: pass that file with --asset FILE (the exact file: it is matched by its SHA-256)`,
    });
  });

  it('says when a given file cannot be read', () => {
    const missing = path.join(dir, 'missing.webm');
    expect(resolveRenderAssets(graph(''), registry, [missing])).toEqual({ ok: false, error: `cannot read --asset ${missing}: no such file` });
  });

  it('finds a clip an example ships with in public/ without --asset, and says so', () => {
    const shipped = path.resolve(import.meta.dirname, '../../public', beatClip.path);
    expect(resolveRenderAssets(graph(beatClip.sha256, beatClip.sha256), registry, [])).toEqual({
      ok: true,
      assets: [{ file: shipped, name: 'beat-clip.webm', sha256: beatClip.sha256, kind: 'video' }],
      notes: [`using the example clip ${path.relative(process.cwd(), shipped)}`],
    });
  });

  it('needs nothing for a graph that names no file', () => {
    expect(resolveRenderAssets(graph(''), registry, [])).toEqual({ ok: true, assets: [], notes: [] });
  });
});
