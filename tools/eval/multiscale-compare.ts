import type { Tensor4D } from '@tensorflow/tfjs';
import type { Tf } from '../../src/core';
import { FrameStore } from '../../src/core/training-kit/frame-store';
import { parameterCount } from '../../src/core/training-kit/weights';
import { multiscaleGenerator } from '../../src/nodes/multiscale-generator';
import { HISTORY_FRAMES, predictFromHistory } from '../../src/nodes/multiscale/model';
import type { MultiScaleGenerator, MultiScalePreset } from '../../src/nodes/multiscale/model';
import type { Log } from './eval-types';
import type { ScoringInputs } from './loop-variants';
import { gradientEnergy, mean, psnr, ssim } from './metrics';
import { gradientDifference, sharpness } from './multiscale-sharpness';
import { trainMultiScale } from './multiscale-train';
import type { Architecture, ArchitectureComparison, ArchitectureOneStep, ArchitectureReport } from './multiscale-types';
import { roundNumbers } from './report';
import { rolloutPoints, unetStep } from './score';
import type { FrameStep } from './score';
import { disposeModel, secondsSince, trainingProgress, trainModel } from './train-model';

/** Windows predicted per forward pass when scoring. */
const SCORE_BATCH = 8;


/**
 * Trains each asked architecture on the prepared clip's training frames (same seed, steps,
 * batch and preset name) and scores both on the same held-out pairs n → n + 1 with n ≥ 3, so the
 * multi-scale model has its 4 frames of history and pix2pix is judged on the same targets. Both
 * roll out from held-out frame 3 (the multi-scale one seeded with frames 0…3, as a Frame
 * History would), for the request's frame count.
 */
export async function compareArchitectures(inputs: ScoringInputs, architectures: readonly Architecture[], log: Log): Promise<ArchitectureComparison> {
  const { heldOut, request } = inputs;
  if (heldOut.length < HISTORY_FRAMES + 1) {
    throw new Error(`the held-out part has ${heldOut.length} frames; comparing with the multi-scale generator needs at least ${HISTORY_FRAMES + 1} (4 of history and one to predict). Use a longer clip.`);
  }
  const targets = heldOut.slice(HISTORY_FRAMES);
  const copyLast = oneStep(heldOut.slice(HISTORY_FRAMES - 1, -1), targets, request.size);
  await log(`copy-last-frame on the ${targets.length} scored pairs: PSNR ${copyLast.psnr.toFixed(2)} dB, sharpness ${copyLast.sharpness.toFixed(2)} dB`);
  const reports: Partial<Record<Architecture, ArchitectureReport>> = {};
  for (const architecture of architectures) {
    reports[architecture] = architecture === 'pix2pix' ? await evaluatePix2Pix(inputs, copyLast, log) : await evaluateMultiScale(inputs, copyLast, log);
  }
  const { pix2pix, multiscale } = reports;
  const better = pix2pix && multiscale
    ? {
      psnr: winner(pix2pix.oneStep.psnr, multiscale.oneStep.psnr),
      ssim: winner(pix2pix.oneStep.ssim, multiscale.oneStep.ssim),
      sharpness: winner(pix2pix.oneStep.sharpness, multiscale.oneStep.sharpness),
    }
    : undefined;
  return roundNumbers({ copyLastFrame: copyLast, scoredPairs: targets.length, architectures: reports, ...(better ? { better } : {}) });
}

function winner(pix2pix: number, multiscale: number): Architecture {
  return multiscale > pix2pix ? 'multiscale' : 'pix2pix';
}

async function evaluatePix2Pix(inputs: ScoringInputs, copyLast: ArchitectureOneStep, log: Log): Promise<ArchitectureReport> {
  const { tf, request, train, heldOut } = inputs;
  await log(`pix2pix: training ${request.steps} steps on real pairs…`);
  const trained = await trainModel(tf, train, { ...request, feedbackPairs: false }, trainingProgress('pix2pix', request.steps, request.frameLoss.toLowerCase(), log));
  try {
    const step = unetStep(tf, trained.state.net);
    const predictions = await predictBatches(tf, request.size, heldOut.length - HISTORY_FRAMES, (first, count) => {
      const store = FrameStore.of('held out', request.size, heldOut);
      const frames = store.toTensor(tf, heldOut.slice(first + HISTORY_FRAMES - 1, first + HISTORY_FRAMES - 1 + count));
      const out = tf.tidy(() => step(frames));
      frames.dispose();
      return out;
    });
    const network = { preset: trained.state.preset, parameters: parameterCount(trained.state.net.weights) };
    return await report(inputs, 'pix2pix', network, trained, predictions, copyLast, step, log);
  } finally {
    disposeModel(trained.state);
  }
}

async function evaluateMultiScale(inputs: ScoringInputs, copyLast: ArchitectureOneStep, log: Log): Promise<ArchitectureReport> {
  const { tf, request, train, heldOut } = inputs;
  await log(`multiscale: training ${request.steps} steps on 32 px crops of 5-frame clips…`);
  const trained = await trainMultiScale(tf, train, { ...request, preset: request.preset as MultiScalePreset }, trainingProgress('multiscale', request.steps, 'l2', log));
  const history = historyStep(tf, trained.state.net, FrameStore.of('held out', request.size, heldOut), heldOut.slice(0, HISTORY_FRAMES - 1));
  try {
    const store = FrameStore.of('held out', request.size, heldOut);
    const predictions = await predictBatches(tf, request.size, heldOut.length - HISTORY_FRAMES, (first, count) => {
      const windows = Array.from({ length: HISTORY_FRAMES }, (_, k) => store.toTensor(tf, heldOut.slice(first + k, first + k + count)));
      const out = tf.tidy(() => tf.clipByValue(predictFromHistory(tf, trained.state.net, windows), 0, 1) as Tensor4D);
      tf.dispose(windows);
      return out;
    });
    const network = { preset: trained.state.preset, parameters: parameterCount(trained.state.net.weights) };
    return await report(inputs, 'multiscale', network, trained, predictions, copyLast, history.step, log);
  } finally {
    history.dispose();
    multiscaleGenerator.dispose!(trained.state);
  }
}

/** Runs `predict(first, count)` over `total` windows in batches and reads the predictions back as RGB bytes. */
async function predictBatches(tf: Tf, size: number, total: number, predict: (first: number, count: number) => Tensor4D): Promise<Uint8Array[]> {
  const store = FrameStore.of('predictions', size, []);
  const bytes: Uint8Array[] = [];
  for (let first = 0; first < total; first += SCORE_BATCH) {
    const predicted = predict(first, Math.min(SCORE_BATCH, total - first));
    bytes.push(...(await store.toBytes(tf, predicted)));
    predicted.dispose();
  }
  return bytes;
}

/**
 * The multi-scale model as a one-frame loop step: it keeps the last 3 frames (seeded with real
 * ones) and predicts from them and the frame it is given, as a Frame History feeding it does.
 */
function historyStep(tf: Tf, net: MultiScaleGenerator, store: FrameStore, seed: readonly Uint8Array[]): { step: FrameStep; dispose: () => void } {
  let kept: Tensor4D[] = seed.map((frame) => store.toTensor(tf, [frame]));
  return {
    step: (frame) => {
      const window = [...kept, frame];
      const next = tf.clipByValue(predictFromHistory(tf, net, window), 0, 1) as Tensor4D;
      kept[0]!.dispose();
      kept = [...kept.slice(1), tf.keep(tf.clone(frame))];
      return next;
    },
    dispose: () => {
      tf.dispose(kept);
      kept = [];
    },
  };
}

function oneStep(predictions: readonly Uint8Array[], targets: readonly Uint8Array[], size: number): ArchitectureOneStep {
  const shape = { width: size, height: size };
  const truthEnergy = mean(targets.map((t) => gradientEnergy(t, shape)));
  return {
    psnr: mean(predictions.map((p, i) => psnr(p, targets[i]!))),
    ssim: mean(predictions.map((p, i) => ssim(p, targets[i]!, shape))),
    sharpness: mean(predictions.map((p, i) => sharpness(p, targets[i]!, shape))),
    gradientDifference: mean(predictions.map((p, i) => gradientDifference(p, targets[i]!, shape))),
    gradientEnergyRatio: truthEnergy > 0 ? mean(predictions.map((p) => gradientEnergy(p, shape))) / truthEnergy : null,
  };
}

async function report(
  inputs: ScoringInputs, name: Architecture, network: ArchitectureReport['network'],
  trained: { seconds: number; finalLosses: Record<string, number> }, predictions: readonly Uint8Array[], copyLast: ArchitectureOneStep,
  step: FrameStep, log: Log,
): Promise<ArchitectureReport> {
  const { tf, request, heldOut, source, startFrame } = inputs;
  const scores = oneStep(predictions, heldOut.slice(HISTORY_FRAMES), request.size);
  await log(`${name}: one-step PSNR ${scores.psnr.toFixed(2)} dB, SSIM ${scores.ssim.toFixed(4)}, sharpness ${scores.sharpness.toFixed(2)} dB`);
  const rolloutStarted = performance.now();
  const rollout = await rolloutPoints(tf, step, heldOut[HISTORY_FRAMES - 1]!, request.frames, request.size, source, async (frame) => {
    if (frame % 50 === 0 || frame === request.frames) await log(`${name}: rollout frame ${frame}/${request.frames}`);
  });
  return {
    network,
    training: { seconds: trained.seconds, stepsPerSecond: request.steps / trained.seconds, finalLosses: trained.finalLosses },
    oneStep: { ...scores, psnrGainOverCopyLast: scores.psnr - copyLast.psnr },
    rollout: { startFrame: startFrame + HISTORY_FRAMES - 1, ...rollout, seconds: secondsSince(rolloutStarted) },
  };
}
