import { seededRandom } from '../../core';

/**
 * A seeded value in [0, 1) for any integer `index`, without drawing the values before it: the
 * LFO's smooth random reads cycle k directly, and the Noise node frame k, so a render that
 * starts mid-way gives the same numbers as one that ran from frame 0.
 */
export function hashUnit(seed: number, index: number): number {
  // Odd multipliers (the golden ratio's, MurmurHash3's) spread neighbouring seeds and indices far apart before mulberry32 mixes them.
  return seededRandom((Math.imul(seed, 0x9e3779b1) ^ Math.imul(index, 0x85ebca6b)) >>> 0)();
}
