import type { Tensor4D } from '@tensorflow/tfjs';
import type { Tf } from '../../core';
import type { RandomStream } from '../../core/training-kit';

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
  const crops = Array.from({ length: count }, () => ({
    top: random.int(loadHeight - height + 1),
    left: random.int(loadWidth - width + 1),
    flip: options.flip && random.next() < 0.5,
  }));
  // Input and target are cropped apart rather than stacked on channels: tfjs's cpu backend
  // splits channels element by element, which cost more than the second resize.
  const jitter = (frames: Tensor4D): Tensor4D => tf.tidy(() => {
    const loaded = loadHeight === height && loadWidth === width
      ? frames
      : tf.image.resizeBilinear(frames, [loadHeight, loadWidth], false, true);
    return tf.concat(crops.map(({ top, left, flip }, i) => {
      const crop = tf.slice(loaded, [i, top, left, 0], [1, height, width, -1]);
      return flip ? tf.reverse(crop, 2) : crop;
    }), 0);
  });
  return { inputs: jitter(pairs.inputs), targets: jitter(pairs.targets) };
}
