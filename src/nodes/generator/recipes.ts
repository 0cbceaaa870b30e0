import { presetOf } from '../../core';
import { DEFAULT_L1_WEIGHT } from '../unet/trainer-settings';
import type { FrameDistance } from '../../core/training-kit';
import type { GeneratorOutput, GeneratorUpsampling } from '../unet/unet';

/**
 * What a recipe sets: how the generator's network is built and trained, not how big it is,
 * what it learns from or for how long. Each field is the node param of the same name.
 */
export interface GeneratorRecipe {
  readonly output: GeneratorOutput;
  readonly upsample: GeneratorUpsampling;
  readonly fullResSkip: boolean;
  readonly jitter: boolean;
  readonly frameLoss: FrameDistance;
  readonly frameWeight: number;
  readonly adversarialWeight: number;
  readonly statisticsWeight: number;
  readonly feedbackPairs: boolean;
  readonly cycles: number;
  readonly driftDepth: number;
  readonly driftStarts: number;
  readonly longDrifts: number;
  readonly longDriftDepth: number;
  readonly heldOut: number;
  readonly stochastic: boolean;
}

/**
 * The Next-Frame Generator's recipes, by the name its Recipe param shows. The node's defaults
 * are the first one's values and its migrations read the second's, so a value changed here is
 * changed everywhere (the registry refuses the node if its defaults stop matching).
 */
export const GENERATOR_RECIPES = {
  // The default, since pix2pix's settings measured worst as a loop: predicted motion, a
  // full-resolution skip, no zoom jitter (it blurs single-pixel detail away), L2 without a
  // discriminator, and short drifts with no long ones (deep drifts teach a blur of the far
  // future; docs/research/2026-12-03-feedback-pairs-early-training.md). Expect its values to be
  // tuned as measurements come in.
  'Living loop': {
    output: 'motion', upsample: 'transposed', fullResSkip: true, jitter: false,
    frameLoss: 'L2', frameWeight: DEFAULT_L1_WEIGHT, adversarialWeight: 0, statisticsWeight: 0,
    feedbackPairs: true, cycles: 6, driftDepth: 3, driftStarts: 100, longDrifts: 0, longDriftDepth: 99,
    heldOut: 10, stochastic: false,
  },
  // pix2pix as published, with Henry's drift schedule: the node's defaults up to version 5.
  'pix2pix (Henry)': {
    output: 'frame', upsample: 'transposed', fullResSkip: false, jitter: true,
    frameLoss: 'L1', frameWeight: DEFAULT_L1_WEIGHT, adversarialWeight: 1, statisticsWeight: 0,
    feedbackPairs: true, cycles: 4, driftDepth: 14, driftStarts: 100, longDrifts: 2, longDriftDepth: 99,
    heldOut: 10, stochastic: false,
  },
} as const satisfies Readonly<Record<string, GeneratorRecipe>>;

export type GeneratorRecipeName = keyof typeof GENERATOR_RECIPES;

/** What a new node starts with. */
export const DEFAULT_RECIPE: GeneratorRecipeName = 'Living loop';
/** What graphs saved before recipes (node version ≤ 5) were trained with. */
export const PIX2PIX_RECIPE: GeneratorRecipeName = 'pix2pix (Henry)';
/** The Recipe option for values set by hand. */
export const CUSTOM_RECIPE = 'Custom';

/** The Recipe param's options: every recipe, then Custom. */
export const RECIPE_OPTIONS: readonly string[] = [...Object.keys(GENERATOR_RECIPES), CUSTOM_RECIPE];

/** The name of the recipe whose values all equal `params`' (the first such), or 'Custom'. */
export function recipeOf(params: Readonly<Record<string, unknown>>): GeneratorRecipeName | typeof CUSTOM_RECIPE {
  return presetOf({ custom: CUSTOM_RECIPE, values: GENERATOR_RECIPES }, params) as GeneratorRecipeName | typeof CUSTOM_RECIPE;
}
