import type { CheckpointPreference, RunCheckpoint } from '../../core';
import { HELD_OUT_LOOP } from './held-out-figures';

/**
 * The generator's choice when a run ends: the checkpoint whose held-out loop check ended
 * nearest the clip's detail and motion (the lowest loop distance; the later one on a tie, as
 * it trained longer). The newest weights often predict one frame best and still freeze or fill
 * with texture as a loop, which is what the node is for. Undefined when no checkpoint was
 * checked (Held-out frames 0): the newest is kept.
 *
 * @example
 * healthiestLoopCheckpoint([{ step: 200, losses: { 'held-out loop': 0.2 } }, { step: 400, losses: { 'held-out loop': 0.9 } }]);
 * // { step: 200, reason: 'Using step 200: its held-out loop kept … (loop distance 0.200; last step 400: 0.900)' }
 */
export function healthiestLoopCheckpoint(checkpoints: readonly RunCheckpoint[]): CheckpointPreference | undefined {
  let best: { readonly step: number; readonly distance: number } | undefined;
  for (const { step, losses } of checkpoints) {
    const distance = loopDistanceOf(losses);
    if (distance !== undefined && (!best || distance <= best.distance)) best = { step, distance };
  }
  const last = checkpoints.at(-1);
  if (!best || !last) return undefined;
  const why = `its held-out loop kept the clip's detail and motion best (loop distance ${figure(best.distance)}`;
  if (best.step === last.step) return { step: best.step, reason: `Using step ${best.step}, the last: ${why})` };
  const lastDistance = loopDistanceOf(last.losses);
  return { step: best.step, reason: `Using step ${best.step}: ${why}; last step ${last.step}: ${lastDistance === undefined ? 'not measured' : figure(lastDistance)})` };
}

/** A checkpoint's loop distance, when its loop check ran and came out finite. */
function loopDistanceOf(losses: Readonly<Record<string, number>>): number | undefined {
  const distance = losses[HELD_OUT_LOOP];
  return distance !== undefined && Number.isFinite(distance) ? distance : undefined;
}

/** As the checkpoint list shows it. */
function figure(distance: number): string {
  return distance.toPrecision(3);
}
