import { describe, expect, it } from 'vitest';
import { NodeRegistry, SEED_MAX, defaultParams, emptyGraph } from '../../../src/core';
import type { Graph, JsonValue, Scheduler } from '../../../src/core';
import { builtInNodes } from '../../../src/nodes';
import { GENERATOR_RECIPES, PIX2PIX_RECIPE } from '../../../src/nodes/generator/recipes';
import { nextFrameGenerator } from '../../../src/nodes/next-frame-generator';
import { GraphDocument } from '../../../src/ui/graph-document.svelte';
import { applyParam, randomSeed, withoutLabel } from '../../../src/ui/inspector/param-edit';

function setup() {
  const registry = new NodeRegistry();
  registry.registerAll(builtInNodes);
  const loads: Graph[] = [];
  const scheduler = { load: (graph: Graph) => (loads.push(graph), Promise.resolve()) } as unknown as Scheduler;
  const graph: Graph = {
    ...emptyGraph(),
    nodes: [{ id: 'blend', type: 'shift-blend', typeVersion: 1, params: { dx: -2, dy: 0, gain: 1, mix: 0.1 }, position: { x: 0, y: 0 } }],
  };
  const document = new GraphDocument(registry, scheduler, graph);
  return { app: { document, registry }, document, loads };
}

const gain = (document: GraphDocument) => document.graph.nodes[0]!.params.gain;

describe('applyParam', () => {
  it('applies a valid value as an undoable edit and reloads the scheduler', () => {
    const { app, document, loads } = setup();
    expect(applyParam(app, 'blend', 'gain', 1.5)).toBeNull();
    expect(gain(document)).toBe(1.5);
    expect(loads).toHaveLength(1);
    document.undo();
    expect(gain(document)).toBe(1);
  });

  it('refuses an out-of-range value with the reason and leaves the graph untouched', () => {
    const { app, document, loads } = setup();
    const before = document.graph;
    expect(applyParam(app, 'blend', 'gain', 5)).toBe('Gain: must be ≤ 2');
    expect(applyParam(app, 'blend', 'gain', Number.NaN)).toBe('Gain: expected a finite number');
    expect(applyParam(app, 'blend', 'dx', 2.5)).toBe('Shift X: expected an integer');
    expect(document.graph).toBe(before);
    expect(document.canUndo).toBe(false);
    expect(loads).toHaveLength(0);
  });

  it('merges quick edits of the same param into one undo step, but not edits of another param', () => {
    const { app, document } = setup();
    for (const value of [0.9, 0.8, 0.7]) applyParam(app, 'blend', 'gain', value);
    applyParam(app, 'blend', 'mix', 0);
    document.undo();
    expect(document.graph.nodes[0]!.params.mix).toBe(0.1);
    expect(gain(document)).toBe(0.7);
    document.undo();
    expect(gain(document)).toBe(1);
    expect(document.canUndo).toBe(false);
  });

  it('applies a preset the node declares (the generator\'s Recipe) as one undo step', () => {
    const registry = new NodeRegistry();
    registry.registerAll(builtInNodes);
    const scheduler = { load: () => Promise.resolve() } as unknown as Scheduler;
    const params = defaultParams(nextFrameGenerator.params) as Record<string, JsonValue>;
    const document = new GraphDocument(registry, scheduler, { ...emptyGraph(), nodes: [{ id: 'gen', type: 'next-frame-generator', typeVersion: 6, params, position: { x: 0, y: 0 } }] });
    const app = { document, registry };
    expect(applyParam(app, 'gen', 'recipe', PIX2PIX_RECIPE)).toBeNull();
    expect(document.graph.nodes[0]!.params).toMatchObject({ ...GENERATOR_RECIPES[PIX2PIX_RECIPE], recipe: PIX2PIX_RECIPE });
    expect(applyParam(app, 'gen', 'cycles', 9)).toBeNull();
    expect(document.graph.nodes[0]!.params).toMatchObject({ cycles: 9, recipe: 'Custom' });
    document.undo();
    expect(document.graph.nodes[0]!.params).toMatchObject({ ...GENERATOR_RECIPES[PIX2PIX_RECIPE], recipe: PIX2PIX_RECIPE });
    document.undo();
    expect(document.graph.nodes[0]!.params).toEqual(params);
    expect(document.canUndo).toBe(false);
  });

  it('records nothing when the value does not change', () => {
    const { app, document } = setup();
    expect(applyParam(app, 'blend', 'gain', 1)).toBeNull();
    expect(document.canUndo).toBe(false);
  });
});

describe('randomSeed', () => {
  it('spans every valid seed, ends included', () => {
    expect(randomSeed(() => 0)).toBe(0);
    expect(randomSeed(() => 0.9999999999999999)).toBe(SEED_MAX);
    expect(Number.isInteger(randomSeed())).toBe(true);
  });
});

describe('withoutLabel', () => {
  it('drops the label the field already shows, and keeps other reasons whole', () => {
    expect(withoutLabel('Gain: must be ≤ 2', 'Gain')).toBe('must be ≤ 2');
    expect(withoutLabel('no parameter "x" on node "n"', 'Gain')).toBe('no parameter "x" on node "n"');
  });
});
