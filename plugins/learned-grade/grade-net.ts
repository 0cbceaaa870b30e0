/**
 * The learned grade's network and checkpoint format: one 1×1 convolution (a 3×3 colour matrix)
 * plus a bias, added to the frame, so zero weights are the identity grade and training only
 * moves it as far as the data asks. Everything comes from the kit; tf comes from the caller.
 */
import type { Tensor4D, Tf } from 'nfp-studio/plugin-api';
import { conv2d, defineCheckpointFormat, disposeWeights, RandomStream, WeightBuilder } from 'nfp-studio/training-kit';
import type { AdamStateMeta, GeneratorCheckpoint, RandomState, WeightMap } from 'nfp-studio/training-kit';

/** The only shape there is: a grade has no size to choose, but checkpoints record a config all the same. */
export interface GradeConfig {
  readonly channels: 3;
}
export const GRADE_CONFIG: GradeConfig = { channels: 3 };
export const GRADE_PRESET = 'grade';

export interface GradeNet {
  readonly config: GradeConfig;
  readonly weights: WeightMap;
}

/** What a checkpoint holds beyond the weights to resume training exactly. */
export interface GradeTrainingManifest {
  readonly learningRate: number;
  readonly random: RandomState;
  readonly optimizer: AdamStateMeta;
}

interface GradeCheckpointTypes {
  readonly format: 'learned-grade/grade';
  readonly version: 1;
  readonly config: GradeConfig;
  readonly preset: typeof GRADE_PRESET;
  readonly losses: { readonly l1: number };
  readonly training: GradeTrainingManifest;
}
export type GradeCheckpoint = GeneratorCheckpoint<GradeCheckpointTypes>;

/** A grade at the identity (zero matrix and bias); `seed` only names its variables apart. */
export function createGrade(tf: Tf, _config: GradeConfig, seed: number): GradeNet {
  const builder = new WeightBuilder(tf, 'learned-grade', new RandomStream(seed));
  builder.zeros('mix', [1, 1, 3, 3]);
  builder.zeros('bias', [3]);
  return { config: GRADE_CONFIG, weights: builder.build() };
}

export function disposeGrade(net: GradeNet): void {
  disposeWeights(net.weights);
}

/** frame + frame·M + b for a batch in [0, 1]; not clipped, so training sees the true error. */
export function runGrade(tf: Tf, net: GradeNet, frames: Tensor4D): Tensor4D {
  return tf.tidy(() => tf.add(tf.add(frames, conv2d(tf, frames, net.weights['mix'] as unknown as Tensor4D, 1, 'same')), net.weights['bias']!) as Tensor4D);
}

export const GRADE_CHECKPOINT = defineCheckpointFormat<GradeCheckpointTypes, GradeNet>({
  format: 'learned-grade/grade',
  version: 1,
  presets: [GRADE_PRESET],
  checkConfig: (config) => {
    if (config.channels !== 3) throw new Error(`A learned grade mixes 3 channels, not ${String(config.channels)}`);
  },
  wrongFormat: (format) => `Not a Learned Grade checkpoint (format "${format}"); pick weights this node saved.`,
  presetNoun: 'grade',
  create: createGrade,
  dispose: disposeGrade,
});
