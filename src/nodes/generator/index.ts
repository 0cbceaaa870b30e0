/**
 * The next-frame generator's model and training core: plain functions over the tfjs namespace
 * the scheduler hands to nodes, with weights as named tf.variables.
 * @packageDocumentation
 */
export { GENERATOR_FRAME_SIZES, GENERATOR_PRESETS, createUNet, disposeUNet, encoderChannels, fromModelRange, predictNextFrame, runUNet, toModelRange, unetConfig } from './unet';
export type { GeneratorPreset, UNet, UNetConfig, UNetRunOptions } from './unet';
export { createPatchGan, disposePatchGan, logitSize, patchGanConfig, receptiveField, runPatchGan } from './patchgan';
export type { PatchGan, PatchGanConfig } from './patchgan';
export { instanceNorm } from './instance-norm';
export type { FilterGradient } from './conv-ops';
export { DEFAULT_L1_WEIGHT, discriminatorLoss, generatorAdversarialLoss, l1Loss, sigmoidCrossEntropy } from './losses';
export type { StepLosses } from './losses';
export { PIX2PIX_JITTER_SCALE, augmentPairs } from './augment';
export { DEFAULT_TRAINER_SETTINGS, trainerSettings } from './trainer-settings';
export type { TrainerSettings } from './trainer-settings';
export { Trainer } from './trainer';
export type { TrainerOptions, TrainingBatch } from './trainer';
export { RandomStream } from './random-stream';
export type { RandomState } from './random-stream';
export { HENRY_DRIFT_SCHEDULE, driftPairs, planDrifts } from './feedback-pairs';
export type { Drift, DriftPairIndex, DriftSchedule } from './feedback-pairs';
export { runDrifts } from './feedback-drifts';
export type { DriftOptions, DriftedPair } from './feedback-drifts';
export { DriftPairPool, realPairCount, sampleBatch } from './training-set';
export type { PairSource } from './training-set';
export {
  CHECKPOINT_FORMAT, CHECKPOINT_VERSION, checkpointFromArtifacts, checkpointToArtifacts, decodeCheckpointTensors, encodeCheckpoint,
  loadGenerator, loadGeneratorWeights,
} from './checkpoint';
export type { Checkpoint, CheckpointContent, CheckpointManifest, TrainingManifest } from './checkpoint';
export { assignWeights, disposeWeights, parameterCount, prefixedWeights } from './weights';
export type { WeightMap } from './weights';
