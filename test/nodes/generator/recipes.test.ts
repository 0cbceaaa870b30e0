import { describe, expect, it } from 'vitest';
import { defaultParams, emptyGraph, NodeRegistry, parseGraphFile, setParam, toGraphJson } from '../../../src/core';
import type { Graph, JsonValue } from '../../../src/core';
import { builtInNodes } from '../../../src/nodes';
import { CUSTOM_RECIPE, DEFAULT_RECIPE, GENERATOR_RECIPES, PIX2PIX_RECIPE, recipeOf } from '../../../src/nodes/generator/recipes';
import { nextFrameGenerator } from '../../../src/nodes/next-frame-generator';

const registry = new NodeRegistry();
registry.registerAll(builtInNodes);

const LIVING = GENERATOR_RECIPES[DEFAULT_RECIPE];
const PIX2PIX = GENERATOR_RECIPES[PIX2PIX_RECIPE];

function graphOf(typeVersion: number, params: Record<string, JsonValue>): Graph {
  return { ...emptyGraph(), nodes: [{ id: 'gen', type: 'next-frame-generator', typeVersion, params, position: { x: 0, y: 0 } }] };
}

/** The generator's params after saving `params` at `typeVersion` and loading the file, with the load's warnings. */
function loaded(typeVersion: number, params: Record<string, JsonValue>) {
  const result = parseGraphFile(toGraphJson(graphOf(typeVersion, params)), registry);
  if (!result.ok) throw result.error;
  return { params: result.graph.nodes[0]!.params, warnings: result.warnings };
}

describe('generator recipes', () => {
  it('give a new node the default recipe\'s values, and the Recipe param its name', () => {
    expect(DEFAULT_RECIPE).toBe('Living loop');
    const defaults = defaultParams(nextFrameGenerator.params);
    expect(defaults).toMatchObject({ ...LIVING, recipe: DEFAULT_RECIPE });
    expect(recipeOf(defaults)).toBe(DEFAULT_RECIPE);
    expect(nextFrameGenerator.params.recipe.options).toEqual([...Object.keys(GENERATOR_RECIPES), CUSTOM_RECIPE]);
  });

  it('keep pix2pix as published, with Henry\'s drifts: the node\'s defaults up to version 5', () => {
    expect(PIX2PIX).toEqual({
      output: 'frame', upsample: 'transposed', fullResSkip: false, jitter: true, frameLoss: 'L1', frameWeight: 100, adversarialWeight: 1, statisticsWeight: 0,
      feedbackPairs: true, cycles: 4, driftDepth: 14, driftStarts: 100, longDrifts: 2, longDriftDepth: 99, heldOut: 10, stochastic: false,
    });
  });

  it('name the recipe whose values the params hold, or Custom', () => {
    const defaults = defaultParams(nextFrameGenerator.params);
    expect(recipeOf({ ...defaults, ...PIX2PIX })).toBe(PIX2PIX_RECIPE);
    expect(recipeOf({ ...defaults, cycles: LIVING.cycles + 1 })).toBe(CUSTOM_RECIPE);
    expect(recipeOf({ ...defaults, steps: 50 })).toBe(DEFAULT_RECIPE);
  });

  it('are chosen in the inspector in one edit, and a hand edit of one of their params makes the Recipe Custom', () => {
    const fresh = graphOf(nextFrameGenerator.version, defaultParams(nextFrameGenerator.params) as Record<string, JsonValue>);
    const chosen = setParam(fresh, registry, 'gen', 'recipe', PIX2PIX_RECIPE);
    if (!chosen.ok) throw new Error(chosen.reason);
    expect(chosen.graph.nodes[0]!.params).toMatchObject({ ...PIX2PIX, recipe: PIX2PIX_RECIPE });
    const edited = setParam(chosen.graph, registry, 'gen', 'driftDepth', 3);
    expect(edited.ok && edited.graph.nodes[0]!.params).toMatchObject({ driftDepth: 3, recipe: CUSTOM_RECIPE });
  });

  it('bring a version-5 node that stored no params to pix2pix\'s values, named as that recipe', () => {
    const { params, warnings } = loaded(5, {});
    expect(params).toMatchObject({ ...PIX2PIX, recipe: PIX2PIX_RECIPE });
    expect(warnings).toContain('node "gen" of type "next-frame-generator" was upgraded from version 5 to 6');
  });

  it('fill what a version-5 node did not store with pix2pix\'s values, keeping what it stored', () => {
    const { params } = loaded(5, { cycles: 8, output: 'change' });
    expect(params).toMatchObject({ ...PIX2PIX, cycles: 8, output: 'change', recipe: CUSTOM_RECIPE });
  });

  it('leave a version-5 node that stored every param exactly as it was', () => {
    const stored = { ...defaultParams(nextFrameGenerator.params), ...PIX2PIX, heldOut: 0, driftDepth: 5, steps: 300 } as Record<string, JsonValue>;
    delete stored['recipe'];
    const { params } = loaded(5, stored);
    expect(params).toEqual({ ...stored, recipe: CUSTOM_RECIPE });
  });
});
