/**
 * The training kit: the pieces the studio's trainable nodes are built from, public so that a
 * plugin can be trainable the same way. This is the core API's second entry, beside
 * src/core/index.ts: plugins may import from the two and nothing else (eslint.config.js), and
 * node code imports the kit from here, never from its files.
 *
 * It holds no tfjs: every function takes `tf` as a parameter (the node context's `ctx.tf`), so
 * the kit stays inside src/core's rule that only runtime and scheduler touch tfjs itself, and a
 * plugin, which gets tf only from its context, can call all of it. Weights are named
 * tf.variables (`WeightMap`); checkpoints are tfjs ModelArtifacts the training runner stores.
 * See docs/training-kit.md, with plugins/learned-grade as the worked example.
 * @packageDocumentation
 */
export { trainedWeights, trainingParams } from './training-params';

export { RandomStream } from './random-stream';
export type { RandomState } from './random-stream';
export { INIT_STDDEV, WeightBuilder, assignWeights, disposeWeights, parameterCount, prefixedWeights, weightList } from './weights';
export type { WeightMap } from './weights';
export { conv2d, conv2dTranspose, filterGradientFromPatches } from './conv-ops';
export type { ConvPad, FilterGradient } from './conv-ops';
export { INSTANCE_NORM_EPSILON, instanceNorm } from './instance-norm';
export { FRAME_DISTANCES, discriminatorLoss, frameDistanceLoss, generatorAdversarialLoss, l1Loss, sigmoidCrossEntropy } from './losses';
export type { FrameDistance } from './losses';

export { readAdamState, writeAdamState } from './adam-state';
export type { AdamState, AdamStateMeta } from './adam-state';
export { exportAdam, restoreAdam, restoreOrDispose } from './trainer-state';
export { GanTrainer, resumeOptions } from './gan-trainer';
export type { GanCheckpointContent, GanCheckpointState, GanSettings, GanTrainerTypes, TrainedNetwork } from './gan-trainer';
export type { GanTrainingManifest } from './gan-state';

export { FrameStore, MAX_TRAINING_BYTES } from './frame-store';
export { TrainingCycles, checkSameConfig, finishStep, publishDue, publishWeights, sampleDue, trainThenDispose, wiredDatasetId } from './job-steps';
export { followWeightsParam } from './follow-weights';
export type { LiveWeights, WeightsFollowing } from './follow-weights';

export { defineCheckpointFormat } from './checkpoint-format';
export type { CheckpointFormat, CheckpointFormatSpec } from './checkpoint-format';
export { GENERATOR_PREFIX, assignCheckpointWeights, checkpointWeightsAndStep, encodeNetworkTensors, withLoadedWeights } from './checkpoint-codec';
export type { GeneratorCheckpoint, GeneratorCheckpointContent, GeneratorCheckpointKind, GeneratorCheckpointManifest, GeneratorCheckpointTypes } from './checkpoint-codec';
