/** Frames per second over the last second, from the time each frame completed. */
export class FrameRateMeter {
  #stamps: number[] = [];

  /** Counts a frame completed at `now` (ms); returns the frames completed in the second up to it. */
  count(now: number): number {
    const stamps = this.#stamps;
    stamps.push(now);
    // Offline runs can finish thousands of frames a second: drop old stamps from the front
    // in amortised O(1) instead of filtering the whole window every frame.
    let old = 0;
    while (old < stamps.length && now - stamps[old]! >= 1000) old++;
    if (old > 0) stamps.splice(0, old);
    return stamps.length;
  }

  clear(): void {
    this.#stamps = [];
  }
}
