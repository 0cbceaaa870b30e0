import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/core';
import { RandomStream } from '../../../src/core/training-kit/random-stream';

describe('random stream', () => {
  it("draws core's seededRandom sequence", () => {
    const reference = seededRandom(42);
    const stream = new RandomStream(42);
    for (let i = 0; i < 5; i++) expect(stream.next()).toBe(reference());
  });

  it('restores from its state to the same point of the sequence', () => {
    const stream = new RandomStream(7);
    for (let i = 0; i < 1000; i++) stream.next();
    const restored = RandomStream.restore(JSON.parse(JSON.stringify(stream.state)) as RandomStream['state']);
    expect(restored.state).toEqual({ seed: 7, draws: 1000 });
    expect([restored.next(), restored.int(10), restored.tfSeed()]).toEqual([stream.next(), stream.int(10), stream.tfSeed()]);
  });

  it('refuses a seed that is not an integer', () => {
    expect(() => new RandomStream(0.5)).toThrow(/integer seed/);
  });
});
