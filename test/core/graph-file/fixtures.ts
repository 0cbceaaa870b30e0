import type { Graph, GraphNode } from '../../../src/core/graph/graph';
import { defineNode } from '../../../src/core/graph/node-definition';
import { NodeRegistry } from '../../../src/core/graph/registry';

// Graph files never run nodes, so every process is a stub.
const process = () => ({});

export const source = defineNode({
  type: 'test/source', version: 1, title: 'Source', category: 'Test', process,
  inputs: [], outputs: [{ name: 'frame', type: 'frame' }],
  params: { speed: { kind: 'number', label: 'Speed', default: 1, min: 0, max: 10 } },
});

export const blend = defineNode({
  type: 'test/blend', version: 1, title: 'Blend', category: 'Test', process,
  inputs: [{ name: 'a', type: 'frame' }, { name: 'b', type: 'frame', optional: true }],
  outputs: [{ name: 'frame', type: 'frame' }],
  params: {
    amount: { kind: 'number', label: 'Amount', default: 0.5, min: 0, max: 1 },
    mode: { kind: 'enum', label: 'Mode', default: 'mix', options: ['mix', 'add'] },
    tint: { kind: 'color', label: 'Tint', default: '#ffffff' },
  },
});

export const feedback = defineNode({
  type: 'test/feedback', version: 1, title: 'Feedback', category: 'Test', process,
  inputs: [{ name: 'frame', type: 'frame', delayed: true }], outputs: [{ name: 'frame', type: 'frame' }],
  params: { decay: { kind: 'number', label: 'Decay', default: 0.9, min: 0, max: 1 } },
});

export const counter = defineNode({
  type: 'test/counter', version: 1, title: 'Counter', category: 'Test', process,
  inputs: [], outputs: [{ name: 'value', type: 'number' }],
  params: { seed: { kind: 'seed', label: 'Seed', default: 7 } },
});

/** Version 3: v1 had `volume` (0…10), v2 renamed it `level`, v3 made it `gain` (0…1). */
export const gain = defineNode({
  type: 'test/gain', version: 3, title: 'Gain', category: 'Test', process,
  inputs: [{ name: 'frame', type: 'frame' }], outputs: [{ name: 'frame', type: 'frame' }],
  params: {
    gain: { kind: 'number', label: 'Gain', default: 0.5, min: 0, max: 1 },
    invert: { kind: 'boolean', label: 'Invert', default: false },
  },
  migrations: {
    2: ({ volume, ...rest }) => ({ ...rest, level: volume }),
    3: ({ level, ...rest }) => ({ ...rest, gain: (level as number) / 10 }),
  },
});

export const broken = defineNode({
  type: 'test/broken', version: 2, title: 'Broken', category: 'Test', process,
  inputs: [], outputs: [], params: {},
  migrations: {
    2: () => {
      throw new Error('boom');
    },
  },
});

export function testRegistry(): NodeRegistry {
  const registry = new NodeRegistry();
  registry.registerAll([source, blend, feedback, counter, gain, broken]);
  return registry;
}

const HASH_A = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
const HASH_B = '60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752';

/** A node of a type no registry knows: odd param names, nested data, an own `__proto__` key. */
export function placeholderNode(): GraphNode {
  return JSON.parse(`{
    "id": "kal", "type": "plugin-x/kaleidoscope", "typeVersion": 7, "label": "Kaleido ✨",
    "params": { "zeta": [1, { "b": null }], "alpha": "x", "0": true, "__proto__": { "polluted": true }, "a.b": -2.5e-7 },
    "position": { "x": -120.5, "y": 1e21 },
    "data": { "ui": { "collapsed": true }, "notes": "ünï\\u2028\\"q\\"", "list": [1.5, -2e-7, 1e21, null, false] }
  }`) as GraphNode;
}

/** A graph using every part of the format. */
export function sampleGraph(): Graph {
  return {
    name: 'Sample feedback loop',
    settings: { width: 256, height: 144, fps: 29.97 },
    nodes: [
      { id: 'src', type: 'test/source', typeVersion: 1, label: 'Camera', params: { speed: 2 }, position: { x: 0, y: 0 } },
      { id: 'fb', type: 'test/feedback', typeVersion: 1, params: { decay: 0.95 }, position: { x: 0, y: 200 } },
      { id: 'bl', type: 'test/blend', typeVersion: 1, params: { mode: 'add', amount: 0.25, tint: '#ff8800' }, position: { x: 300, y: 100 }, data: { pinned: true } },
      { id: 'gn', type: 'test/gain', typeVersion: 3, params: { gain: 1, invert: true }, position: { x: 600, y: 100 } },
      { id: 'cnt', type: 'test/counter', typeVersion: 1, params: { seed: 12345 }, position: { x: 0, y: 400 } },
      placeholderNode(),
    ],
    edges: [
      { id: 'e1', from: { node: 'src', port: 'frame' }, to: { node: 'bl', port: 'a' } },
      { id: 'e2', from: { node: 'fb', port: 'frame' }, to: { node: 'bl', port: 'b' } },
      { id: 'e3', from: { node: 'bl', port: 'frame' }, to: { node: 'gn', port: 'frame' } },
      { id: 'e4', from: { node: 'gn', port: 'frame' }, to: { node: 'fb', port: 'frame' } },
      { id: 'e5', from: { node: 'gn', port: 'frame' }, to: { node: 'kal', port: 'in' } },
    ],
    models: [{ id: 'style', sha256: HASH_A, name: 'starry-night.bin', bytes: 6_553_600 }],
    plugins: [{ id: 'plugin-x', version: '1.2.0', sha256: HASH_B }],
  };
}

/** A plain-object copy of the sample graph's canonical file, for tests to break one field at a time. */
export function sampleFile(): Record<string, unknown> & { nodes: Record<string, unknown>[]; edges: Record<string, unknown>[] } {
  return JSON.parse(JSON.stringify({ format: 'nfp-studio-graph', version: 1, ...sampleGraph() })) as ReturnType<typeof sampleFile>;
}
