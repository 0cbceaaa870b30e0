// What an eval option left out means, and the ranges the command accepts. The generator's own
// settings (what it predicts, its losses, its feedback pairs, its checkpoint choice) come from
// the recipe, the node's default one unless `--recipe` names another (src/eval/eval-recipes.ts).
// The loop runs with colour coherence 0.5, as the learned-loop examples do (generator → Colour
// Coherence): on the development set it was the one loop feature that helped every clip
// (docs/research/2026-12-07-living-loops-dev-set.md); `--colour-coherence 0` leaves it out.
import { SEED_MAX } from '../../src/core';
import { DEFAULT_RECIPE } from '../../src/eval/eval-recipes';

export const EVAL_DEFAULTS = {
  size: 64, steps: 300, frames: 1000, seed: 1, preset: 'tiny', batch: 4, recipe: DEFAULT_RECIPE, models: 'both',
  restorerPredicts: 'change', swapEvery: 50, onlineSteps: 20, arch: 'pix2pix', heldOutEvery: 50, colourCoherence: 0.5, loopNoise: 0,
} as const;

export const EVAL_SIZES = [32, 64, 128, 256] as const;

/** Whole-number options: [min, max]. */
export const EVAL_LIMITS = {
  steps: [1, 1_000_000], frames: [1, 100_000], seed: [0, SEED_MAX], batch: [1, 64], cycles: [1, 100], 'drift-depth': [1, 100], 'drift-starts': [0, 1000],
  'long-drifts': [0, 20], 'long-drift-depth': [2, 500], jobs: [1, 16], 'swap-every': [1, 100_000], 'online-steps': [1, 100_000], 'held-out': [0, 50],
  'held-out-every': [1, 1_000_000],
} as const;
