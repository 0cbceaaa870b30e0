import { defaultParams } from '../../src/core';
import { GENERATOR_RECIPES } from '../../src/nodes/generator/recipes';
import { nextFrameGenerator } from '../../src/nodes/next-frame-generator';
import type { EvalRequest } from './eval-types';

/** The eval settings a generator recipe decides; flags given next to `--recipe` override them. */
export type RecipeSettings = Pick<EvalRequest,
  'predicts' | 'upsample' | 'fullResSkip' | 'jitter' | 'frameLoss' | 'frameWeight' | 'adversarialWeight' | 'statisticsWeight' | 'cycles' | 'driftDepth' | 'driftStarts'
  | 'longDrifts' | 'longDriftDepth' | 'heldOut' | 'keepBest' | 'bestBy' | 'dropoutInLoop'>;

export interface EvalRecipe {
  /** The recipe's name in the node's *Recipe* param. */
  readonly name: string;
  readonly settings: RecipeSettings;
}

/** A recipe's name on the command line: its first word in lower case ("Living loop" → living). */
export function recipeSlug(name: string): string {
  return name.split(/\s+/)[0]!.toLowerCase();
}

/**
 * The node's recipes as eval settings, by slug. The node's own defaults fill what a recipe leaves
 * out, and the eval keeps what the node keeps when a run ends: with held-out frames, the
 * checkpoint whose held-out loop check was best (`keepBest`, by `loop`); without, the last.
 */
export const EVAL_RECIPES: ReadonlyMap<string, EvalRecipe> = new Map(Object.entries(GENERATOR_RECIPES).map(([name, values]) => {
  const params = { ...defaultParams(nextFrameGenerator.params), ...values };
  const settings: RecipeSettings = {
    predicts: params.output, upsample: params.upsample, fullResSkip: params.fullResSkip, jitter: params.jitter,
    frameLoss: params.frameLoss, frameWeight: params.frameWeight, adversarialWeight: params.adversarialWeight, statisticsWeight: params.statisticsWeight,
    cycles: params.cycles, driftDepth: params.driftDepth, driftStarts: params.driftStarts, longDrifts: params.longDrifts, longDriftDepth: params.longDriftDepth,
    heldOut: params.heldOut, keepBest: params.heldOut > 0, bestBy: 'loop', dropoutInLoop: params.stochastic,
  };
  return [recipeSlug(name), { name, settings }] as const;
}));

/** The slug of the node's default recipe: what the eval runs when no recipe flag is given. */
export const DEFAULT_RECIPE = recipeSlug(nextFrameGenerator.params.recipe.default);
