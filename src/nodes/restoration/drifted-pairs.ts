import type { Tensor4D } from '@tensorflow/tfjs';
import type { Tf } from '../../core';
import type { FrameStore } from '../../core/training-kit';
import { applyRepeatedly } from '../unet/unet-job';
import type { UNet, UNetRunOptions } from '../unet/unet';
import type { RestorationPairIndex } from './restoration-pairs';

/** A restoration pair ready to train on: G^k(f(t)) as RGB bytes at the restorer's size, and the index of f(t + j). */
export interface DriftedPair {
  readonly input: Uint8Array;
  readonly target: number;
}

/** Drifts run side by side at most, as the generator's own feedback pairs do (GPU memory at 256 px). */
export const DRIFT_BATCH = 16;

/**
 * The drifted inputs G^k(f(start)) of `pairs`, in their order, with G run with `runOptions`
 * (called once per application: inference mode, or fresh dropout masks for a stochastic loop;
 * instance statistics are per image, so without dropout batching changes speed, not results). Frames
 * are resized to G's size and back when the two networks differ in size, as the loop does.
 * Outputs are read back as bytes so the pool costs no GPU memory between steps.
 */
export async function driftedInputs(
  tf: Tf, generator: UNet, frames: FrameStore, pairs: readonly RestorationPairIndex[], runOptions: () => UNetRunOptions = () => ({}), batchSize = DRIFT_BATCH,
): Promise<Uint8Array[]> {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`Drift batch size must be a positive integer, got ${batchSize}`);
  const inputs = new Array<Uint8Array>(pairs.length);
  // Deepest first, so each batch holds pairs of about the same depth and few applications are wasted on finished rows.
  const order = pairs.map((_, i) => i).sort((a, b) => pairs[b]!.applications - pairs[a]!.applications || a - b);
  for (let first = 0; first < order.length; first += batchSize) {
    const members = order.slice(first, first + batchSize);
    const depth = pairs[members[0]!]!.applications;
    const starts = tf.tidy(() => resized(tf, frames.toTensor(tf, members.map((i) => frames.frame(pairs[i]!.start))), generator.config.size));
    await applyRepeatedly(tf, generator, starts, depth, runOptions, async (applications, output) => {
      const rows = members.flatMap((index, row) => (pairs[index]!.applications === applications ? [{ index, row }] : []));
      if (rows.length === 0) return;
      const done = tf.tidy(() => resized(tf, tf.gather(output, rows.map((r) => r.row)), frames.size));
      try {
        const bytes = await frames.toBytes(tf, done);
        rows.forEach((r, i) => { inputs[r.index] = bytes[i]!; });
      } finally {
        done.dispose();
      }
    });
  }
  return inputs;
}

function resized(tf: Tf, batch: Tensor4D, size: number): Tensor4D {
  return batch.shape[1] === size && batch.shape[2] === size ? batch : tf.image.resizeBilinear(batch, [size, size], true);
}

/**
 * Drifted pairs, at most `capacity`: once full, each added pair replaces the oldest one, so a
 * refresh of m pairs renews the m that have been trained on longest.
 */
export class DriftedPairRing {
  readonly #pairs: DriftedPair[] = [];
  #oldest = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`A pair pool holds at least 1 pair, got ${capacity}`);
  }

  get size(): number {
    return this.#pairs.length;
  }

  pair(index: number): DriftedPair {
    const pair = this.#pairs[index];
    if (!pair) throw new RangeError(`Pair ${index} is outside the pool (0…${this.#pairs.length - 1})`);
    return pair;
  }

  add(pairs: readonly DriftedPair[]): void {
    for (const pair of pairs) {
      if (this.#pairs.length < this.capacity) {
        this.#pairs.push(pair);
      } else {
        this.#pairs[this.#oldest] = pair;
        this.#oldest = (this.#oldest + 1) % this.capacity;
      }
    }
  }
}
