import type { Tensor4D } from '@tensorflow/tfjs';
import type { Tf } from '../../core';
import type { RandomStream } from './random-stream';

/** pix2pix's jitter: load at 286, crop 256. */
export const PIX2PIX_JITTER_SCALE = 286 / 256;

export interface AugmentOptions {
  /** Scale before the random crop back to the frame size; 1 turns jitter off. */
  readonly jitterScale: number;
  /** Random horizontal flips. Off by default: a mirrored clip moves the other way. */
  readonly flip: boolean;
}

export interface FramePairs {
  /** [N, size, size, 3]. */
  readonly inputs: Tensor4D;
  /** [N, size, size, 3], same shape as `inputs`. */
  readonly targets: Tensor4D;
}

/**
 * pix2pix's random jitter: each pair is scaled up by `jitterScale` and cropped back at a random
 * offset, and with `flip` mirrored half of the time. Input and target of a pair get the same
 * crop and flip, so the motion between them is kept. Offsets come from `random` in a fixed order
 * (y, x, then flip per pair), so a resumed run draws the same crops.
 */
export function augmentPairs(tf: Tf, pairs: FramePairs, random: RandomStream, options: AugmentOptions): FramePairs {
  const [count, height, width] = pairs.inputs.shape;
  if (pairs.targets.shape.join() !== pairs.inputs.shape.join()) {
    throw new Error(`Inputs [${pairs.inputs.shape.join(', ')}] and targets [${pairs.targets.shape.join(', ')}] differ in shape`);
  }
  const loadHeight = Math.round(height * options.jitterScale);
  const loadWidth = Math.round(width * options.jitterScale);
  if (loadHeight < height || loadWidth < width) throw new RangeError(`Jitter scale ${options.jitterScale} would shrink the frames`);
  return tf.tidy(() => {
    const both = tf.concat([pairs.inputs, pairs.targets], 3);
    const loaded = loadHeight === height && loadWidth === width
      ? both
      : tf.image.resizeBilinear(both, [loadHeight, loadWidth], false, true);
    const crops: Tensor4D[] = [];
    for (let i = 0; i < count; i++) {
      const top = random.int(loadHeight - height + 1);
      const left = random.int(loadWidth - width + 1);
      const crop = tf.slice(loaded, [i, top, left, 0], [1, height, width, 6]);
      crops.push(options.flip && random.next() < 0.5 ? tf.reverse(crop, 2) : crop);
    }
    const out = tf.concat(crops, 0);
    const [inputs, targets] = tf.split(out, 2, 3) as [Tensor4D, Tensor4D];
    return { inputs, targets };
  });
}
