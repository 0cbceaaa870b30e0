import { describe, expect, it } from 'vitest';
import { BANDS, BandAnalyser, windowSize } from '../../../src/nodes/audio/bands';

const RATE = 48_000;

function sine(frequency: number, amplitude: number, size: number, rate = RATE, phase = 0): Float32Array {
  return Float32Array.from({ length: size }, (_, i) => amplitude * Math.sin(2 * Math.PI * frequency * (i / rate) + phase));
}

describe('windowSize', () => {
  it('is the power of two just above 40 ms: 2048 at 44.1 and 48 kHz, more at higher rates', () => {
    expect([8000, 16_000, 22_050, 44_100, 48_000, 96_000].map(windowSize)).toEqual([512, 1024, 1024, 2048, 2048, 4096]);
  });

  it('refuses a rate that is not a positive number', () => {
    expect(() => windowSize(0)).toThrow('sample rate must be a positive number, got 0');
  });
});

describe('BandAnalyser', () => {
  const analyser = new BandAnalyser(windowSize(RATE));

  it('puts a 60 Hz sine in the bass band, at the RMS of the sine', () => {
    const levels = analyser.measure(sine(60, 0.5, analyser.size), RATE);
    expect(levels.level).toBeCloseTo(0.5 / Math.SQRT2, 2);
    expect(levels.bass).toBeCloseTo(0.5 / Math.SQRT2, 2);
    expect(levels.mid).toBeLessThan(0.01);
    expect(levels.treble).toBeLessThan(0.001);
  });

  it('puts a 5 kHz sine in the treble band and a 1 kHz sine in the mid band', () => {
    const treble = analyser.measure(sine(5000, 0.8, analyser.size), RATE);
    expect(treble.treble).toBeCloseTo(0.8 / Math.SQRT2, 2);
    expect(treble.bass).toBeLessThan(0.001);
    expect(treble.mid).toBeLessThan(0.01);
    const mid = analyser.measure(sine(1000, 0.8, analyser.size), RATE);
    expect(mid.mid).toBeCloseTo(0.8 / Math.SQRT2, 2);
    expect(Math.max(mid.bass, mid.treble)).toBeLessThan(0.01);
  });

  it('splits a mix between the bands so that their squares add up to the level squared', () => {
    const size = analyser.size;
    const mix = sine(80, 0.3, size);
    const high = sine(8000, 0.2, size);
    const middle = sine(700, 0.4, size);
    for (let i = 0; i < size; i++) mix[i] = mix[i]! + high[i]! + middle[i]!;
    const levels = analyser.measure(mix, RATE);
    expect(levels.bass).toBeCloseTo(0.3 / Math.SQRT2, 2);
    expect(levels.mid).toBeCloseTo(0.4 / Math.SQRT2, 2);
    expect(levels.treble).toBeCloseTo(0.2 / Math.SQRT2, 2);
    expect(levels.bass ** 2 + levels.mid ** 2 + levels.treble ** 2).toBeCloseTo(levels.level ** 2, 2);
  });

  it('gives exactly 0 for silence', () => {
    expect(analyser.measure(new Float32Array(analyser.size), RATE)).toEqual({ level: 0, bass: 0, mid: 0, treble: 0 });
  });

  it('leaves a constant (DC) offset out of the bands', () => {
    const levels = analyser.measure(new Float32Array(analyser.size).fill(0.25), RATE);
    expect(levels.level).toBeCloseTo(0.25, 6);
    expect(Math.max(levels.bass, levels.mid, levels.treble)).toBeLessThan(1e-6);
  });

  it('is deterministic: the same samples give bit-identical numbers, in this analyser and in a fresh one', () => {
    const samples = sine(123, 0.7, analyser.size, RATE, 0.3);
    const first = analyser.measure(samples, RATE);
    analyser.measure(sine(5000, 1, analyser.size), RATE);
    expect(analyser.measure(samples, RATE)).toEqual(first);
    expect(new BandAnalyser(analyser.size).measure(samples, RATE)).toEqual(first);
  });

  it('works at other sample rates: 60 Hz is bass and 5 kHz treble at 22.05 kHz too', () => {
    const rate = 22_050;
    const small = new BandAnalyser(windowSize(rate));
    expect(small.measure(sine(60, 0.5, small.size, rate), rate).bass).toBeCloseTo(0.5 / Math.SQRT2, 2);
    expect(small.measure(sine(5000, 0.5, small.size, rate), rate).treble).toBeCloseTo(0.5 / Math.SQRT2, 2);
  });

  it('refuses a window of the wrong length and a size that is not a power of two', () => {
    expect(() => analyser.measure(new Float32Array(10), RATE)).toThrow('expected a window of 2048 samples, got 10');
    expect(() => new BandAnalyser(1000)).toThrow('window size must be a power of two of at least 32, got 1000');
  });

  it('documents contiguous band edges from 20 Hz to 16 kHz', () => {
    expect(BANDS.map((b) => [b.name, b.low, b.high])).toEqual([['bass', 20, 250], ['mid', 250, 4000], ['treble', 4000, 16_000]]);
  });
});
