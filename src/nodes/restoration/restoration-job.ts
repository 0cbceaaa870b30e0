import type { Tensor4D } from '@tensorflow/tfjs';
import { CHECKPOINT_OF, errorMessage } from '../../core';
import type { ModelSource, Tf, TrainingContext, TrainingJob, TrainingReport, TrainingSample } from '../../core';
import { checkSameConfig, finishStep, FrameStore, publishDue, publishWeights, TrainingCycles, wiredDatasetId } from '../../core/training-kit';
import { checkpointFromArtifacts, checkpointToArtifacts, loadGenerator } from '../unet/checkpoint';
import { freshTrainer, loopRunOptions, resumeTrainer, sampleStrip, stepOnBatch } from '../unet/unet-job';
import type { Trainer } from '../unet/trainer';
import { disposeUNet } from '../unet/unet';
import type { UNet } from '../unet/unet';
import { driftedInputs, DriftedPairRing } from './drifted-pairs';
import { planRestorationPairs } from './restoration-pairs';

/** The restoration node's params, as its training reads them. */
export interface RestorationTrainingParams {
  /** Hash of the trained generator whose drift the node learns to undo; '' for none. */
  readonly generator: string;
  readonly preset: string;
  readonly steps: number;
  readonly batch: number;
  /** K: drifted inputs are G applied 1…K times. */
  readonly maxApplications: number;
  /** J: targets are 1…J frames after the drift's start. */
  readonly maxAhead: number;
  /** Drifted pairs kept to train on. */
  readonly pool: number;
  /** The run is split into this many cycles; each after the first renews part of the pool. */
  readonly cycles: number;
  /** Drift with G's dropout on, as a loop with the generator's "Dropout in the loop" runs it. */
  readonly generatorDropout: boolean;
  readonly seed: number;
}

/** What the job needs from the node's state: the live network, and storage to read the generator from. */
export interface LiveRestorer {
  readonly net: UNet;
  readonly models: ModelSource;
}

export const MISSING_GENERATOR = 'Pick the trained generator whose drift this node should learn to undo (the node\'s "Generator" param), then Train.';

/** What the training runner records as `checkpointOf` in this node's checkpoints (its node type). */
const RESTORATION_CHECKPOINT_OF = 'restoration';
/** Share of the pool renewed each cycle. G is fixed, so renewing adds variety (new t, k, j), not freshness. */
const REFRESH_SHARE = 0.25;

/**
 * Builds the restoration node's training job: loads the picked generator G (inference only, disposed
 * with the job), reads the wired dataset at the node's size, and resumes a trainer from a
 * checkpoint or starts one from the node's current weights, as the generator's training does.
 */
export async function startRestorationTraining(context: TrainingContext<RestorationTrainingParams, LiveRestorer>): Promise<TrainingJob> {
  const { tf, params, state, inputs, datasets, resumeFrom } = context;
  if (params.generator === '') throw new Error(MISSING_GENERATOR);
  const frames = await FrameStore.read(tf, datasets, wiredDatasetId(inputs, 'restoration node'), state.net.config.size);
  if (frames.count <= params.maxAhead) {
    throw new Error(`Dataset "${frames.name}" has ${frames.count} frames; targets up to ${params.maxAhead} frames ahead (J) need at least ${params.maxAhead + 1}. Lower J or pick a longer dataset.`);
  }
  const generator = await readGenerator(tf, state.models, params.generator);
  try {
    const trainer = resumeFrom ? await resumeTrainer(tf, resumeFrom, state.net) : freshTrainer(tf, params, state.net);
    return new RestorationTrainingJob(tf, params, state, trainer, generator, frames);
  } catch (error) {
    disposeUNet(generator);
    throw error;
  }
}

/** G from storage, ready to run. @throws Error naming the "Generator" param when it cannot be used. */
async function readGenerator(tf: Tf, models: ModelSource, sha256: string): Promise<UNet> {
  let artifacts;
  try {
    artifacts = await models.loadModel(sha256);
  } catch (error) {
    throw new Error(`The generator picked in "Generator" cannot be read: ${errorMessage(error)}`);
  }
  if (artifacts.userDefinedMetadata?.[CHECKPOINT_OF] === RESTORATION_CHECKPOINT_OF) {
    throw new Error('"Generator" names a restoration checkpoint. Pick a Next-Frame Generator\'s checkpoint there.');
  }
  return loadGenerator(tf, checkpointFromArtifacts(artifacts));
}

class RestorationTrainingJob implements TrainingJob {
  readonly totalSteps: number;
  readonly #pool: DriftedPairRing;
  /** The first step fills the pool (a resumed job's too, from the restored random stream); each later cycle renews part of it. */
  readonly #cycles: TrainingCycles;

  constructor(
    private readonly tf: Tf,
    private readonly params: RestorationTrainingParams,
    private readonly live: LiveRestorer,
    private readonly trainer: Trainer,
    private readonly generator: UNet,
    private readonly frames: FrameStore,
  ) {
    this.totalSteps = Math.max(params.steps, trainer.stepCount);
    this.#pool = new DriftedPairRing(params.pool);
    this.#cycles = new TrainingCycles(params.steps, params.cycles, -1);
  }

  get stepsDone(): number {
    return this.trainer.stepCount;
  }

  async step(): Promise<TrainingReport> {
    checkSameConfig(this.live.net, this.trainer.generator, 'Network or Model size');
    const renewed = () => this.#pool.size === 0 ? this.#pool.capacity : Math.ceil(this.#pool.capacity * REFRESH_SHARE);
    await this.#cycles.enter(this.trainer.stepCount, () => this.#addPairs(renewed()));
    const report = await stepOnBatch(this.tf, this.trainer, this.#batch());
    return finishStep(report, publishDue(report.step), () => this.#publish(), () => this.#samples());
  }

  async save() {
    this.#publish();
    return checkpointToArtifacts(await this.trainer.exportState());
  }

  dispose(): void {
    this.trainer.dispose();
    disposeUNet(this.generator);
  }

  /** Copies the trained restorer into the node's network: from the next frame on, the loop uses it. */
  #publish(): void {
    publishWeights(this.live.net, this.trainer.generator);
  }

  /** Draws `count` pairs (t, k, j) from the trainer's stream, drifts them through G and adds them to the pool. */
  async #addPairs(count: number): Promise<void> {
    const { maxApplications, maxAhead } = this.params;
    const plans = planRestorationPairs(this.frames.count, count, { maxApplications, maxAhead }, this.trainer.random);
    const inputs = await driftedInputs(this.tf, this.generator, this.frames, plans, loopRunOptions(this.params.generatorDropout, this.trainer.random));
    this.#pool.add(plans.map((plan, i) => ({ input: inputs[i]!, target: plan.target })));
  }

  /** `batch` pairs drawn uniformly, with replacement, from the pool. */
  #batch(): { inputs: Tensor4D; targets: Tensor4D } {
    const picks = Array.from({ length: this.params.batch }, () => this.#pool.pair(this.trainer.random.int(this.#pool.size)));
    return {
      inputs: this.frames.toTensor(this.tf, picks.map((pair) => pair.input)),
      targets: this.frames.toTensor(this.tf, picks.map((pair) => this.frames.frame(pair.target))),
    };
  }

  /** The pool's first pair, restored: what the loop would make of that drifted frame now. */
  #samples(): Promise<TrainingSample[]> {
    const pair = this.#pool.pair(0);
    return sampleStrip(this.tf, this.frames, this.trainer.generator, pair.input, this.frames.frame(pair.target), ['drifted', 'restored', 'target']);
  }
}
