import { describe, expect, it } from 'vitest';
import type { Graph } from '../../../src/core';
import { checkGraph, connect, defineNode, edgeTarget, NodeRegistry, paramOfPort, paramPort, removeEdges } from '../../../src/core';
import { GraphBuilder } from '../../helpers/graph-builder';

// Graph edits never run nodes: these only declare ports and params.
const process = () => ({});

/** A number source (an LFO stands in here). */
const wave = defineNode({
  type: 'test/wave', version: 1, title: 'Wave', category: 'Test', process, inputs: [],
  outputs: [{ name: 'value', type: 'number', label: 'Value' }, { name: 'frame', type: 'frame', label: 'Frame' }], params: {},
});

/** A transform with params of several kinds. */
const zoom = defineNode({
  type: 'test/zoom', version: 1, title: 'Zoom', category: 'Test', process,
  inputs: [{ name: 'frame', type: 'frame' }], outputs: [{ name: 'frame', type: 'frame' }],
  params: {
    zoom: { kind: 'number', label: 'Zoom', default: 1, min: 0.5, max: 2 },
    mode: { kind: 'enum', label: 'Border', default: 'wrap', options: ['wrap', 'clamp'] },
    seed: { kind: 'seed', label: 'Seed', default: 1 },
  },
});

const registry = new NodeRegistry();
registry.registerAll([wave, zoom]);

function graph(): Graph {
  return new GraphBuilder().node('w', 'test/wave').node('z', 'test/zoom').node('z2', 'test/zoom').edge('w.frame', 'z.frame').edge('z.frame', 'z2.frame').build();
}

function refusal(result: { readonly ok: true } | { readonly ok: false; readonly reason: string }): string {
  return result.ok ? '' : result.reason;
}

describe('param ports', () => {
  it('address a param as "param:<name>"', () => {
    expect(paramPort('zoom')).toBe('param:zoom');
    expect(paramOfPort('param:zoom')).toBe('zoom');
    expect(paramOfPort('frame')).toBeUndefined();
    expect(edgeTarget(graph(), registry, { id: 'z', type: 'test/zoom' }, 'param:zoom')).toEqual({ name: 'param:zoom', type: 'number', label: 'Zoom', optional: true });
  });

  it('connect wires a number output into a number param as an ordinary edge', () => {
    const result = connect(graph(), registry, { node: 'w', port: 'value' }, { node: 'z', port: 'param:zoom' });
    if (!result.ok) throw new Error(result.reason);
    expect(result.edge).toMatchObject({ from: { node: 'w', port: 'value' }, to: { node: 'z', port: 'param:zoom' } });
    expect(checkGraph(result.graph, registry)).toEqual([]);
    // Removing the edge is all undoing it takes: the hand-set param was never touched.
    expect(removeEdges(result.graph, [result.edge.id]).edges).toEqual(graph().edges);
    expect(result.graph.nodes).toEqual(graph().nodes);
  });

  it('connect replaces the wire already feeding a param', () => {
    const first = connect(graph(), registry, { node: 'w', port: 'value' }, { node: 'z', port: 'param:zoom' });
    if (!first.ok) throw new Error(first.reason);
    const withSecond = { ...first.graph, nodes: [...first.graph.nodes, { id: 'w2', type: 'test/wave', typeVersion: 1, params: {}, position: { x: 0, y: 0 } }] };
    const second = connect(withSecond, registry, { node: 'w2', port: 'value' }, { node: 'z', port: 'param:zoom' });
    if (!second.ok) throw new Error(second.reason);
    expect(second.graph.edges.filter((e) => e.to.port === 'param:zoom').map((e) => e.from.node)).toEqual(['w2']);
  });

  it('connect refuses a wire into a param that is not a number, naming it', () => {
    expect(refusal(connect(graph(), registry, { node: 'w', port: 'value' }, { node: 'z', port: 'param:mode' }))).toBe(
      'This wire cannot go there: node "z" (test/zoom) cannot take a wire into its enum parameter "Border": only number parameters take wires.',
    );
    expect(refusal(connect(graph(), registry, { node: 'w', port: 'value' }, { node: 'z', port: 'param:seed' }))).toMatch(/its seed parameter "Seed"/);
  });

  it('connect refuses a wire into a param the node does not have', () => {
    expect(refusal(connect(graph(), registry, { node: 'w', port: 'value' }, { node: 'z', port: 'param:angle' }))).toBe(
      'This wire cannot go there: node "z" (test/zoom) has no parameter "angle" to wire into.',
    );
  });

  it('connect refuses a frame output into a number param', () => {
    expect(refusal(connect(graph(), registry, { node: 'w', port: 'frame' }, { node: 'z', port: 'param:zoom' }))).toBe(
      'A frame output cannot feed a number parameter ("Frame" → "Zoom")',
    );
  });

  it('connect refuses a param wire that closes a loop without a Feedback node', () => {
    // A number from a node's own output back into its param: z → level → z.zoom.
    const level = defineNode({
      type: 'test/level', version: 1, title: 'Level', category: 'Test', process,
      inputs: [{ name: 'frame', type: 'frame' }], outputs: [{ name: 'level', type: 'number' }], params: {},
    });
    const r = new NodeRegistry();
    r.registerAll([wave, zoom, level]);
    const g = new GraphBuilder().node('w', 'test/wave').node('z', 'test/zoom').node('l', 'test/level').edge('w.frame', 'z.frame').edge('z.frame', 'l.frame').build();
    expect(refusal(connect(g, r, { node: 'l', port: 'level' }, { node: 'z', port: 'param:zoom' }))).toMatch(/would close a loop without a Feedback node/);
  });

  it('checkGraph reports edges into non-number and unknown params, and a second wire into one param', () => {
    const g = graph();
    const edges = [
      ...g.edges,
      { id: 'p1', from: { node: 'w', port: 'value' }, to: { node: 'z', port: 'param:mode' } },
      { id: 'p2', from: { node: 'w', port: 'value' }, to: { node: 'z', port: 'param:nope' } },
      { id: 'p3', from: { node: 'w', port: 'value' }, to: { node: 'z2', port: 'param:zoom' } },
      { id: 'p4', from: { node: 'w', port: 'value' }, to: { node: 'z2', port: 'param:zoom' } },
    ];
    expect(checkGraph({ ...g, edges }, registry)).toEqual([
      { path: 'edges[2].to', message: 'node "z" (test/zoom) cannot take a wire into its enum parameter "Border": only number parameters take wires' },
      { path: 'edges[3].to', message: 'node "z" (test/zoom) has no parameter "nope" to wire into' },
      { path: 'edges[5].to', message: 'input "param:zoom" of node "z2" already has an edge (edges[4])' },
    ]);
  });

  it('a placeholder wires into the number params its graph file stored', () => {
    const g: Graph = {
      ...graph(),
      nodes: [...graph().nodes, { id: 'k', type: 'kal/kaleido', typeVersion: 1, params: {}, position: { x: 0, y: 0 } }],
      plugins: [{
        id: 'kal', version: '1.0.0', sha256: 'a'.repeat(64),
        nodeTypes: [{ type: 'kal/kaleido', version: 1, title: 'Kaleido', category: 'Fx', inputs: [], outputs: [], params: { turns: { kind: 'number', label: 'Turns', default: 3 }, look: { kind: 'boolean', label: 'Look', default: true } } }],
      }],
    };
    expect(edgeTarget(g, registry, { id: 'k', type: 'kal/kaleido' }, 'param:turns')).toMatchObject({ name: 'param:turns', type: 'number' });
    expect(edgeTarget(g, registry, { id: 'k', type: 'kal/kaleido' }, 'param:look')).toMatch(/boolean parameter "Look"/);
    // Nothing stored of its type: its edges are trusted.
    expect(edgeTarget(g, registry, { id: 'k', type: 'other/thing' }, 'param:x')).toBeUndefined();
  });

  it('the registry refuses a node type with an input named like a param port', () => {
    const bad = defineNode({ type: 'test/bad', version: 1, title: 'Bad', category: 'Test', process, inputs: [{ name: 'param:x', type: 'number' }], outputs: [], params: {} });
    expect(() => new NodeRegistry().register(bad)).toThrow('Node type "test/bad": input "param:x" may not start with "param:", which addresses wired params');
  });
});
