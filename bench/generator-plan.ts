// Which generator speed measurements to run, and which to skip before they start: a train step
// cannot be interrupted once begun, so a case that would take minutes per step on this machine
// (the standard network at 256 px on a CPU) is predicted from the cases already measured and
// skipped with the reason, and the whole section stops starting cases once its budget is spent.
import { encoderChannels, unetConfig } from '../src/nodes/unet/unet';
import type { GeneratorPreset } from '../src/nodes/unet/unet';

export type BenchBackend = 'webgpu' | 'webgl' | 'cpu';

/** A backend as measured: webgpu twice, with the naive conv2dTranspose kernel on and off. */
export interface BenchConfig {
  readonly backend: BenchBackend;
  readonly naiveConv2dTranspose?: boolean;
}

export const BENCH_CONFIGS: readonly BenchConfig[] = [
  { backend: 'webgpu', naiveConv2dTranspose: true },
  { backend: 'webgpu', naiveConv2dTranspose: false },
  { backend: 'webgl' },
  { backend: 'cpu' },
];

export function configLabel(config: BenchConfig): string {
  return config.naiveConv2dTranspose === undefined ? config.backend : `${config.backend} (naive conv2dTranspose ${config.naiveConv2dTranspose ? 'on' : 'off'})`;
}

/** Multiply-accumulates of one generator forward pass on one frame: the convolutions, which dominate. */
export function generatorMacs(preset: GeneratorPreset, size: number): number {
  const config = unetConfig(preset, size);
  const channels = encoderChannels(config);
  const inner = config.levels - 1;
  const taps = 4 * 4;
  let macs = 0;
  channels.forEach((out, i) => {
    const side = size / 2 ** (i + 1);
    macs += taps * (i === 0 ? 3 : channels[i - 1]!) * out * side * side;
  });
  for (let j = inner; j >= 1; j--) {
    const inputSide = size / 2 ** (j + 1);
    const input = j === inner ? channels[inner]! : 2 * channels[j]!;
    macs += taps * input * channels[j - 1]! * inputSide * inputSide;
  }
  return macs + taps * 2 * channels[0]! * 3 * (size / 2) ** 2;
}

/** A measured case: its cost per generator MAC predicts the others on the same backend. */
export interface MeasuredCost {
  readonly preset: GeneratorPreset;
  readonly size: number;
  /** Per train step, or per inference frame. */
  readonly seconds: number;
}

/**
 * Predicted seconds of `preset` at `size`, scaled by MACs from the measured case on the same
 * backend closest in MACs (small cases have overheads that make them cost more per MAC, so the
 * nearest is the fairest guide); undefined before any is measured.
 */
export function predictSeconds(measured: readonly MeasuredCost[], preset: GeneratorPreset, size: number): number | undefined {
  const macs = generatorMacs(preset, size);
  let best: { distance: number; seconds: number } | undefined;
  for (const m of measured) {
    const theirs = generatorMacs(m.preset, m.size);
    const distance = Math.abs(Math.log(macs / theirs));
    if (!best || distance < best.distance) best = { distance, seconds: (m.seconds * macs) / theirs };
  }
  return best?.seconds;
}

/** Per-run caps, in seconds: up to `timed`, a case is repeated; up to `single`, it runs once; beyond, it is skipped. */
export interface ModeLimits {
  readonly timed: number;
  readonly single: number;
}

export type Mode = 'timed' | 'single' | 'skip';

/** How to measure a case predicted to take `predicted` seconds a run (undefined: unknown, so measure it properly). */
export function chooseMode(predicted: number | undefined, limits: ModeLimits): { mode: Mode; reason?: string } {
  if (predicted === undefined || predicted <= limits.timed) return { mode: 'timed' };
  if (predicted <= limits.single) return { mode: 'single', reason: `predicted ${round(predicted)} s a run, over the ${limits.timed} s for repeated runs: one run, warm-up included` };
  return { mode: 'skip', reason: `predicted ${round(predicted)} s a run, over the ${limits.single} s cap` };
}

function round(x: number): number {
  return Number(x.toPrecision(3));
}
