import type { Tf } from '../../src/core';
import { decodeClip } from './decode-clip';
import type { EvalRequest, Log, ModelReport, PreparedClip } from './eval-types';
import { generatorSteps, loopFeatureVariants, onlineRollout, restoredLoop, scoreLoop } from './loop-variants';
import type { ScoringInputs } from './loop-variants';
import { roundNumbers, splitClip } from './report';
import { copyLastScores, sourceStatistics } from './score';
import { disposeModel, secondsSince, trainingProgress, trainModel } from './train-model';


/**
 * One clip under evaluation in the page: `prepare` decodes it, splits it 80/20 and scores
 * copying the last frame; `evaluateModel` then trains the generator on the first part (with
 * or without feedback pairs; the request's seed and steps), scores its one-step predictions on
 * the held-out part and rolls it out from the first held-out frame (and, when asked, the loop
 * with a restorer and the loop with online learning). The node side runs the two models in
 * one page after the other, or in two pages side by side, and assembles the report.
 */
export class EvalSession {
  private constructor(readonly inputs: ScoringInputs, readonly prepared: PreparedClip) {}

  static async prepare(tf: Tf, request: EvalRequest, log: Log): Promise<EvalSession> {
    const { size, clipName } = request;
    const response = await fetch(request.clipUrl);
    if (!response.ok) throw new Error(`could not read "${clipName}" (HTTP ${response.status})`);
    const file = new File([await response.blob()], clipName);

    await log(`decoding "${clipName}" at ${size}×${size} (centre-square crop)…`);
    const decodeStarted = performance.now();
    const { facts, frames } = await decodeClip(file, size, (done, total) => log(`decoded ${done}/${total} frames`));
    const decodeSeconds = secondsSince(decodeStarted);
    const { trainCount, heldOutCount } = splitClip(frames.length, clipName);
    await log(`${frames.length} frames: training on 0…${trainCount - 1}, holding out ${trainCount}…${frames.length - 1}`);

    const heldOut = frames.slice(trainCount);
    const source = sourceStatistics(frames, size);
    const copyLast = copyLastScores(heldOut, size);
    await log(`copy-last-frame on the held-out pairs: PSNR ${copyLast.psnr.toFixed(2)} dB, SSIM ${copyLast.ssim.toFixed(4)}`);
    const prepared: PreparedClip = roundNumbers({
      clip: { name: clipName, frames: frames.length, width: facts.width, height: facts.height, codec: facts.codec, fps: facts.fps },
      split: { train: [0, trainCount - 1], heldOut: [trainCount, frames.length - 1], heldOutPairs: heldOutCount - 1 },
      source: {
        gradientEnergy: source.gradientEnergy, meanAbsChange: source.meanAbsChange,
        coarseGradientEnergy: source.coarseGradientEnergy, coarseMeanAbsChange: source.coarseMeanAbsChange,
        frameHistogramDistance: source.frameHistogramDistance,
      },
      copyLastFrame: copyLast,
      decodeSeconds,
    });
    const inputs = { tf, request, train: frames.slice(0, trainCount), heldOut, source, copyLast, startFrame: trainCount };
    return new EvalSession(inputs, prepared);
  }

  async evaluateModel(feedbackPairs: boolean, log: Log): Promise<ModelReport> {
    const { inputs } = this;
    const { tf, request, train } = inputs;
    const { steps } = request;
    const name = feedbackPairs ? 'feedback' : 'plain';
    await log(`${name}: training ${steps} steps ${feedbackPairs ? `with feedback pairs (${request.cycles} cycles)` : 'on real pairs only'}…`);
    if (request.heldOut > 0) await log(`${name}: holding out the last ${request.heldOut} % of the training frames, scored every ${request.heldOutEvery} steps${request.keepBest ? `; the weights with the lowest held-out ${request.bestBy} are kept` : ''}`);
    const trained = await trainModel(tf, train, { ...request, feedbackPairs }, trainingProgress(name, steps, request.frameLoss.toLowerCase(), log), request.online);
    try {
      const scored = await scoreLoop(inputs, generatorSteps(inputs, trained.state.net), name, log);
      const variants = await loopFeatureVariants(inputs, trained.state.net, name, log);
      // Before the online rollout, which goes on changing G's weights.
      const restored = request.restoration ? await restoredLoop(inputs, trained, name, log, (label) => trainingProgress(label, steps, 'l1', log)) : undefined;
      const online = request.online ? await onlineRollout(inputs, trained, name, log) : undefined;
      return roundNumbers({
        feedbackPairs,
        training: { seconds: trained.seconds, stepsPerSecond: steps / trained.seconds, finalLosses: trained.finalLosses, ...(trained.heldOut ? { heldOut: trained.heldOut } : {}) },
        ...scored,
        ...(variants.length > 0 ? { variants } : {}),
        ...(restored ? { restored } : {}),
        ...(online ? { online } : {}),
      });
    } finally {
      trained.job?.dispose();
      disposeModel(trained.state);
    }
  }
}
