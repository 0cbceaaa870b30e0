import type { Scalar, Tensor4D } from '@tensorflow/tfjs';
import type { Tf } from '../../core';
import type { FilterGradient } from '../../core/training-kit';
import { sigmoidCrossEntropy } from '../../core/training-kit';
import { runDiscriminator } from './discriminator';
import type { MultiScaleDiscriminator } from './discriminator';
import { gradientDifferenceLoss, lpLoss } from './losses';
import { pyramid, runMultiScaleGenerator } from './model';
import type { MultiScaleGenerator } from './model';

/** The weights of the generator's objective: the paper's λ on each of its terms. */
export interface ObjectiveWeights {
  /** 2: L2, the paper's and all ports' choice; 1: L1. */
  readonly norm: 1 | 2;
  readonly lpWeight: number;
  readonly gdlWeight: number;
  /** α of the gradient difference loss (the ports run 1). */
  readonly gdlAlpha: number;
  readonly advWeight: number;
}

/** A batch of clips in the network's [-1, 1] range: 4 past frames stacked oldest first, and the next frame. */
export interface ScaledClips {
  /** [N, c, c, 12]. */
  readonly history: Tensor4D;
  /** [N, c, c, 3]. */
  readonly target: Tensor4D;
}

export interface GeneratorObjective {
  /** What G minimises: the weighted sum of the three terms below. */
  readonly total: Scalar;
  readonly lp: Scalar;
  readonly gdl: Scalar;
  readonly adversarial: Scalar;
  /** G's predictions, coarsest first; the discriminators' step reuses them. */
  readonly predictions: Tensor4D[];
  /** History and target at the 4 scales, coarsest first. */
  readonly histories: Tensor4D[];
  readonly targets: Tensor4D[];
}

/**
 * G's loss on `clips`: L2 (or L1) and gradient difference at each scale against the target
 * downsampled to it, plus the adversarial term, each averaged over the scales.
 *
 * The adversarial term is computed from the discriminators' output *on G's own predictions in
 * the same graph*, so that inside a gradient tape its gradient flows through D into G. dyelax's
 * port fed D's predictions back through placeholders filled by a separate session run, which made
 * the term a constant for G; test/nodes/multiscale checks that it is not here.
 */
export function generatorObjective(
  tf: Tf, generator: MultiScaleGenerator, discriminator: MultiScaleDiscriminator, clips: ScaledClips, weights: ObjectiveWeights,
  filterGradient?: FilterGradient,
): GeneratorObjective {
  const histories = pyramid(tf, clips.history);
  const targets = pyramid(tf, clips.target);
  const predictions = runMultiScaleGenerator(tf, generator, clips.history, filterGradient);
  const averaged = (perScale: (s: number) => Scalar): Scalar => tf.div(tf.addN(predictions.map((_, s) => perScale(s))), predictions.length);
  const lp = averaged((s) => lpLoss(tf, predictions[s]!, targets[s]!, weights.norm));
  const gdl = averaged((s) => gradientDifferenceLoss(tf, predictions[s]!, targets[s]!, weights.gdlAlpha));
  const adversarial = averaged((s) => sigmoidCrossEntropy(tf, runDiscriminator(tf, discriminator, s, histories[s]!, predictions[s]!, filterGradient), 1));
  const total = tf.addN([tf.mul(lp, weights.lpWeight), tf.mul(gdl, weights.gdlWeight), tf.mul(adversarial, weights.advWeight)]) as Scalar;
  return { total, lp, gdl, adversarial, predictions, histories, targets };
}

/** The discriminators' loss: each scale's D should call the real next frame real and G's prediction fake, averaged over scales. */
export function discriminatorObjective(
  tf: Tf, discriminator: MultiScaleDiscriminator, histories: readonly Tensor4D[], targets: readonly Tensor4D[], predictions: readonly Tensor4D[],
  filterGradient?: FilterGradient,
): Scalar {
  return tf.tidy(() => {
    const perScale = histories.map((history, s) => tf.add(
      sigmoidCrossEntropy(tf, runDiscriminator(tf, discriminator, s, history, targets[s]!, filterGradient), 1),
      sigmoidCrossEntropy(tf, runDiscriminator(tf, discriminator, s, history, predictions[s]!, filterGradient), 0),
    ));
    return tf.div(tf.addN(perScale), perScale.length) as Scalar;
  });
}
