/**
 * Training the learned grade on a dataset's frame pairs (frame n → frame n + 1), so that in a
 * feedback loop it repeats the colour drift of the clip. It is the kit's worked example: the
 * frame store, random stream, Adam state, job steps and checkpoint format are all the kit's, and
 * tf is the one the training context hands over.
 */
import type { Tensor, Tensor4D, Tf, TrainingContext, TrainingJob, TrainingReport, TrainingSample } from 'nfp-studio/plugin-api';
import {
  assignWeights, exportAdam, finishStep, FrameStore, GENERATOR_PREFIX, l1Loss, publishDue, publishWeights, RandomStream, restoreAdam,
  restoreOrDispose, trainThenDispose, weightList, wiredDatasetId,
} from 'nfp-studio/training-kit';
import type { LiveWeights } from 'nfp-studio/training-kit';
import { createGrade, disposeGrade, GRADE_CHECKPOINT, GRADE_CONFIG, GRADE_PRESET, runGrade } from './grade-net';
import type { GradeCheckpoint, GradeNet } from './grade-net';

/** Frames are fitted to this square for training: a colour grade needs colours, not detail. */
export const TRAIN_SIZE = 32;
const ADAM_PREFIX = 'adam/';

export type LiveGrade = LiveWeights<GradeNet, typeof GRADE_PRESET>;

export interface GradeTrainingParams {
  readonly steps: number;
  readonly batch: number;
  readonly learningRate: number;
  readonly seed: number;
}

/** The node's own copy of the grade, its Adam optimiser and random stream: all a checkpoint carries. */
class GradeTrainer {
  readonly net: GradeNet;
  // Typed from tf itself: a plugin imports no tfjs, not even its types.
  readonly #optimizer: ReturnType<Tf['train']['adam']>;
  random: RandomStream;
  steps = 0;
  last: number | undefined;

  constructor(private readonly tf: Tf, readonly learningRate: number, seed: number) {
    this.random = new RandomStream(seed);
    this.net = createGrade(tf, GRADE_CONFIG, this.random.tfSeed());
    this.#optimizer = tf.train.adam(learningRate);
  }

  static async resume(tf: Tf, checkpoint: GradeCheckpoint): Promise<GradeTrainer> {
    const training = checkpoint.manifest.training;
    if (!training) throw new Error('This Learned Grade checkpoint holds only weights; it cannot resume training. Use it as Weights, or Train afresh.');
    const trainer = new GradeTrainer(tf, training.learningRate, 0);
    await restoreOrDispose(tf, trainer, GRADE_CHECKPOINT.decodeTensors(tf, checkpoint), async (tensors) => {
      assignWeights(trainer.net.weights, tensors, GENERATOR_PREFIX);
      await restoreAdam(tf, trainer.#optimizer, trainer.net.weights, training.optimizer, tensors, ADAM_PREFIX);
    });
    trainer.random = RandomStream.restore(training.random);
    trainer.steps = checkpoint.manifest.step;
    return trainer;
  }

  /** One Adam step on the mean absolute error; returns it. */
  async step(inputs: Tensor4D, targets: Tensor4D): Promise<number> {
    const { tf } = this;
    const cost = this.#optimizer.minimize(() => l1Loss(tf, runGrade(tf, this.net, inputs), targets), true, weightList(this.net.weights)) as Tensor;
    const [value] = await cost.data();
    cost.dispose();
    this.steps++;
    this.last = value!;
    return value!;
  }

  async exportState(): Promise<GradeCheckpoint> {
    // The moments are the optimiser's own variables: encoded here, never disposed.
    const adam = await exportAdam(this.#optimizer, this.net.weights, ADAM_PREFIX);
    return GRADE_CHECKPOINT.encode(this.tf, {
      generator: this.net, preset: GRADE_PRESET, step: this.steps, ...(this.last === undefined ? {} : { losses: { l1: this.last } }),
      training: { manifest: { learningRate: this.learningRate, random: this.random.state, optimizer: adam.meta }, tensors: adam.tensors },
    });
  }

  dispose(): void {
    disposeGrade(this.net);
    this.#optimizer.dispose();
  }
}

/** The node's training hook `start`: resumes a checkpoint exactly, or starts from the node's current grade. */
export async function startGradeTraining(context: TrainingContext<GradeTrainingParams, LiveGrade>): Promise<TrainingJob> {
  const { tf, params, state, inputs, datasets, resumeFrom } = context;
  const frames = await FrameStore.read(tf, datasets, wiredDatasetId(inputs, 'Learned Grade'), TRAIN_SIZE);
  if (frames.count < 2) throw new Error(`Dataset "${frames.name}" has ${frames.count} frame; the Learned Grade learns from pairs of consecutive frames.`);
  const trainer = resumeFrom ? await GradeTrainer.resume(tf, GRADE_CHECKPOINT.fromArtifacts(resumeFrom)) : new GradeTrainer(tf, params.learningRate, params.seed);
  if (!resumeFrom) publishWeights(trainer.net, state.net);
  return new GradeJob(tf, params, state, trainer, frames);
}

class GradeJob implements TrainingJob {
  readonly totalSteps: number;

  constructor(
    private readonly tf: Tf, private readonly params: GradeTrainingParams, private readonly live: LiveGrade,
    private readonly trainer: GradeTrainer, private readonly frames: FrameStore,
  ) {
    this.totalSteps = Math.max(params.steps, trainer.steps);
  }

  get stepsDone(): number {
    return this.trainer.steps;
  }

  async step(): Promise<TrainingReport> {
    const { inputs, targets } = this.#batch();
    const l1 = await trainThenDispose(this.tf, [inputs, targets], () => this.trainer.step(inputs, targets));
    const report = { step: this.trainer.steps, losses: { l1 } };
    return finishStep(report, publishDue(report.step), () => this.#publish(), () => this.#samples());
  }

  async save() {
    this.#publish();
    return GRADE_CHECKPOINT.toArtifacts(await this.trainer.exportState());
  }

  dispose(): void {
    this.trainer.dispose();
  }

  #publish(): void {
    publishWeights(this.live.net, this.trainer.net);
  }

  /** `batch` pairs n → n + 1 drawn from the run's random stream, so a resumed run draws what an unbroken one would. */
  #batch(): { inputs: Tensor4D; targets: Tensor4D } {
    const picks = Array.from({ length: this.params.batch }, () => this.trainer.random.int(this.frames.count - 1));
    return {
      inputs: this.frames.toTensor(this.tf, picks.map((n) => this.frames.frame(n))),
      targets: this.frames.toTensor(this.tf, picks.map((n) => this.frames.frame(n + 1))),
    };
  }

  /** Input, graded and target of the first pair: the Training panel's sample strip. */
  async #samples(): Promise<TrainingSample[]> {
    const { tf, frames } = this;
    const input = frames.toTensor(tf, [frames.frame(0)]);
    const target = frames.toTensor(tf, [frames.frame(1)]);
    const graded = tf.tidy(() => tf.clipByValue(runGrade(tf, this.trainer.net, input), 0, 1) as Tensor4D);
    try {
      const images = await Promise.all([input, graded, target].map((t) => frames.toRgba(tf, t)));
      return images.map((image, i) => ({ ...image, label: ['frame', 'graded', 'next frame'][i]! }));
    } finally {
      tf.dispose([input, graded, target]);
    }
  }
}
