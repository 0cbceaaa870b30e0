import type { io } from '@tensorflow/tfjs';
import { HELD_OUT_COPY_LAST, HELD_OUT_LOOP, heldOutOneStepLoss } from '../../src/nodes/generator/held-out-figures';
import type { Tf, TrainingJob } from '../../src/core';
import { checkpointFromArtifacts, loadGeneratorWeights } from '../../src/nodes/unet/checkpoint';
import type { UNet } from '../../src/nodes/unet/unet';
import type { BestBy, HeldOutTrainingReport } from './eval-types';

/** When a job's held-out loss is measured, and who is told. */
export interface JobValidation {
  readonly every: number;
  onValidated(job: TrainingJob, step: number, losses: Readonly<Record<string, number>>): Promise<void>;
}

/** A kept candidate: the step, the figure it won by, and its weights when they will be restored. */
interface Best {
  readonly step: number;
  readonly value: number;
  readonly artifacts: io.ModelArtifacts | undefined;
}

/**
 * Early stopping for the eval: the generator holds out the last part of its training frames
 * (the node's *Held-out frames*), its held-out loss and loop check are measured every `every`
 * steps, and with `keepBest` the weights where the `bestBy` figure was lowest are what the eval
 * scores, not the last ones: `loss` keeps the best one-step predictor, `loop` the checkpoint
 * whose loop from a held-out frame ends nearest the clip's detail and motion. The clip's last
 * 20 % stays untouched for the scores; these frames come from before it.
 */
export class HeldOutTracker implements JobValidation {
  readonly #points: Array<{ step: number; loss: number; loop?: number }> = [];
  readonly #best: Record<BestBy, Best | undefined> = { loss: undefined, loop: undefined };
  /** Copying the last frame on the same held-out pairs (the same at every checkpoint). */
  #copyLast: number | undefined;

  constructor(readonly percent: number, readonly every: number, private readonly keepBest: boolean, private readonly bestBy: BestBy = 'loss') {}

  async onValidated(job: TrainingJob, step: number, losses: Readonly<Record<string, number>>): Promise<void> {
    const loss = heldOutOneStepLoss(losses);
    if (loss === undefined || !Number.isFinite(loss)) return;
    const loop = losses[HELD_OUT_LOOP];
    this.#copyLast ??= losses[HELD_OUT_COPY_LAST];
    this.#points.push({ step, loss, ...(loop === undefined ? {} : { loop }) });
    const figures: Record<BestBy, number | undefined> = { loss, loop };
    for (const by of ['loss', 'loop'] as const) {
      const value = figures[by];
      const best = this.#best[by];
      if (value === undefined || !Number.isFinite(value) || (best && value >= best.value)) continue;
      // A checkpoint (weights and all) only when it will be restored; `save` also hands the job's weights to the node.
      this.#best[by] = { step, value, artifacts: this.keepBest && by === this.bestBy ? await job.save() : undefined };
    }
  }

  /**
   * With `keepBest`, puts the kept weights into `net` (the final ones are there) and returns
   * them as the checkpoint; otherwise returns `final`.
   */
  restoreBest(tf: Tf, net: UNet, final: io.ModelArtifacts, finalStep: number): io.ModelArtifacts {
    const best = this.#best[this.bestBy];
    if (!this.keepBest || !best?.artifacts || best.step === finalStep) return final;
    loadGeneratorWeights(tf, net, checkpointFromArtifacts(best.artifacts));
    return best.artifacts;
  }

  report(finalStep: number): HeldOutTrainingReport {
    const kept = this.#best[this.bestBy];
    return {
      percent: this.percent,
      every: this.every,
      points: [...this.#points],
      copyLastLoss: this.#copyLast ?? null,
      lowestAt: this.#best.loss?.step ?? null,
      healthiestLoopAt: this.#best.loop?.step ?? null,
      bestBy: this.bestBy,
      scoredStep: this.keepBest && kept ? kept.step : finalStep,
    };
  }
}
