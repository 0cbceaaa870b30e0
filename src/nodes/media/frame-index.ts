import { effectiveOffset, selectedCount } from '../../core';

/**
 * Which source frame a clip or image sequence shows at loop frame n: a pure function, so a
 * render, a training set and a live loop all see the same frames.
 *
 * The selected frames are `offset, offset + stride, offset + 2·stride, …` up to the last
 * frame; call their number m. Then loop frame n shows selected frame k:
 * - `loop`: k = n mod m, back to the first after the last.
 * - `ping-pong`: forwards then backwards, 0, 1, …, m−1, m−2, …, 1, 0, 1, … The end frames are
 *   shown once per bounce, not twice, so the motion never stalls for a frame at the turn
 *   (period 2(m−1); a single selected frame is simply held).
 * - `stop`: k = min(n, m − 1): the last selected frame is held.
 *
 * An offset at or past the end starts at the last frame (m = 1): it is shown and held in
 * every mode, rather than wrapping to a frame the user did not ask for.
 */
export const AT_END_MODES = ['loop', 'ping-pong', 'stop'] as const;
export type AtEnd = (typeof AT_END_MODES)[number];

export interface FrameSelection {
  /** First source frame shown (0-based). Past the end means the last frame. */
  readonly offset: number;
  /** Source frames advanced per loop frame, ≥ 1. */
  readonly stride: number;
  readonly atEnd: AtEnd;
}

export function isAtEnd(value: unknown): value is AtEnd {
  return typeof value === 'string' && (AT_END_MODES as readonly string[]).includes(value);
}

/**
 * The source frame index (0-based) loop frame `n` (≥ 0) shows.
 * @throws RangeError when frameCount is not a positive integer (a clip with no frames is
 *   refused at import) or n is negative.
 *
 * @example
 * sourceFrameIndex(5, { offset: 0, stride: 1, atEnd: 'ping-pong' }, 4) // → 1 (0 1 2 3 2 1)
 */
export function sourceFrameIndex(n: number, selection: FrameSelection, frameCount: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`loop frame must be a whole number ≥ 0, got ${n}`);
  const m = selectedCount(selection, frameCount);
  const offset = effectiveOffset(selection.offset, frameCount);
  const stride = Math.max(1, Math.floor(selection.stride));
  return offset + selectedStep(n, m, selection.atEnd) * stride;
}

/** Which of the m selected frames loop frame n shows. */
function selectedStep(n: number, m: number, atEnd: AtEnd): number {
  switch (atEnd) {
    case 'loop':
      return n % m;
    case 'stop':
      return Math.min(n, m - 1);
    case 'ping-pong': {
      if (m === 1) return 0;
      const period = 2 * (m - 1);
      const phase = n % period;
      return phase < m ? phase : period - phase;
    }
    default:
      return exhaustive(atEnd);
  }
}

function exhaustive(x: never): never {
  throw new Error(`unhandled end mode ${String(x)}`);
}
