import type { Tf } from '../core';
import { decodeClip } from './decode-clip';
import type { EvalRequest, ModelReport, OneStepScores, PreparedClip } from './eval-types';
import { roundNumbers, splitClip } from './report';
import { copyLastScores, oneStepScores, rolloutPoints, ROLLOUT_POINT_EVERY, sourceStatistics } from './score';
import type { SourceStatistics } from './score';
import { disposeModel, trainModel } from './train-model';

/** Progress lines for the user (stderr on the node side). */
export type Log = (line: string) => Promise<void>;

const seconds = (since: number): number => (performance.now() - since) / 1000;

/**
 * One clip under evaluation in the page: `prepare` decodes it, splits it 80/20 and scores
 * copying the last frame; `evaluateModel` then trains the generator on the first part (with
 * or without feedback pairs; the request's seed and steps), scores its one-step predictions on
 * the held-out part and rolls it out from the first held-out frame. The node side runs the two
 * models in one page after the other, or in two pages side by side, and assembles the report.
 */
export class EvalSession {
  private constructor(
    private readonly tf: Tf,
    private readonly request: EvalRequest,
    private readonly train: readonly Uint8Array[],
    private readonly heldOut: readonly Uint8Array[],
    private readonly source: SourceStatistics,
    private readonly copyLast: OneStepScores,
    readonly prepared: PreparedClip,
  ) {}

  static async prepare(tf: Tf, request: EvalRequest, log: Log): Promise<EvalSession> {
    const { size, clipName } = request;
    const response = await fetch(request.clipUrl);
    if (!response.ok) throw new Error(`could not read "${clipName}" (HTTP ${response.status})`);
    const file = new File([await response.blob()], clipName);

    await log(`decoding "${clipName}" at ${size}×${size} (centre-square crop)…`);
    const decodeStarted = performance.now();
    const { facts, frames } = await decodeClip(file, size, (done, total) => log(`decoded ${done}/${total} frames`));
    const decodeSeconds = seconds(decodeStarted);
    const { trainCount, heldOutCount } = splitClip(frames.length, clipName);
    await log(`${frames.length} frames: training on 0…${trainCount - 1}, holding out ${trainCount}…${frames.length - 1}`);

    const heldOut = frames.slice(trainCount);
    const source = sourceStatistics(frames, size);
    const copyLast = copyLastScores(heldOut, size);
    await log(`copy-last-frame on the held-out pairs: PSNR ${copyLast.psnr.toFixed(2)} dB, SSIM ${copyLast.ssim.toFixed(4)}`);
    const prepared: PreparedClip = roundNumbers({
      clip: { name: clipName, frames: frames.length, width: facts.width, height: facts.height, codec: facts.codec, fps: facts.fps },
      split: { train: [0, trainCount - 1], heldOut: [trainCount, frames.length - 1], heldOutPairs: heldOutCount - 1 },
      source: { gradientEnergy: source.gradientEnergy, meanAbsChange: source.meanAbsChange, frameHistogramDistance: source.frameHistogramDistance },
      copyLastFrame: copyLast,
      decodeSeconds,
    });
    return new EvalSession(tf, request, frames.slice(0, trainCount), heldOut, source, copyLast, prepared);
  }

  async evaluateModel(feedbackPairs: boolean, log: Log): Promise<ModelReport> {
    const { tf, request, train, heldOut, source, copyLast } = this;
    const { size, steps, frames } = request;
    const name = feedbackPairs ? 'feedback' : 'plain';
    await log(`${name}: training ${steps} steps ${feedbackPairs ? `with feedback pairs (${request.cycles} cycles)` : 'on real pairs only'}…`);
    const every = Math.max(1, Math.round(steps / 20));
    const trainStarted = performance.now();
    const trained = await trainModel(tf, train, { ...request, feedbackPairs }, async (step, total, losses) => {
      if (step % every !== 0 && step !== total) return;
      const rate = step / seconds(trainStarted);
      await log(`${name}: step ${step}/${total} · L1 ${(losses['l1'] ?? Number.NaN).toFixed(4)} · ${rate.toFixed(2)} steps/s · ETA ${formatSeconds((total - step) / rate)}`);
    });
    try {
      const net = trained.state.net;
      const scores = await oneStepScores(tf, net, heldOut, size);
      await log(`${name}: one-step PSNR ${scores.psnr.toFixed(2)} dB (copy-last ${copyLast.psnr.toFixed(2)}), SSIM ${scores.ssim.toFixed(4)} (copy-last ${copyLast.ssim.toFixed(4)})`);
      const rolloutStarted = performance.now();
      const rollout = await rolloutPoints(tf, net, heldOut[0]!, frames, size, source, async (frame) => {
        if (frame % ROLLOUT_POINT_EVERY === 0 || frame === frames) await log(`${name}: rollout frame ${frame}/${frames}`);
      });
      return roundNumbers({
        feedbackPairs,
        training: { seconds: trained.seconds, stepsPerSecond: steps / trained.seconds, finalLosses: trained.finalLosses },
        oneStep: { ...scores, psnrGainOverCopyLast: scores.psnr - copyLast.psnr, ssimGainOverCopyLast: scores.ssim - copyLast.ssim },
        rollout: { startFrame: this.prepared.split.heldOut[0], ...rollout, seconds: seconds(rolloutStarted) },
      });
    } finally {
      disposeModel(trained.state);
    }
  }
}

function formatSeconds(value: number): string {
  if (!Number.isFinite(value)) return '?';
  return value >= 90 ? `${Math.round(value / 60)} min` : `${Math.round(value)} s`;
}
