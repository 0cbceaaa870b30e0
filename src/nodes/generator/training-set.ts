import type { Tensor4D } from '@tensorflow/tfjs';
import type { Tf } from '../../core';
import type { DriftedPair } from './feedback-drifts';
import type { RandomStream } from '../../core/training-kit';
import type { TrainingBatch } from '../unet/trainer';

/**
 * The drifted pairs training has gathered so far, at most one per target frame.
 *
 * Henry's `join_pairs` names each pair after its input's frame number (`pr0000042.jpg`) in a
 * `train/` folder that is never cleared, so a newer drifted pair for a frame overwrites the older
 * one, within a cycle and across cycles. Keyed by target frame, this pool keeps that: it grows to
 * at most one pair per frame, and each new cycle refreshes the frames it drifts to.
 */
export class DriftPairPool {
  private readonly byTarget = new Map<number, DriftedPair>();

  /** `capacity` caps memory further: past it, the pairs added longest ago go first. */
  constructor(readonly capacity = Number.POSITIVE_INFINITY) {
    if (!(capacity >= 0)) throw new RangeError(`Pool capacity must be ≥ 0, got ${capacity}`);
  }

  get size(): number {
    return this.byTarget.size;
  }

  /** The pairs, oldest first. */
  get pairs(): readonly DriftedPair[] {
    return [...this.byTarget.values()];
  }

  /** Takes ownership of `pairs`, in order; a pair replaces (and disposes) the one before it for the same target. */
  add(pairs: readonly DriftedPair[]): void {
    for (const pair of pairs) {
      const previous = this.byTarget.get(pair.target);
      if (previous && previous !== pair) previous.input.dispose();
      // Re-inserting moves the target to the newest end of the Map's order.
      this.byTarget.delete(pair.target);
      this.byTarget.set(pair.target, pair);
    }
    for (const [target, pair] of this.byTarget) {
      if (this.byTarget.size <= this.capacity) break;
      pair.input.dispose();
      this.byTarget.delete(target);
    }
  }

  dispose(): void {
    for (const pair of this.byTarget.values()) pair.input.dispose();
    this.byTarget.clear();
  }
}

export interface PairSource {
  /** The real frames, [T, size, size, 3] in [0, 1]. */
  readonly frames: Tensor4D;
  /** Pairs are frame n → frame n + frameStep. */
  readonly frameStep?: number;
  readonly drifted?: DriftPairPool;
}

/** Number of real pairs n → n + k in a clip of `frameCount` frames. */
export function realPairCount(frameCount: number, frameStep = 1): number {
  return Math.max(0, frameCount - frameStep);
}

/**
 * `batchSize` pairs drawn uniformly, with replacement, from the real pairs and the drifted pool
 * together, as Henry's trainer shuffles everything in `train/`. One draw per pair from `random`
 * (use the trainer's, so a saved trainer state also fixes the batches). The caller disposes the batch.
 */
export function sampleBatch(tf: Tf, source: PairSource, batchSize: number, random: RandomStream): TrainingBatch {
  const { frames, frameStep = 1, drifted } = source;
  const realPairs = realPairCount(frames.shape[0], frameStep);
  const driftedPairs = drifted?.pairs ?? [];
  const total = realPairs + driftedPairs.length;
  if (total === 0) throw new RangeError(`${frames.shape[0]} frames hold no pairs ${frameStep} apart`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`Batch size must be a positive integer, got ${batchSize}`);
  const picks = Array.from({ length: batchSize }, () => random.int(total));
  return tf.tidy(() => {
    const inputs = picks.map((pick) => pick < realPairs
      ? tf.slice(frames, [pick, 0, 0, 0], [1, -1, -1, -1])
      : tf.expandDims(driftedPairs[pick - realPairs]!.input, 0));
    const targets = picks.map((pick) => pick < realPairs ? pick + frameStep : driftedPairs[pick - realPairs]!.target);
    return { inputs: tf.concat(inputs, 0) as Tensor4D, targets: tf.gather(frames, targets) as Tensor4D };
  });
}
