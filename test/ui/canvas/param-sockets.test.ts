import { describe, expect, it } from 'vitest';
import { shiftBlend } from '../../../src/nodes/shift-blend';
import { portsOf, portsSignature, wirableParams } from '../../../src/ui/canvas/node-ports';
import { GraphBuilder } from '../../helpers/graph-builder';

function blendGraph(wired: readonly string[]) {
  const builder = new GraphBuilder().node('n', 'test/number').node('b', 'shift-blend');
  for (const param of wired) builder.edge('n.value', `b.param:${param}`);
  return builder.build();
}

describe('param sockets on a card', () => {
  it('draws each wired number param as an input after the node\'s own, in schema order', () => {
    const graph = blendGraph(['mix', 'gain']);
    const inputs = portsOf(graph, graph.nodes[1]!, shiftBlend).inputs;
    expect(inputs.map((p) => p.name)).toEqual(['frame', 'source', 'param:gain', 'param:mix']);
    expect(inputs[2]).toEqual({ name: 'param:gain', label: 'Gain', type: 'number', optional: true, delayed: false, param: true });
  });

  it('offers the number params not wired yet as drop targets', () => {
    const graph = blendGraph(['gain']);
    const ports = portsOf(graph, graph.nodes[1]!, shiftBlend);
    expect(wirableParams(ports, shiftBlend.params).map((p) => p.label)).toEqual(['Shift X', 'Shift Y', 'Source mix']);
  });

  it('rebuilds the card when a param is wired or unwired', () => {
    const before = blendGraph([]);
    const after = blendGraph(['gain']);
    expect(portsSignature(portsOf(after, after.nodes[1]!, shiftBlend), shiftBlend))
      .not.toBe(portsSignature(portsOf(before, before.nodes[1]!, shiftBlend), shiftBlend));
  });

  it('names a param wire of a node whose type is missing by its param', () => {
    const graph = new GraphBuilder().node('n', 'test/number').node('gone', 'plugin/missing').edge('n.value', 'gone.param:zoom').build();
    expect(portsOf(graph, graph.nodes[1]!, undefined).inputs).toEqual([{ name: 'param:zoom', label: 'zoom', type: 'unknown', optional: true, delayed: false, param: true }]);
  });
});
