import type { LoopKit } from '../../ui/make-loop/loop-kit';
import { CUSTOM_RECIPE, DEFAULT_RECIPE, RECIPE_OPTIONS } from '../generator/recipes';
import { HELD_OUT_LOOP } from '../generator/held-out-figures';
import { MODEL_SIZES } from '../model-sizes';
import { nextFrameGenerator } from '../next-frame-generator';
import { loopPlan, recordFor, restorationFor } from './loop-plan';
import { measureTrainingSpeed } from './training-speed';

/** "Make a loop" as the built-in nodes make it (see loop-plan.ts), handed to the UI by src/nodes/ui.ts. */
export const builtInLoopKit: LoopKit = {
  sizes: MODEL_SIZES,
  defaultSize: nextFrameGenerator.params.size.default,
  recipes: RECIPE_OPTIONS.filter((name) => name !== CUSTOM_RECIPE),
  defaultRecipe: DEFAULT_RECIPE,
  loopCheckLoss: HELD_OUT_LOOP,
  plan: loopPlan,
  measureSpeed: measureTrainingSpeed,
  restorationFor,
  recordFor,
};
