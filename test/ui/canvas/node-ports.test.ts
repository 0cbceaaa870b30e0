import { describe, expect, it } from 'vitest';
import type { GraphEdge } from '../../../src/core';
import { emptyGraph } from '../../../src/core';
import { feedback } from '../../../src/nodes/feedback';
import { shiftBlend } from '../../../src/nodes/shift-blend';
import { edgeSignature, edgeType, portsOf, portsSignature } from '../../../src/ui/canvas/node-ports';
import type { NodePorts, PortView } from '../../../src/ui/canvas/schemes';
import { GraphBuilder } from '../../helpers/graph-builder';
import { constFrame } from '../../helpers/test-nodes';

function port(name: string, type: PortView['type'], extra: Partial<PortView> = {}): PortView {
  return { name, label: name, type, optional: false, delayed: false, ...extra };
}

function edge(from: string, to: string, id = 'e1'): GraphEdge {
  const [fn, fp] = from.split('.') as [string, string];
  const [tn, tp] = to.split('.') as [string, string];
  return { id, from: { node: fn, port: fp }, to: { node: tn, port: tp } };
}

describe('portsOf', () => {
  it('draws an installed node with its definition ports, flags included', () => {
    const graph = new GraphBuilder().node('fb', 'feedback').build();
    expect(portsOf(graph, graph.nodes[0]!, feedback)).toEqual({
      inputs: [
        { name: 'in', label: 'Loop in', type: 'frame', optional: false, delayed: true },
        { name: 'seed', label: 'Seed', type: 'frame', optional: true, delayed: false },
      ],
      outputs: [{ name: 'out', label: 'Previous frame', type: 'frame', optional: false, delayed: false }],
    });
  });

  it('labels a port with its name when the definition gives no label', () => {
    const graph = new GraphBuilder().node('c', 'test/const').build();
    expect(portsOf(graph, graph.nodes[0]!, constFrame).outputs.map((p) => p.label)).toEqual(['out']);
  });

  it('ignores the edges of an installed node, even ones naming ports it lacks', () => {
    const graph = new GraphBuilder().node('a', 'test/const').node('fb', 'feedback').edge('a.out', 'fb.ghost').build();
    expect(portsOf(graph, graph.nodes[1]!, feedback).inputs.map((p) => p.name)).toEqual(['in', 'seed']);
  });

  it('gives a node whose type is missing the ports its edges name, once each, of unknown type', () => {
    const graph = new GraphBuilder()
      .node('a', 'test/const').node('gone', 'plugin/missing').node('b', 'preview').node('c', 'preview')
      .edge('a.out', 'gone.x').edge('gone.y', 'b.frame').edge('gone.y', 'c.frame').edge('a.out', 'b.other')
      .build();
    const unknown = (name: string): PortView => ({ name, label: name, type: 'unknown', optional: true, delayed: false });
    expect(portsOf(graph, graph.nodes[1]!, undefined)).toEqual({ inputs: [unknown('x')], outputs: [unknown('y')] });
  });

  it('gives a missing node without edges no ports', () => {
    const graph = new GraphBuilder().node('gone', 'plugin/missing').build();
    expect(portsOf(graph, graph.nodes[0]!, undefined)).toEqual({ inputs: [], outputs: [] });
  });
});

describe('portsSignature', () => {
  const graph = emptyGraph();
  const blendNode = { id: 'b', type: 'shift-blend', typeVersion: 1, params: {}, position: { x: 0, y: 0 } };

  it('is equal for the same definition and ports, so the node is patched in place', () => {
    const a = portsOf(graph, blendNode, shiftBlend);
    const b = portsOf(graph, blendNode, shiftBlend);
    expect(portsSignature(a, shiftBlend)).toBe(portsSignature(b, shiftBlend));
  });

  it('differs for another definition object with the very same ports', () => {
    const reinstalled = { ...shiftBlend };
    const ports = portsOf(graph, blendNode, shiftBlend);
    expect(portsSignature(ports, reinstalled)).not.toBe(portsSignature(ports, shiftBlend));
  });

  it('differs when a port is renamed, relabelled, retyped, or becomes delayed', () => {
    const base: NodePorts = { inputs: [port('in', 'frame')], outputs: [port('out', 'frame')] };
    const signature = portsSignature(base, undefined);
    const variants: NodePorts[] = [
      { ...base, inputs: [port('input', 'frame')] },
      { ...base, inputs: [port('in', 'frame', { label: 'In' })] },
      { ...base, outputs: [port('out', 'number')] },
      { ...base, inputs: [port('in', 'frame', { delayed: true })] },
      { ...base, inputs: [port('in', 'frame'), port('extra', 'frame')] },
    ];
    for (const variant of variants) expect(portsSignature(variant, undefined)).not.toBe(signature);
  });

  it('tells an input from an output of the same name', () => {
    const asInput: NodePorts = { inputs: [port('p', 'frame')], outputs: [] };
    const asOutput: NodePorts = { inputs: [], outputs: [port('p', 'frame')] };
    expect(portsSignature(asInput, undefined)).not.toBe(portsSignature(asOutput, undefined));
  });

  it('tells a missing node from an installed one with the same ports', () => {
    const ports = portsOf(graph, blendNode, shiftBlend);
    expect(portsSignature(ports, undefined)).not.toBe(portsSignature(ports, shiftBlend));
  });
});

describe('edgeSignature', () => {
  it('is the same for edges joining the same ports, whatever their ids', () => {
    expect(edgeSignature(edge('a.out', 'b.in', 'e1'))).toBe(edgeSignature(edge('a.out', 'b.in', 'e7')));
  });

  it('differs when either end moves to another node or port', () => {
    const signature = edgeSignature(edge('a.out', 'b.in'));
    for (const other of [edge('c.out', 'b.in'), edge('a.out2', 'b.in'), edge('a.out', 'c.in'), edge('a.out', 'b.in2'), edge('b.in', 'a.out')]) {
      expect(edgeSignature(other)).not.toBe(signature);
    }
  });
});

describe('edgeType', () => {
  const source: NodePorts = { inputs: [], outputs: [port('n', 'number'), port('u', 'unknown')] };
  const target: NodePorts = { inputs: [port('f', 'frame')], outputs: [] };

  it('colours a wire by its source port type', () => {
    expect(edgeType(source, target, edge('a.n', 'b.f'))).toBe('number');
  });

  it('falls back to the target port type when the source port is unknown or missing', () => {
    expect(edgeType(source, target, edge('a.u', 'b.f'))).toBe('frame');
    expect(edgeType(source, target, edge('a.nope', 'b.f'))).toBe('frame');
    expect(edgeType(undefined, target, edge('a.n', 'b.f'))).toBe('frame');
  });

  it('is unknown when neither end knows its type', () => {
    expect(edgeType(source, target, edge('a.u', 'b.nope'))).toBe('unknown');
    expect(edgeType(undefined, undefined, edge('a.n', 'b.f'))).toBe('unknown');
  });
});
