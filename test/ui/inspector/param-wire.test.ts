import { describe, expect, it } from 'vitest';
import { NodeRegistry, connect, defineNode, emptyGraph } from '../../../src/core';
import type { Graph, Scheduler } from '../../../src/core';
import { shiftBlend } from '../../../src/nodes/shift-blend';
import { GraphDocument } from '../../../src/ui/graph-document.svelte';
import { paramWireOf, unwireParam } from '../../../src/ui/inspector/param-edit';

const wave = defineNode({
  type: 'test/wave', version: 1, title: 'Wave', category: 'Test', inputs: [], outputs: [{ name: 'value', type: 'number' }], params: {}, process: () => ({ value: 1 }),
});

function setup() {
  const registry = new NodeRegistry();
  registry.registerAll([shiftBlend, wave]);
  const scheduler = { load: () => Promise.resolve() } as unknown as Scheduler;
  const graph: Graph = {
    ...emptyGraph(),
    nodes: [
      { id: 'w', type: 'test/wave', typeVersion: 1, params: {}, position: { x: 0, y: 0 }, label: 'Slow wave' },
      { id: 'b', type: 'shift-blend', typeVersion: 1, params: { dx: -2, dy: 0, gain: 1.25, mix: 0.1 }, position: { x: 0, y: 0 } },
    ],
  };
  const document = new GraphDocument(registry, scheduler, graph);
  const wired = connect(graph, registry, { node: 'w', port: 'value' }, { node: 'b', port: 'param:gain' });
  if (!wired.ok) throw new Error(wired.reason);
  document.apply(wired.graph, 'structure');
  return { document, edgeId: wired.edge.id };
}

const titleOf = (n: { label?: string; type: string }) => n.label ?? n.type;

describe('a wired param in the inspector', () => {
  it('names the wire driving it by its source node and port', () => {
    const { document, edgeId } = setup();
    expect(paramWireOf(document.graph, 'b', 'gain', titleOf)).toEqual({ edgeId, source: 'Slow wave · value' });
    expect(paramWireOf(document.graph, 'b', 'mix', titleOf)).toBeUndefined();
  });

  it('unwires as one undoable step, leaving the hand value as it was', () => {
    const { document } = setup();
    const wire = paramWireOf(document.graph, 'b', 'gain', titleOf)!;
    unwireParam({ document }, wire.edgeId);
    expect(document.graph.edges).toEqual([]);
    expect(document.graph.nodes[1]!.params['gain']).toBe(1.25);
    document.undo();
    expect(paramWireOf(document.graph, 'b', 'gain', titleOf)).toEqual(wire);
  });
});
