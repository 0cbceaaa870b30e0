import type { Tensor3D, Variable, io } from '@tensorflow/tfjs';
import { defineNode } from '../../src/core';
import type { Tf, TrainingJob } from '../../src/core';

/** Names a stored dataset by id: a stand-in for the app's Dataset node. */
export const datasetRef = defineNode({
  type: 'test/dataset', version: 1, title: 'Dataset', category: 'Test', inputs: [],
  outputs: [{ name: 'dataset', type: 'dataset' }],
  params: { id: { kind: 'string', label: 'Id', default: '' } },
  process: ({ params }) => ({ dataset: { kind: 'dataset', id: params.id } }),
});

/** Steps on which the next job throws once each (a stand-in for a lost GPU device). */
export const failSteps = new Set<number>();

interface ColorState { readonly color: Variable }

/**
 * Learns one colour, the mean of a dataset's pixels, by gradient descent; outputs a frame of it.
 * Small enough to train in milliseconds, yet it exercises everything a real trainable node does:
 * live weights in state, a dataset input, checkpoints with exact resume, crashes.
 */
export const learnColor = defineNode({
  type: 'test/learn-color', version: 1, title: 'Learn colour', category: 'Test', keepsStateOnReset: true,
  inputs: [{ name: 'dataset', type: 'dataset', optional: true }],
  outputs: [{ name: 'out', type: 'frame' }],
  params: { steps: { kind: 'number', label: 'Steps', default: 20, integer: true } },
  // In tidy, so the zeros the variable starts from are released with it (a lost-GPU test counts what is left).
  create: ({ tf }): ColorState => ({ color: tf.tidy(() => tf.variable(tf.zeros([3]), true, undefined, 'float32')) }),
  process: ({ tf, state, size }) => ({ out: tf.mul(tf.ones([size.height, size.width, 1]), state.color) as Tensor3D }),
  dispose: (state) => state.color.dispose(),
  training: {
    checkpointEvery: 5,
    async start({ tf, state, inputs, datasets, params, resumeFrom }) {
      const ref = inputs.dataset;
      if (typeof ref !== 'object' || ref.kind !== 'dataset') throw new Error('Wire a dataset into "dataset" to train this node.');
      const info = await datasets.getDataset(ref.id);
      if (!info) throw new Error(`Dataset ${ref.id} is gone.`);
      const frames = await datasets.readFrames(ref.id, 0, info.frameCount);
      const target = meanColor(frames, info.channels);
      return new ColorJob(tf, state, target, params.steps, resumeFrom);
    },
  },
});

class ColorJob implements TrainingJob {
  stepsDone = 0;
  readonly #target: readonly number[];

  constructor(private readonly tf: Tf, private readonly state: ColorState, target: readonly number[], readonly totalSteps: number, resumeFrom?: io.ModelArtifacts) {
    this.#target = target;
    if (resumeFrom) {
      tf.tidy(() => state.color.assign(tf.tensor1d(new Float32Array(resumeFrom.weightData as ArrayBuffer))));
      this.stepsDone = Number(resumeFrom.userDefinedMetadata?.['jobStep']);
    }
  }

  async step() {
    const step = this.stepsDone + 1;
    if (failSteps.delete(step)) throw new Error(`device lost at step ${step}`);
    const { tf, state } = this;
    const loss = tf.tidy(() => {
      const target = tf.tensor1d([...this.#target]);
      const grad = tf.mul(tf.sub(state.color, target), 2 * 0.25);
      const value = tf.mean(tf.square(tf.sub(state.color, target)));
      state.color.assign(tf.sub(state.color, grad));
      return value;
    });
    const l2 = (await loss.data())[0]!;
    loss.dispose();
    this.stepsDone = step;
    return { step, losses: { l2 } };
  }

  async save(): Promise<io.ModelArtifacts> {
    const data = (await this.state.color.data()) as Float32Array;
    return {
      weightSpecs: [{ name: 'color', shape: [3], dtype: 'float32' }],
      weightData: data.slice().buffer,
      userDefinedMetadata: { jobStep: this.stepsDone },
    };
  }

  dispose(): void {
    // Nothing of its own: the colour variable belongs to the node.
  }
}

function meanColor(frames: readonly Uint8Array[], channels: number): number[] {
  const sum = [0, 0, 0];
  let pixels = 0;
  for (const frame of frames) {
    for (let i = 0; i < frame.length; i += channels) {
      for (let c = 0; c < 3; c++) sum[c]! += frame[i + c]! / 255;
      pixels++;
    }
  }
  return sum.map((s) => s / pixels);
}
