// The eval's optional loops next to a trained generator G: G followed by a Restoration node
// trained against it (--restoration), and G rolled out while its training goes on (--online).
import type { Tf } from '../../src/core';
import { loopRunOptions } from '../../src/nodes/unet/unet-job';
import { RandomStream } from '../../src/core/training-kit/random-stream';
import { colourStatisticsOfBytes, matchColours } from '../../src/nodes/colour/colour-match';
import { matchHistograms, quantilesOfBytes } from '../../src/nodes/colour/histogram-match';
import type { UNet } from '../../src/nodes/unet/unet';
import { loopFeaturesLabel } from './report';
import type { EvalRequest, LoopVariantReport, Log, OnlineRollout, OneStepScores, RolloutReport, ScoredLoop, TrainingFigures } from './eval-types';
import { chainSteps, oneStepScores, rolloutPoints, ROLLOUT_POINT_EVERY, unetStep } from './score';
import type { FrameStep, SourceStatistics } from './score';
import { disposeRestorer, secondsSince, trainRestorer } from './train-model';
import type { OnTrainStep, TrainedModel } from './train-model';

/** What scoring a loop needs from the prepared clip. */
export interface ScoringInputs {
  readonly tf: Tf;
  readonly request: EvalRequest;
  readonly train: readonly Uint8Array[];
  readonly heldOut: readonly Uint8Array[];
  readonly source: SourceStatistics;
  readonly copyLast: OneStepScores;
  /** Index in the clip of the first held-out frame: where rollouts start. */
  readonly startFrame: number;
}

/** A network's step as one-step scoring runs it (dropout off: its best guess) and as the loop runs it. */
export interface LoopSteps {
  readonly oneStep: FrameStep;
  readonly loop: FrameStep;
}

/**
 * G's steps. With `dropoutInLoop` the loop draws dropout masks from a stream seeded by the
 * eval's seed, new each frame, so both models' rollouts see the same sequence of masks; the
 * request's loop features (noise in, colour coherence out) wrap the loop step alone.
 */
export function generatorSteps(inputs: ScoringInputs, net: UNet): LoopSteps {
  const { tf, request } = inputs;
  const oneStep = unetStep(tf, net);
  const loop = request.dropoutInLoop ? unetStep(tf, net, loopRunOptions(true, new RandomStream(request.seed))) : oneStep;
  return { oneStep, loop: withLoopFeatures(inputs, loop) };
}

/**
 * `step` as the loop runs it with the request's loop features: Gaussian noise of standard
 * deviation `loopNoise` added to its input (seeded from the eval's seed, new each frame, the
 * same sequence for every model), and its output's colours pulled towards the training frames'
 * with strength `colourCoherence` (the Colour Coherence node's reference "dataset"), by their Lab
 * mean and spread or by their RGB histograms (`colourMatch`).
 */
export function withLoopFeatures(inputs: ScoringInputs, step: FrameStep): FrameStep {
  const { tf, request, train } = inputs;
  const { loopNoise, colourCoherence } = request;
  let noisy = step;
  if (loopNoise > 0) {
    let frame = 0;
    noisy = (frames) => step(tf.clipByValue(tf.add(frames, tf.randomNormal(frames.shape, 0, loopNoise, 'float32', request.seed * 7919 + ++frame)), 0, 1));
  }
  if (!(colourCoherence > 0)) return noisy;
  if (request.colourMatch === 'histogram') {
    const quantiles = quantilesOfBytes(train);
    return (frames) => tf.tidy(() => matchHistograms(tf, noisy(frames), tf.tensor3d(quantiles as number[][][]), colourCoherence));
  }
  const reference = colourStatisticsOfBytes(train);
  return (frames) => matchColours(tf, noisy(frames), reference, colourCoherence);
}

/** One step on the held-out pairs and a rollout of `request.frames` from the first held-out frame, with progress. */
export async function scoreLoop(
  inputs: ScoringInputs, steps: LoopSteps, name: string, log: Log, betweenFrames?: (frame: number) => Promise<void>,
): Promise<ScoredLoop> {
  const { tf, request, heldOut, copyLast, startFrame } = inputs;
  const scores = await oneStepScores(tf, steps.oneStep, heldOut, request.size);
  await log(`${name}: one-step PSNR ${scores.psnr.toFixed(2)} dB (copy-last ${copyLast.psnr.toFixed(2)}), SSIM ${scores.ssim.toFixed(4)} (copy-last ${copyLast.ssim.toFixed(4)})`);
  const rollout = await rollOut(inputs, steps.loop, name, log, betweenFrames);
  return { oneStep: { ...scores, psnrGainOverCopyLast: scores.psnr - copyLast.psnr, ssimGainOverCopyLast: scores.ssim - copyLast.ssim }, rollout: { ...rollout, startFrame } };
}

export async function rollOut(
  inputs: ScoringInputs, step: FrameStep, name: string, log: Log, betweenFrames?: (frame: number) => Promise<void>,
): Promise<Omit<RolloutReport, 'startFrame'>> {
  const { tf, request, heldOut, source } = inputs;
  const started = performance.now();
  const video = request.video ? new VideoFeed(name, request.size) : undefined;
  const result = await rolloutPoints(tf, step, heldOut[0]!, request.frames, request.size, source, async (frame) => {
    await betweenFrames?.(frame);
    await video?.flush(false);
    if (frame % ROLLOUT_POINT_EVERY === 0 || frame === request.frames) await log(`${name}: rollout frame ${frame}/${request.frames}`);
  }, video ? (bytes) => video.add(bytes) : undefined);
  await video?.flush(true);
  return { ...result, seconds: secondsSince(started) };
}

/**
 * Trains a Restoration node against G's final weights (same steps, preset, batch and seed as G;
 * the node's defaults K = 10, J = 10) and scores the loop G → R, R every frame at full strength.
 */
export async function restoredLoop(
  inputs: ScoringInputs, generator: TrainedModel, name: string, log: Log, progress: (name: string) => OnTrainStep,
): Promise<ScoredLoop & { training: TrainingFigures }> {
  const { tf, request, train } = inputs;
  const label = `${name} + restoration`;
  await log(`${label}: training the restorer ${request.steps} steps against the trained generator…`);
  const restorer = await trainRestorer(tf, train, generator.checkpoint, { ...request, feedbackPairs: false, predicts: request.restorerPredicts }, progress(label));
  try {
    const g = generatorSteps(inputs, generator.state.net);
    const r = unetStep(tf, restorer.state.net);
    const scored = await scoreLoop(inputs, { oneStep: chainSteps(g.oneStep, r), loop: chainSteps(g.loop, r) }, label, log);
    return { training: { seconds: restorer.seconds, stepsPerSecond: request.steps / restorer.seconds, finalLosses: restorer.finalLosses }, ...scored };
  } finally {
    disposeRestorer(restorer.state);
  }
}

/**
 * The rollout again, with online learning as the node does it while the loop plays: training
 * goes on (real pairs and, for a feedback-pair model, drifted pairs rebuilt each cycle), and
 * every `swapEvery` frames the loop takes the newest weights between two frames. Frames are
 * counted, not seconds, so the run is the same on any machine. Leaves G with the last weights.
 */
export async function onlineRollout(inputs: ScoringInputs, generator: TrainedModel, name: string, log: Log): Promise<OnlineRollout> {
  const { tf, request } = inputs;
  const job = generator.job;
  if (!job) throw new Error('online rollout: train the generator with keepJob');
  const { swapEvery, onlineSteps } = request;
  const label = `${name} online`;
  const tensorsAfterSwaps: number[] = [];
  let trainSteps = 0;
  await log(`${label}: rolling out with ${onlineSteps} train steps and one weight swap every ${swapEvery} frames…`);
  const rollout = await rollOut(inputs, generatorSteps(inputs, generator.state.net).loop, label, log, async (frame) => {
    // The steps spread over the frames between swaps, as the loop interleaves them; whole
    // numbers, so exactly `onlineSteps` have run by each swap.
    for (const due = Math.floor((frame * onlineSteps) / swapEvery); trainSteps < due; trainSteps++) await job.step();
    if (frame % swapEvery === 0) {
      await job.save();
      tensorsAfterSwaps.push(tf.memory().numTensors);
    }
  });
  return { rollout: { ...rollout, startFrame: inputs.startFrame }, swaps: tensorsAfterSwaps.length, trainStepsDuringRollout: trainSteps, tensorsAfterSwaps };
}

/** Hands a rollout's frames to the node side (`window.__evalVideoFrames`) in chunks, as base64 RGB bytes. */
class VideoFeed {
  private frames: Uint8Array[] = [];
  constructor(private readonly rollout: string, private readonly size: number) {}

  add(bytes: Uint8Array): void {
    this.frames.push(bytes);
  }

  /** Sends what has gathered when a chunk is full, or everything when `done`. */
  async flush(done: boolean): Promise<void> {
    if (!window.__evalVideoFrames || (!done && this.frames.length < VIDEO_CHUNK_FRAMES)) return;
    const joined = new Uint8Array(this.frames.reduce((sum, f) => sum + f.length, 0));
    let offset = 0;
    for (const frame of this.frames) {
      joined.set(frame, offset);
      offset += frame.length;
    }
    let binary = '';
    for (let i = 0; i < joined.length; i += 0x8000) binary += String.fromCharCode(...joined.subarray(i, i + 0x8000));
    await window.__evalVideoFrames(this.rollout, this.size, btoa(binary), this.frames.length, done);
    this.frames = [];
  }
}

/** Frames per hand-over: few enough calls, small enough messages. */
const VIDEO_CHUNK_FRAMES = 50;

/**
 * The same trained G rolled out again with other loop features (`--loop-variants`): the loop
 * features act after training, so one training measures them all. One-step scores do not
 * change (they leave the features out), so a variant has a rollout alone.
 */
export async function loopFeatureVariants(inputs: ScoringInputs, net: UNet, name: string, log: Log): Promise<LoopVariantReport[]> {
  const reports: LoopVariantReport[] = [];
  for (const features of inputs.request.loopVariants) {
    const label = `${name} ${loopFeaturesLabel(features)}`;
    const varied = { ...inputs, request: { ...inputs.request, colourMatch: 'lab' as const, ...features } };
    const rollout = await rollOut(varied, generatorSteps(varied, net).loop, label, log);
    reports.push({ ...features, rollout: { ...rollout, startFrame: inputs.startFrame } });
  }
  return reports;
}
