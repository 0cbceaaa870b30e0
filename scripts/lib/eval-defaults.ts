// What an eval option left out means, and the ranges the command accepts. The generator's own
// settings (what it predicts, its losses, its feedback pairs, its checkpoint choice) come from
// the recipe, the node's default one unless `--recipe` names another (tools/eval/eval-recipes.ts).
// The loop runs as the development set chose (docs/research/2026-12-07-histogram-colour-coherence.md):
// colour coherence at full strength by colour histogram (the loop keeps the clip's colours:
// median distance 0.1 where the Lab match left 0.5) and loop noise 0.005 (a still loop moves
// again at about the clip's pace; 0.01 moved nearly twice as fast). `--colour-coherence 0
// --loop-noise 0` measures the generator alone.
import { DEFAULT_RECIPE } from '../../tools/eval/eval-recipes';

export const EVAL_DEFAULTS = {
  size: 64, steps: 300, frames: 1000, seed: 1, preset: 'tiny', batch: 4, recipe: DEFAULT_RECIPE, models: 'both',
  restorerPredicts: 'change', swapEvery: 50, onlineSteps: 20, arch: 'pix2pix', heldOutEvery: 50, colourCoherence: 1, colourMatch: 'histogram', loopNoise: 0.005,
} as const;

/**
 * Whole-number options of the eval's own: [min, max]. The flags that set one of the Next-Frame
 * Generator's params (--steps, --batch, --cycles, the drifts, --held-out) take the node's own
 * ranges, and --size its Model size options (eval-options.ts).
 */
export const EVAL_LIMITS = {
  frames: [1, 100_000], jobs: [1, 16], 'swap-every': [1, 100_000], 'online-steps': [1, 100_000], 'held-out-every': [1, 1_000_000],
} as const;
