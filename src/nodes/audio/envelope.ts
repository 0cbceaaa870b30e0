import type { Levels } from './bands';

/** How fast a smoothed value follows its measurement: seconds to cover 63% of a jump. */
export interface Smoothing {
  /** Rising (a beat hits). 0 follows at once. */
  readonly attack: number;
  /** Falling (the beat dies away). 0 follows at once. */
  readonly release: number;
}

/**
 * One step of an attack/release follower (a one-pole filter whose time constant depends on
 * the direction): `previous` moves towards `target` over `seconds`. The same steps give the
 * same values, so a render that starts from the same frame repeats exactly.
 */
export function follow(previous: number, target: number, seconds: number, smoothing: Smoothing): number {
  const tau = target > previous ? smoothing.attack : smoothing.release;
  if (!(tau > 0) || !(seconds > 0)) return target;
  return previous + (target - previous) * (1 - Math.exp(-seconds / tau));
}

/** `follow` on every value of a Levels. */
export function followLevels(previous: Levels, target: Levels, seconds: number, smoothing: Smoothing): Levels {
  return {
    level: follow(previous.level, target.level, seconds, smoothing),
    bass: follow(previous.bass, target.bass, seconds, smoothing),
    mid: follow(previous.mid, target.mid, seconds, smoothing),
    treble: follow(previous.treble, target.treble, seconds, smoothing),
  };
}

/** Every value of `levels` times `gain`. */
export function scaleLevels(levels: Levels, gain: number): Levels {
  return { level: levels.level * gain, bass: levels.bass * gain, mid: levels.mid * gain, treble: levels.treble * gain };
}
