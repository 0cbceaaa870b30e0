import type { Scalar, Tensor, Tensor4D } from '@tensorflow/tfjs';
import type { Tf } from '../../core';

/**
 * Mean |prediction − target|^p: p = 2 is the seed's L2 (MSE), p = 1 its L1. A mean rather than
 * dyelax's sum, so that the weights do not depend on the crop size or the scale.
 */
export function lpLoss(tf: Tf, prediction: Tensor, target: Tensor, p: 1 | 2): Scalar {
  return tf.tidy(() => {
    const difference = tf.abs(tf.sub(prediction, target));
    return tf.mean(p === 2 ? tf.square(difference) : difference);
  });
}

/**
 * The gradient difference loss of the paper (eq. 5), as a mean over neighbour pairs:
 * | |Y(i,j) − Y(i−1,j)| − |Ŷ(i,j) − Ŷ(i−1,j)| |^α averaged over vertical neighbours, plus the
 * same over horizontal neighbours. It compares the strength of edges, not their sign, so a
 * blurred edge costs as much as a missing one: what makes the predictions sharper than L2 alone.
 * Both tensors are [N, H, W, C].
 */
export function gradientDifferenceLoss(tf: Tf, prediction: Tensor4D, target: Tensor4D, alpha = 1): Scalar {
  return tf.tidy(() => {
    const term = (axis: 1 | 2) => {
      const edges = (x: Tensor4D) => tf.abs(tf.sub(neighbours(tf, x, axis, 1), neighbours(tf, x, axis, 0)));
      const difference = tf.abs(tf.sub(edges(target), edges(prediction)));
      return tf.mean(alpha === 1 ? difference : tf.pow(difference, alpha));
    };
    return tf.add(term(1), term(2));
  });
}

/** `x` without its first (`offset` 1) or last (`offset` 0) row (`axis` 1) or column (`axis` 2). */
function neighbours(tf: Tf, x: Tensor4D, axis: 1 | 2, offset: 0 | 1): Tensor4D {
  const begin = [0, 0, 0, 0];
  const size = [-1, -1, -1, -1];
  begin[axis] = offset;
  size[axis] = x.shape[axis] - 1;
  return tf.slice(x, begin, size);
}

/** One training step's losses, as numbers, each averaged over the 4 scales. */
export interface MultiScaleLosses {
  /** L2 (or L1) between prediction and target, in the network's [-1, 1] range. */
  readonly lp: number;
  /** Gradient difference loss. */
  readonly gdl: number;
  /** The generator's adversarial loss (cross-entropy of the discriminators calling its frames real). */
  readonly gAdv: number;
  /** The discriminators' loss on real and predicted frames. */
  readonly d: number;
}
