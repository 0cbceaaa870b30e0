import type { Tensor } from '@tensorflow/tfjs';
import type { Tf } from '../graph/node-definition';
import type { TrainingContext, TrainingReport, TrainingSample } from '../graph/training';
import { assignWeights, prefixedWeights } from './weights';
import type { WeightMap } from './weights';

/** Steps between copies of the trained weights into the node's live network (the loop sees them). */
const PUBLISH_EVERY = 10;
/** Steps between sample strips; each costs a readback. */
const SAMPLE_EVERY = 50;

/** Whether step `step` copies the trained weights into the loop, for jobs that publish every few steps. */
export function publishDue(step: number): boolean {
  return step % PUBLISH_EVERY === 0;
}

/** Whether step `step` shows a sample strip (the first step, then every SAMPLE_EVERY). */
export function sampleDue(step: number): boolean {
  return step % SAMPLE_EVERY === 0 || step === 1;
}

/**
 * Copies `source`'s weights into `target`, a network of the same shape: the trained network into
 * the node's live one (from the next frame on, the loop uses it), or the live one into a new
 * trainer's, so Train after loading weights fine-tunes them.
 */
export function publishWeights(target: { readonly weights: WeightMap }, source: { readonly weights: WeightMap }): void {
  assignWeights(target.weights, prefixedWeights(source.weights, ''));
}

/**
 * @throws Error naming `params` when the node's network changed shape under a running job
 * (they were edited); `params` are the ones that set its shape, e.g. "Network".
 */
export function checkSameConfig(live: { readonly config: unknown }, trained: { readonly config: unknown }, params: string): void {
  if (JSON.stringify(live.config) !== JSON.stringify(trained.config)) {
    throw new Error(`the node's ${params} changed during training; start training again`);
  }
}

/** Runs one trainer step and disposes its batch `tensors` afterwards, whether or not it threw. */
export async function trainThenDispose<Losses>(tf: Tf, tensors: Tensor[], train: () => Promise<Losses>): Promise<Losses> {
  try {
    return await train();
  } finally {
    tf.dispose(tensors);
  }
}

/** The end every training step shares: `publish` when `publishNow`, and the sample strip on sample steps. */
export async function finishStep(
  report: TrainingReport, publishNow: boolean, publish: () => void, samples: () => Promise<TrainingSample[]>,
): Promise<TrainingReport> {
  if (publishNow) publish();
  return sampleDue(report.step) ? { ...report, samples: await samples() } : report;
}

/**
 * A run of `steps` split into `cycles` equal cycles, for jobs that renew their training pairs
 * as each cycle starts.
 */
export class TrainingCycles {
  readonly #length: number;
  #renewedFor: number;

  /** `renewedFor`: the cycle the job's pairs already serve (−1 when it has none yet). */
  constructor(steps: number, cycles: number, renewedFor: number) {
    this.#length = Math.max(1, Math.ceil(steps / cycles));
    this.#renewedFor = renewedFor;
  }

  /** Runs `renew` when step `stepCount` falls in a later cycle than the pairs serve. */
  async enter(stepCount: number, renew: () => Promise<void>): Promise<void> {
    const cycle = Math.floor(stepCount / this.#length);
    if (cycle <= this.#renewedFor) return;
    await renew();
    this.#renewedFor = cycle;
  }
}

/** The id of the dataset wired into the `dataset` input. @throws Error telling the user to wire one into the `node`. */
export function wiredDatasetId(inputs: TrainingContext<unknown, unknown>['inputs'], node: string): string {
  const ref = inputs['dataset'];
  if (typeof ref !== 'object' || ref.kind !== 'dataset' || ref.id === '') {
    throw new Error(`Wire a Dataset node (with a dataset picked) into the ${node}'s "Training data" input, then Train.`);
  }
  return ref.id;
}
