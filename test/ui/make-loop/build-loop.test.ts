import { describe, expect, it } from 'vitest';
import { NodeRegistry, addNode, checkGraph, emptyGraph } from '../../../src/core';
import type { Graph } from '../../../src/core';
import { builtInNodes } from '../../../src/nodes';
import { builtInLoopKit } from '../../../src/nodes/ui';
import { buildLoop } from '../../../src/ui/make-loop/build-loop';
import type { LoopOptions } from '../../../src/ui/make-loop/loop-kit';

const registry = new NodeRegistry();
registry.registerAll(builtInNodes);

function withSource(): { graph: Graph; sourceId: string } {
  const added = addNode(emptyGraph(), registry, 'video-source', { x: 100, y: 50 });
  if (!added.ok) throw new Error(added.reason);
  return { graph: added.graph, sourceId: added.node.id };
}

const OPTIONS: LoopOptions = {
  size: '32', recipe: builtInLoopKit.defaultRecipe, sourcePort: 'frame', datasetId: 'ds-1',
  generatorSteps: 40, restorationSteps: 0, colourCoherence: true,
};

function edgesOf(graph: Graph): string[] {
  const typeOf = (id: string) => graph.nodes.find((n) => n.id === id)!.type;
  return graph.edges.map((e) => `${typeOf(e.from.node)}.${e.from.port}>${typeOf(e.to.node)}.${e.to.port}`).sort();
}

describe('buildLoop', () => {
  it('wires the source into a learned loop as the examples are wired, with every param the dialog chose', () => {
    const { graph, sourceId } = withSource();
    const built = buildLoop(graph, registry, sourceId, builtInLoopKit.plan(OPTIONS));
    if (!built.ok) throw new Error(built.reason);
    expect(edgesOf(built.graph)).toEqual([
      'colour-coherence.frame>encoder.frame', 'colour-coherence.frame>feedback.in', 'colour-coherence.frame>preview.frame',
      'dataset.dataset>next-frame-generator.dataset', 'feedback.out>next-frame-generator.frame',
      'next-frame-generator.frame>colour-coherence.frame', 'video-source.frame>feedback.seed',
    ]);
    const generator = built.graph.nodes.find((n) => n.id === built.ids.generator)!;
    expect(generator.params).toMatchObject({ size: '32', recipe: builtInLoopKit.defaultRecipe, steps: 40, checkpointEvery: 10 });
    expect(built.graph.nodes.find((n) => n.id === built.ids.dataset)!.params['dataset']).toBe('ds-1');
    expect(checkGraph(built.graph, registry)).toEqual([]);
  });

  it('puts a Restoration network between the generator and colour coherence when asked, trained on the same dataset', () => {
    const { graph, sourceId } = withSource();
    const built = buildLoop(graph, registry, sourceId, builtInLoopKit.plan({ ...OPTIONS, restorationSteps: 20, colourCoherence: false }));
    if (!built.ok) throw new Error(built.reason);
    expect(edgesOf(built.graph)).toEqual([
      'dataset.dataset>next-frame-generator.dataset', 'dataset.dataset>restoration.dataset', 'feedback.out>next-frame-generator.frame',
      'next-frame-generator.frame>restoration.frame', 'restoration.frame>encoder.frame', 'restoration.frame>feedback.in',
      'restoration.frame>preview.frame', 'video-source.frame>feedback.seed',
    ]);
    expect(built.graph.nodes.find((n) => n.id === built.ids.restoration)!.params).toMatchObject({ size: '32', steps: 20, checkpointEvery: 5 });
  });

  it('places the nodes to the right of the source so the user sees them arrive beside it', () => {
    const { graph, sourceId } = withSource();
    const built = buildLoop(graph, registry, sourceId, builtInLoopKit.plan(OPTIONS));
    if (!built.ok) throw new Error(built.reason);
    for (const node of built.graph.nodes) expect(node.position.x).toBeGreaterThanOrEqual(100);
  });

  it('changes nothing and says why when the source node is gone', () => {
    const built = buildLoop(emptyGraph(), registry, 'missing', builtInLoopKit.plan(OPTIONS));
    expect(built.ok).toBe(false);
  });
});
