import { defineNode } from '../core';
import { hashUnit } from './modulation/hash';

export const LFO_WAVEFORMS = ['sine', 'triangle', 'square', 'saw', 'smooth random'] as const;
export type LfoWaveform = (typeof LFO_WAVEFORMS)[number];

/** Whether the rate is a frequency in hertz or a period in frames (exact cycles in an offline render at any fps). */
export const LFO_TIMINGS = ['hertz', 'frames'] as const;

/**
 * The waveform at `cycles` (cycles since frame 0, phase included), in 0…1. At 0 cycles: sine
 * is at the middle and rising, triangle and saw at 0, square at 1 (its first half), and smooth
 * random at its first seeded value. Smooth random draws one seeded value per cycle and eases
 * between them with a cosine, so it wanders without corners.
 */
export function waveform(wave: LfoWaveform, cycles: number, seed: number): number {
  const within = cycles - Math.floor(cycles);
  switch (wave) {
    case 'sine': return 0.5 + 0.5 * Math.sin(2 * Math.PI * cycles);
    case 'triangle': return 1 - Math.abs(1 - 2 * within);
    case 'square': return within < 0.5 ? 1 : 0;
    case 'saw': return within;
    case 'smooth random': {
      const k = Math.floor(cycles);
      const a = hashUnit(seed, k);
      const b = hashUnit(seed, k + 1);
      return a + (b - a) * (0.5 - 0.5 * Math.cos(Math.PI * within));
    }
  }
}

/**
 * Low-frequency oscillator: a number that swings between `min` and `max`, driven by the frame
 * counter (never the wall clock), so an offline render repeats exactly.
 */
export const lfo = defineNode({
  type: 'lfo',
  version: 1,
  title: 'LFO',
  category: 'Modulation',
  description: 'A number swinging between min and max: sine, triangle, square, saw or smooth random, at a rate in Hz or per N frames.',
  volatile: true,
  inputs: [],
  outputs: [{ name: 'value', type: 'number', label: 'Value' }],
  params: {
    waveform: { kind: 'enum', label: 'Waveform', default: 'sine', options: LFO_WAVEFORMS },
    timing: { kind: 'enum', label: 'Timing', default: 'hertz', options: LFO_TIMINGS },
    rate: { kind: 'number', label: 'Rate', default: 0.25, min: 0, max: 30, step: 0.01, unit: 'Hz' },
    period: { kind: 'number', label: 'Period', default: 120, min: 1, max: 100_000, step: 1, integer: true, unit: 'frames' },
    phase: { kind: 'number', label: 'Phase', default: 0, min: 0, max: 1, step: 0.01, unit: 'cycles' },
    min: { kind: 'number', label: 'Min', default: 0, min: -10_000, max: 10_000, step: 0.001 },
    max: { kind: 'number', label: 'Max', default: 1, min: -10_000, max: 10_000, step: 0.001 },
    seed: { kind: 'seed', label: 'Seed', default: 1 },
  },
  process: ({ params, frame, time }) => {
    const cycles = (params.timing === 'frames' ? frame / params.period : time * params.rate) + params.phase;
    const unit = waveform(params.waveform as LfoWaveform, cycles, params.seed);
    return { value: params.min + (params.max - params.min) * unit };
  },
});
