import { seededRandom } from '../random';

/** Enough to rebuild a `RandomStream` at the same point: its seed and how many numbers it has given. */
export interface RandomState {
  readonly seed: number;
  readonly draws: number;
}

/**
 * The seeded generator training draws from (crops, flips, dropout seeds, batch picks, drift
 * starts), with a state that can be saved and restored. core's `seededRandom` keeps its state
 * in a closure, so a restore replays the stream up to the saved count: about 10 M draws a second.
 */
export class RandomStream {
  readonly seed: number;
  private drawn = 0;
  private readonly source: () => number;

  constructor(seed: number, draws = 0) {
    if (!Number.isInteger(seed)) throw new RangeError(`A random stream needs an integer seed, got ${seed}`);
    if (!Number.isInteger(draws) || draws < 0) throw new RangeError(`A random stream cannot restart after ${draws} draws`);
    this.seed = seed;
    this.source = seededRandom(seed);
    for (let i = 0; i < draws; i++) this.next();
  }

  static restore(state: RandomState): RandomStream {
    return new RandomStream(state.seed, state.draws);
  }

  get state(): RandomState {
    return { seed: this.seed, draws: this.drawn };
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.drawn += 1;
    return this.source();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`random.int needs a positive integer bound, got ${n}`);
    return Math.floor(this.next() * n);
  }

  /** A seed for tfjs's own seeded ops (randomNormal, dropout). */
  tfSeed(): number {
    return this.int(0x7fffffff);
  }
}
