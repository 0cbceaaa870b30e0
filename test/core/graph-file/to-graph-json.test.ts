import { describe, expect, it } from 'vitest';
import type { Graph } from '../../../src/core/graph/graph';
import { parseGraphFile, toGraphJson } from '../../../src/core/graph-file';
import { sampleGraph, testRegistry } from './fixtures';

describe('toGraphJson', () => {
  it('saves a loaded canonical file byte for byte', () => {
    const text = toGraphJson(sampleGraph());
    const result = parseGraphFile(text, testRegistry());
    if (!result.ok) throw result.error;
    expect(toGraphJson(result.graph)).toBe(text);
  });

  it('loads back a graph equal to the one saved, placeholder params and data included', () => {
    const graph = sampleGraph();
    const result = parseGraphFile(toGraphJson(graph), testRegistry());
    if (!result.ok) throw result.error;
    expect(JSON.stringify(result.graph)).toBe(JSON.stringify(graph));
    expect(Object.keys(result.graph.nodes[5]?.params ?? {})).toEqual(['0', 'zeta', 'alpha', '__proto__', 'a.b']);
  });

  it('writes keys in canonical order with a two-space indent and a trailing newline', () => {
    const graph = {
      plugins: [{ sha256: 'b'.repeat(64), version: '2', id: 'p' }],
      models: [{ bytes: 3, name: 'm.bin', sha256: 'a'.repeat(64), id: 'm' }],
      edges: [],
      nodes: [{ data: { k: 1 }, position: { y: 2, x: 1 }, params: { z: 1, a: 2 }, label: 'L', typeVersion: 1, type: 't', id: 'n' }],
      settings: { fps: 30, height: 16, width: 8 },
      name: 'Order',
    } satisfies Graph;
    expect(toGraphJson(graph)).toBe(`{
  "format": "nfp-studio-graph",
  "version": 3,
  "name": "Order",
  "settings": {
    "width": 8,
    "height": 16,
    "fps": 30
  },
  "nodes": [
    {
      "id": "n",
      "type": "t",
      "typeVersion": 1,
      "label": "L",
      "params": {
        "z": 1,
        "a": 2
      },
      "position": {
        "x": 1,
        "y": 2
      },
      "data": {
        "k": 1
      }
    }
  ],
  "edges": [],
  "models": [
    {
      "id": "m",
      "sha256": "${'a'.repeat(64)}",
      "name": "m.bin",
      "bytes": 3
    }
  ],
  "plugins": [
    {
      "id": "p",
      "version": "2",
      "sha256": "${'b'.repeat(64)}"
    }
  ]
}
`);
  });

  it('turns a file with keys in another order into the canonical text', () => {
    const canonical = toGraphJson(sampleGraph());
    const reordered = JSON.stringify(reverseKeys(JSON.parse(canonical)));
    const result = parseGraphFile(reordered, testRegistry());
    if (!result.ok) throw result.error;
    expect(toGraphJson(result.graph)).toBe(canonical);
  });

  it('leaves out label and data when a node has none', () => {
    const graph = sampleGraph();
    const text = toGraphJson({ ...graph, nodes: [{ id: 'a', type: 'test/counter', typeVersion: 1, params: { seed: 1 }, position: { x: 0, y: 0 } }], edges: [] });
    expect(text).not.toContain('"label"');
    expect(text).not.toContain('"data"');
  });
});

/** The same data with every object's keys in reverse order, except params whose order is data. */
function reverseKeys(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => reverseKeys(item));
  if (value === null || typeof value !== 'object' || key === 'params' || key === 'data') return value;
  const entries = Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v, k)]);
  return Object.fromEntries(entries);
}
