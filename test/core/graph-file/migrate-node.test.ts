import { describe, expect, it } from 'vitest';
import type { GraphNode } from '../../../src/core/graph/graph';
import { defineNode } from '../../../src/core/graph/node-definition';
import { NodeRegistry } from '../../../src/core/graph/registry';
import { fillDefaultParams, migrateNode, parseGraphFile } from '../../../src/core/graph-file';
import { broken, gain, sampleFile, testRegistry } from './fixtures';

const oldGain: GraphNode = { id: 'g', type: 'test/gain', typeVersion: 1, params: { volume: 5, invert: true }, position: { x: 0, y: 0 } };

function fileWith(nodes: unknown[]): string {
  return JSON.stringify({ ...sampleFile(), nodes, edges: [] });
}

describe('migrateNode', () => {
  it('brings version-1 params to version 3 through both steps', () => {
    const result = migrateNode(oldGain, gain);
    expect(result).toEqual({ ok: true, node: { ...oldGain, typeVersion: 3, params: { invert: true, gain: 0.5 } } });
  });

  it('leaves the node it is given unchanged even when a migration mutates its argument', () => {
    const mutating = defineNode({
      ...gain,
      migrations: {
        2: (p) => {
          p.level = p.volume;
          delete p.volume;
          return p;
        },
      },
    });
    const node = structuredClone(oldGain);
    migrateNode(node, mutating);
    expect(node).toEqual(oldGain);
  });

  it('skips versions that have no migration', () => {
    const addsParam = defineNode({
      type: 'test/adds', version: 2, title: 'Adds', category: 'Test', process: () => ({}), inputs: [], outputs: [],
      params: { a: { kind: 'number', label: 'A', default: 1 }, b: { kind: 'number', label: 'B', default: 2 } },
    });
    const node: GraphNode = { id: 'n', type: 'test/adds', typeVersion: 1, params: { a: 5 }, position: { x: 0, y: 0 } };
    expect(migrateNode(node, addsParam)).toEqual({ ok: true, node: { ...node, typeVersion: 2 } });
  });

  it('reports a migration that throws as a message, without throwing', () => {
    const node: GraphNode = { id: 'b', type: 'test/broken', typeVersion: 1, params: {}, position: { x: 0, y: 0 } };
    expect(migrateNode(node, broken)).toEqual({ ok: false, message: 'migrating "test/broken" params from version 1 to 2 failed: boom' });
  });

  it('reports a migration that returns something other than plain params', () => {
    const returnsDate = defineNode({ ...gain, migrations: { 2: () => ({ level: new Date(0) }) } });
    const result = migrateNode(oldGain, returnsDate);
    expect(result).toEqual({ ok: false, message: 'migrating "test/gain" params from version 1 to 2 returned a bad value at params.level: expected plain JSON data, got a class instance' });
  });
});

describe('fillDefaultParams', () => {
  it('appends missing params with their defaults in declaration order', () => {
    const node: GraphNode = { id: 'g', type: 'test/gain', typeVersion: 3, params: { invert: true }, position: { x: 0, y: 0 } };
    const { node: filled, added } = fillDefaultParams(node, gain);
    expect(added).toEqual(['gain']);
    expect(Object.entries(filled.params)).toEqual([['invert', true], ['gain', 0.5]]);
  });
});

describe('parseGraphFile and node versions', () => {
  it('migrates an old node while loading and says so in a warning', () => {
    const result = parseGraphFile(fileWith([oldGain]), testRegistry());
    if (!result.ok) throw result.error;
    expect(result.graph.nodes[0]).toEqual({ ...oldGain, typeVersion: 3, params: { invert: true, gain: 0.5 } });
    expect(result.warnings).toEqual(['node "g" of type "test/gain" was upgraded from version 1 to 3']);
  });

  it('reports a throwing migration at the path of its node', () => {
    const nodes = [{ ...oldGain, typeVersion: 3, params: { gain: 1, invert: false } }, { id: 'b', type: 'test/broken', typeVersion: 1, params: {}, position: { x: 0, y: 0 } }];
    const result = parseGraphFile(fileWith(nodes), testRegistry());
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.problems).toEqual([{ path: 'nodes[1]', message: 'migrating "test/broken" params from version 1 to 2 failed: boom' }]);
    expect(result.error.message).toBe('Graph file is invalid: nodes[1]: migrating "test/broken" params from version 1 to 2 failed: boom');
  });

  it('rejects a node written by a newer version of its type', () => {
    const result = parseGraphFile(fileWith([{ ...oldGain, typeVersion: 4 }]), testRegistry());
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toBe('Graph file is invalid: nodes[0].typeVersion: node type "test/gain" version 4 is newer than this app\'s version 3; update the app or the plugin');
  });

  it('does not migrate a placeholder node', () => {
    const unknownRegistry = new NodeRegistry();
    const result = parseGraphFile(fileWith([oldGain]), unknownRegistry);
    if (!result.ok) throw result.error;
    expect(result.graph.nodes[0]).toEqual(oldGain);
    expect(result.warnings).toEqual(['node "g" has unknown type "test/gain": kept as a placeholder']);
  });
});
