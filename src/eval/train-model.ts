import { defaultParams, memoryAssetSource, noCheckpointStore } from '../core';
import type { DatasetSource, Tf } from '../core';
import { nextFrameGenerator } from '../nodes/next-frame-generator';
import type { GeneratorState } from '../nodes/next-frame-generator';
import type { GeneratorPreset } from '../nodes/generator/unet';

export interface TrainModelOptions {
  readonly size: number;
  readonly preset: GeneratorPreset;
  readonly steps: number;
  readonly batch: number;
  readonly cycles: number;
  readonly seed: number;
  readonly feedbackPairs: boolean;
}

export interface TrainedModel {
  /** The node's state, its network holding the trained weights. Dispose with `disposeModel`. */
  readonly state: GeneratorState;
  readonly seconds: number;
  /** Mean of each loss over the last (up to) `LOSS_WINDOW` steps. */
  readonly finalLosses: Record<string, number>;
}

const LOSS_WINDOW = 20;
const DATASET_ID = 'eval-train';

/**
 * Trains a Next-Frame Generator node's network exactly as the node does when the user presses
 * Train — its own training hook (real pairs n → n + 1, and with `feedbackPairs` Henry's drifted
 * pairs rebuilt each cycle), its defaults for everything the eval does not set — on `frames`
 * (RGB bytes at size × size) served as an in-memory dataset.
 */
export async function trainModel(
  tf: Tf,
  frames: readonly Uint8Array[],
  options: TrainModelOptions,
  onStep: (step: number, total: number, losses: Readonly<Record<string, number>>) => Promise<void>,
): Promise<TrainedModel> {
  const { size } = options;
  const datasets: DatasetSource = {
    getDataset: (id) => Promise.resolve(id === DATASET_ID ? { name: 'eval training frames', width: size, height: size, channels: 3, frameCount: frames.length } : undefined),
    readFrames: (_id, start, count) => Promise.resolve(frames.slice(start, start + count)),
  };
  const params = {
    ...defaultParams(nextFrameGenerator.params),
    size: String(size) as (typeof nextFrameGenerator.params.size.options)[number],
    preset: options.preset,
    steps: options.steps,
    batch: options.batch,
    cycles: options.cycles,
    seed: options.seed,
    feedbackPairs: options.feedbackPairs,
    stochastic: false,
  };
  const context = { nodeId: 'generator', params, size: { width: size, height: size }, tf, assets: memoryAssetSource([]), models: noCheckpointStore, datasets };
  const state = nextFrameGenerator.create!(context);
  try {
    const job = await nextFrameGenerator.training!.start({ ...context, state, inputs: { dataset: { kind: 'dataset', id: DATASET_ID } } });
    const started = performance.now();
    const recent: Array<Readonly<Record<string, number>>> = [];
    try {
      while (job.stepsDone < job.totalSteps) {
        const report = await job.step();
        recent.push(report.losses);
        if (recent.length > LOSS_WINDOW) recent.shift();
        await onStep(report.step, job.totalSteps, report.losses);
      }
      // save() hands the trainer's final weights to the node's network (the job otherwise does so every 10 steps).
      await job.save();
    } finally {
      job.dispose();
    }
    return { state, seconds: (performance.now() - started) / 1000, finalLosses: meanLosses(recent) };
  } catch (error) {
    disposeModel(state);
    throw error;
  }
}

export function disposeModel(state: GeneratorState): void {
  nextFrameGenerator.dispose!(state);
}

function meanLosses(reports: ReadonlyArray<Readonly<Record<string, number>>>): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const losses of reports) for (const [name, value] of Object.entries(losses)) sums[name] = (sums[name] ?? 0) + value;
  return Object.fromEntries(Object.entries(sums).map(([name, sum]) => [name, sum / reports.length]));
}
