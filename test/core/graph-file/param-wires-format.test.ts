import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeRegistry } from '../../../src/core';
import { GRAPH_FORMAT_VERSION, parseGraphFile, toGraphJson } from '../../../src/core/graph-file';
import { builtInNodes } from '../../../src/nodes';
import { sampleGraph, testRegistry } from './fixtures';

/** The sample graph with the counter's number output wired into the blend's Amount param. */
function wiredFile(to = 'param:amount'): Record<string, unknown> & { edges: Record<string, unknown>[] } {
  const file = JSON.parse(toGraphJson(sampleGraph())) as Record<string, unknown> & { edges: Record<string, unknown>[] };
  file.edges.push({ id: 'e6', from: { node: 'cnt', port: 'value' }, to: { node: 'bl', port: to } });
  return file;
}

function parse(doc: unknown) {
  return parseGraphFile(JSON.stringify(doc, null, 2), testRegistry());
}

describe('graph file format version 3 (param wires)', () => {
  it('writes version 3', () => {
    expect(GRAPH_FORMAT_VERSION).toBe(3);
    expect(JSON.parse(toGraphJson(sampleGraph()))).toMatchObject({ version: 3 });
  });

  it('opens a version-2 file unchanged and saves it back changed only in its version', () => {
    const current = toGraphJson(sampleGraph());
    const v2 = current.replace('"version": 3,', '"version": 2,');
    expect(v2).not.toBe(current);
    const opened = parseGraphFile(v2, testRegistry());
    if (!opened.ok) throw opened.error;
    expect(opened.warnings).toEqual(['node "kal" has unknown type "plugin-x/kaleidoscope": kept as a placeholder']);
    expect(JSON.stringify(opened.graph)).toBe(JSON.stringify(sampleGraph()));
    expect(toGraphJson(opened.graph)).toBe(current);
  });

  // Node types migrate on their own schedule, so this compares each example read as version 2 with the same text read as version 3.
  it('opens each example graph as version 2 exactly as it does as version 3', () => {
    const registry = new NodeRegistry();
    registry.registerAll(builtInNodes);
    const folder = path.resolve(import.meta.dirname, '../../../src/nodes/examples');
    const texts = readdirSync(folder).filter((name) => name.endsWith('.graph.json')).map((name) => readFileSync(path.join(folder, name), 'utf8'));
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) {
      const asVersion = (version: number) => parseGraphFile(text.replace(/"version": \d+,/, `"version": ${version},`), registry);
      const opened = asVersion(2);
      if (!opened.ok) throw opened.error;
      expect(asVersion(3)).toEqual(opened);
    }
  });

  it('keeps an edge into a number param as an ordinary edge, byte for byte', () => {
    const text = JSON.stringify(wiredFile(), null, 2) + '\n';
    const opened = parseGraphFile(text, testRegistry());
    if (!opened.ok) throw opened.error;
    expect(opened.graph.edges.at(-1)).toEqual({ id: 'e6', from: { node: 'cnt', port: 'value' }, to: { node: 'bl', port: 'param:amount' } });
    expect(toGraphJson(opened.graph)).toBe(text);
  });

  it('refuses an edge into a param that is not a number, naming the param', () => {
    const result = parse(wiredFile('param:mode'));
    expect(result.ok ? '' : result.error.message).toBe(
      'Graph file is invalid: edges[5].to: node "bl" (test/blend) cannot take a wire into its enum parameter "Mode": only number parameters take wires',
    );
  });

  it('refuses an edge into a param the node type does not have', () => {
    const result = parse(wiredFile('param:nope'));
    expect(result.ok ? '' : result.error.message).toBe('Graph file is invalid: edges[5].to: node "bl" (test/blend) has no parameter "nope" to wire into');
  });

  it('refuses "param:" without a param name as a structural problem', () => {
    const result = parse(wiredFile('param:'));
    expect(result.ok ? '' : result.error.message).toBe('Graph file is invalid: edges[5].to.port: expected a parameter name after "param:"');
  });

  it('refuses a stored plugin node type with an input named like a param port', () => {
    const file = JSON.parse(toGraphJson(sampleGraph())) as { plugins: Record<string, unknown>[] };
    file.plugins[0]!.nodeTypes = [{
      type: 'plugin-x/kaleidoscope', version: 7, title: 'Kaleidoscope', category: 'Fx',
      inputs: [{ name: 'param:in', type: 'frame' }], outputs: [], params: {},
    }];
    const result = parse(file);
    expect(result.ok ? '' : result.error.message).toBe(
      'Graph file is invalid: plugins[0].nodeTypes[0].inputs[0].name: an input name may not start with "param:", which addresses wired params',
    );
  });
});
