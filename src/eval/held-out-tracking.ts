import type { io } from '@tensorflow/tfjs';
import type { Tf, TrainingJob } from '../core';
import { checkpointFromArtifacts, loadGeneratorWeights } from '../nodes/generator/checkpoint';
import type { UNet } from '../nodes/generator/unet';
import type { HeldOutTrainingReport } from './eval-types';

/** When a job's held-out loss is measured, and who is told. */
export interface JobValidation {
  readonly every: number;
  onValidated(job: TrainingJob, step: number, losses: Readonly<Record<string, number>>): Promise<void>;
}

/**
 * Early stopping for the eval: the generator holds out the last part of its training frames
 * (the node's *Held-out frames*), its loss there is measured every `every` steps, and with
 * `keepBest` the weights where it was lowest are what the eval scores, not the last ones. The
 * clip's last 20 % stays untouched for the scores; these frames come from before it.
 */
export class HeldOutTracker implements JobValidation {
  readonly #points: Array<{ step: number; loss: number }> = [];
  #best: { step: number; loss: number; artifacts: io.ModelArtifacts | undefined } | undefined;

  constructor(readonly percent: number, readonly every: number, private readonly keepBest: boolean) {}

  async onValidated(job: TrainingJob, step: number, losses: Readonly<Record<string, number>>): Promise<void> {
    const loss = Object.values(losses)[0];
    if (loss === undefined || !Number.isFinite(loss)) return;
    this.#points.push({ step, loss });
    if (this.#best && loss >= this.#best.loss) return;
    // A checkpoint (weights and all) only when it will be restored; `save` also hands the job's weights to the node.
    this.#best = { step, loss, artifacts: this.keepBest ? await job.save() : undefined };
  }

  /**
   * With `keepBest`, puts the best weights into `net` (the final ones are there) and returns
   * them as the checkpoint; otherwise returns `final`.
   */
  restoreBest(tf: Tf, net: UNet, final: io.ModelArtifacts, finalStep: number): io.ModelArtifacts {
    const best = this.#best;
    if (!this.keepBest || !best?.artifacts || best.step === finalStep) return final;
    loadGeneratorWeights(tf, net, checkpointFromArtifacts(best.artifacts));
    return best.artifacts;
  }

  report(finalStep: number): HeldOutTrainingReport {
    const best = this.#best;
    return {
      percent: this.percent,
      every: this.every,
      points: [...this.#points],
      lowestAt: best?.step ?? null,
      scoredStep: this.keepBest && best ? best.step : finalStep,
    };
  }
}
