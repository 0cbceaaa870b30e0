import type { Scalar, Tensor, Tensor4D } from '@tensorflow/tfjs';
import type { Tf } from '../../core';

/**
 * Side of the average-pooling window of the coarse terms: the same 4×4 the eval's coarse
 * measures use, so flicker that averages out there earns nothing.
 */
const COARSE_POOL = 4;
/** Keeps a log finite for a still or flat frame. */
const FLOOR = 1e-6;

/**
 * How far a prediction's *amount* of change and detail is from its target's, on the log scale
 * (so 0.5× and 2× cost the same), at full resolution and on frames pooled 4×4: per pair,
 * (ln m(ŷ, x) − ln m(y, x))² for the mean absolute change m from the input x, and
 * (ln g(ŷ) − ln g(y))² for the gradient energy g; the mean over pairs and the four terms.
 *
 * A frame loss alone (L1, L2) is lowest for the average of the possible next frames: less
 * change and less detail than any real one. Fed its own output, such a generator loses a little
 * motion and detail every frame until the loop stands still (docs/research). This term asks for
 * the clip's amounts of both, per pair, without saying where the change goes: the frame loss
 * still decides that. Called inside a tidy.
 */
export function loopStatisticsLoss(tf: Tf, input: Tensor4D, prediction: Tensor4D, target: Tensor4D): Scalar {
  const fine = statisticsGap(tf, input, prediction, target);
  const pool = (t: Tensor4D): Tensor4D => tf.avgPool(t, COARSE_POOL, COARSE_POOL, 'valid');
  const coarse = statisticsGap(tf, pool(input), pool(prediction), pool(target));
  return tf.mean(tf.stack([fine, coarse])) as Scalar;
}

function statisticsGap(tf: Tf, input: Tensor4D, prediction: Tensor4D, target: Tensor4D): Scalar {
  const change = (frame: Tensor4D): Tensor => tf.log(tf.add(tf.mean(tf.abs(tf.sub(frame, input)), [1, 2, 3]), FLOOR));
  const detail = (frame: Tensor4D): Tensor => tf.log(tf.add(gradientEnergy(tf, frame), FLOOR));
  const motionGap = tf.mean(tf.square(tf.sub(change(prediction), change(target))));
  const detailGap = tf.mean(tf.square(tf.sub(detail(prediction), detail(target))));
  return tf.mul(tf.add(motionGap, detailGap), 0.5) as Scalar;
}

/** Per frame: the mean of dx² + dy² (forward differences), as the eval's gradient energy. */
function gradientEnergy(tf: Tf, frames: Tensor4D): Tensor {
  const [, height, width] = frames.shape;
  const dx = tf.sub(tf.slice(frames, [0, 0, 1, 0], [-1, height - 1, width - 1, -1]), tf.slice(frames, [0, 0, 0, 0], [-1, height - 1, width - 1, -1]));
  const dy = tf.sub(tf.slice(frames, [0, 1, 0, 0], [-1, height - 1, width - 1, -1]), tf.slice(frames, [0, 0, 0, 0], [-1, height - 1, width - 1, -1]));
  return tf.mean(tf.add(tf.square(dx), tf.square(dy)), [1, 2, 3]);
}
