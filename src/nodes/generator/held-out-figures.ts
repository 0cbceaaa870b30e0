import { beatsBaseline, heldOutLossName, primaryHeldOutLoss } from '../../core';
import type { ReferenceLoss } from '../../core';

/**
 * A held-out figure that ranks loops rather than one-step predictions: how far the network's
 * own loop, started from a held-out frame, ends from the clip's detail and motion (0 = the
 * same; the loop check defines it). Lower is better, like the losses, but the checkpoint that
 * predicts one frame best is often a near-frozen loop, so the panel marks the lowest of each
 * separately.
 */
export const HELD_OUT_LOOP = heldOutLossName('loop');

/**
 * A reference beside the held-out one-step loss, on the same pairs and scale: what copying the
 * input frame scores. It is the same at every checkpoint of a run; a network under it predicts
 * something, one over it does worse than doing nothing.
 */
export const HELD_OUT_COPY_LAST = heldOutLossName('copy-last');

const COPY_LAST: ReferenceLoss = { name: HELD_OUT_COPY_LAST, role: 'baseline', label: 'copy-last', description: 'copying the last frame' };

/** The generator's reference losses, as its training hook names them to the panel. */
export const GENERATOR_REFERENCE_LOSSES: readonly ReferenceLoss[] = [
  COPY_LAST,
  {
    name: HELD_OUT_LOOP,
    role: 'ranked',
    label: 'loop',
    description: "Lowest held-out loop: run as a loop from a frame it never trained on, this checkpoint ended nearest the clip's detail and motion",
  },
];

/** The held-out one-step loss among a checkpoint's losses (neither the loop check nor the copy-last reference), when measured. */
export function heldOutOneStepLoss(losses: Readonly<Record<string, number>>): number | undefined {
  return primaryHeldOutLoss(losses, GENERATOR_REFERENCE_LOSSES);
}

/** Whether a checkpoint's held-out one-step loss is under copying the last frame; undefined when either was not measured. */
export function beatsCopyLast(losses: Readonly<Record<string, number>>): boolean | undefined {
  return beatsBaseline(losses, COPY_LAST, GENERATOR_REFERENCE_LOSSES);
}
