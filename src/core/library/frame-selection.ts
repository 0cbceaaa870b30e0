/**
 * Counting the frames an offset/stride selection visits in a finite clip or image list: the
 * frames `offset, offset + stride, …` up to the last. Shared by the media source nodes (which
 * frame to show) and the Datasets dialog (how many frames an extraction will write).
 */

/** The offset actually used: a whole number in [0, frameCount − 1]. */
export function effectiveOffset(offset: number, frameCount: number): number {
  return Math.min(Math.max(0, Math.floor(offset)), frameCount - 1);
}

/**
 * How many source frames the selection visits before its end, ≥ 1.
 * @throws RangeError when frameCount is not a positive integer (a clip with no frames is refused at import).
 */
export function selectedCount(selection: { readonly offset: number; readonly stride: number }, frameCount: number): number {
  if (!Number.isInteger(frameCount) || frameCount < 1) throw new RangeError(`a clip needs at least one frame, got ${frameCount}`);
  const stride = Math.max(1, Math.floor(selection.stride));
  return Math.floor((frameCount - 1 - effectiveOffset(selection.offset, frameCount)) / stride) + 1;
}

/** Sorts like a file manager: `frame2.png` before `frame10.png`, case ignored. */
export function naturalOrder<F extends { readonly name: string }>(files: readonly F[]): F[] {
  const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
  return [...files].sort((a, b) => collator.compare(a.name, b.name));
}
