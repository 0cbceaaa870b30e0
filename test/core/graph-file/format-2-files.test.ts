import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeRegistry } from '../../../src/core';
import type { ParamSchemas } from '../../../src/core';
import { parseGraphFile, toGraphJson } from '../../../src/core/graph-file';
import { builtInNodes } from '../../../src/nodes';

// Real files from before graph format 3 (issue 25, "Patches that move"): the example graphs as
// they were at the commit before it (git show 09adbef^:src/nodes/examples/<name>), kept here
// verbatim so later edits to the examples cannot change what this test reads.
const FOLDER = path.resolve(import.meta.dirname, 'format-2');
const NAMES = readdirSync(FOLDER).filter((name) => name.endsWith('.graph.json')).sort();

type JsonObject = Record<string, unknown>;
interface FileNode { id: string; type: string; typeVersion: number; params: JsonObject }

function registry(): NodeRegistry {
  const r = new NodeRegistry();
  r.registerAll(builtInNodes);
  return r;
}

/** Opens `text` as the app does and saves it back; returns the saved text and the loader's warnings. */
function openAndSave(text: string): { saved: string; warnings: string[] } {
  const opened = parseGraphFile(text, registry());
  if (!opened.ok) throw opened.error;
  return { saved: toGraphJson(opened.graph), warnings: opened.warnings };
}

/** The ids of the nodes the loader says it upgraded to a newer version of their type (a node's own migration, not the format's). */
function upgradedIds(warnings: readonly string[]): Set<string> {
  return new Set(warnings.flatMap((w) => /^node "([^"]+)" of type "[^"]+" was upgraded from version/.exec(w)?.[1] ?? []));
}

describe('graph files from before format 3', () => {
  it('are real version-2 files', () => {
    expect(NAMES).toEqual(['multiscale-loop.graph.json', 'styled-loop.graph.json', 'train-window-demo.graph.json']);
    for (const name of NAMES) expect(JSON.parse(readFileSync(path.join(FOLDER, name), 'utf8'))).toMatchObject({ format: 'nfp-studio-graph', version: 2 });
  });

  it.each(NAMES)('%s opens and saves back changed only in its version, apart from node types it names as upgraded', (name) => {
    const text = readFileSync(path.join(FOLDER, name), 'utf8');
    const { saved, warnings } = openAndSave(text);
    const upgraded = upgradedIds(warnings);
    // The loader says what it changed; nothing else may change silently.
    expect(warnings.filter((w) => !/was upgraded from version/.test(w))).toEqual([]);

    const before = JSON.parse(text) as JsonObject & { nodes: FileNode[] };
    const after = JSON.parse(saved) as JsonObject & { nodes: FileNode[] };
    expect(after.version).toBe(3);
    // Everything outside the nodes (name, settings, edges, plugins, views) is as it was.
    const rest = (doc: JsonObject): JsonObject => Object.fromEntries(Object.entries(doc).filter(([key]) => key !== 'version' && key !== 'nodes'));
    expect(rest(after)).toEqual(rest(before));
    expect(Object.keys(after)).toEqual(Object.keys(before));
    expect(after.nodes.map((n) => n.id)).toEqual(before.nodes.map((n) => n.id));

    for (const [i, node] of after.nodes.entries()) {
      const old = before.nodes[i]!;
      if (!upgraded.has(node.id)) {
        expect(node).toEqual(old);
        continue;
      }
      // An upgraded node keeps everything it had; it gains only params its newer versions declare
      // (at values its migration picks, e.g. Colour Coherence keeps version 1's Lab match).
      const definition = registry().get(node.type)!;
      expect(node.typeVersion).toBe(definition.version);
      expect({ ...node, typeVersion: old.typeVersion, params: old.params }).toEqual(old);
      expect(node.params).toMatchObject(old.params);
      const added = Object.keys(node.params).filter((key) => !Object.hasOwn(old.params, key));
      expect(added.length, `${node.id} was upgraded but gained no param`).toBeGreaterThan(0);
      for (const key of added) expect(Object.keys(definition.params as ParamSchemas)).toContain(key);
    }
    // With no node upgraded, the saved text is the original with only the version number changed.
    if (upgraded.size === 0) expect(saved).toBe(text.replace('"version": 2,', '"version": 3,'));
  });

  it('save back byte for byte, but for the version, when no node type in them changed', () => {
    const unchanged = NAMES.filter((name) => upgradedIds(openAndSave(readFileSync(path.join(FOLDER, name), 'utf8')).warnings).size === 0);
    // The demo uses no node type that has a newer version than it was saved with, so the byte-for-byte check above ran on it.
    expect(unchanged).toContain('train-window-demo.graph.json');
  });

  it('open as version 3 exactly as they do as version 2: the format migration changes nothing', () => {
    for (const name of NAMES) {
      const text = readFileSync(path.join(FOLDER, name), 'utf8');
      const asThree = text.replace('"version": 2,', '"version": 3,');
      expect(asThree).not.toBe(text);
      expect(parseGraphFile(asThree, registry())).toEqual(parseGraphFile(text, registry()));
    }
  });
});
