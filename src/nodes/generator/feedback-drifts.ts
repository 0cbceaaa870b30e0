import type { Tensor3D, Tensor4D } from '@tensorflow/tfjs';
import type { Tf } from '../../core';
import { driftPairs } from './feedback-pairs';
import type { Drift } from './feedback-pairs';
import type { RandomStream } from '../../core/training-kit';
import { fromModelRange, runUNet, toModelRange } from '../unet/unet';
import type { UNet } from '../unet/unet';

/** A "drifted prediction → true next frame" pair. The input is owned by whoever holds the pair. */
export interface DriftedPair {
  /** G^applications of a real frame, [size, size, 3] in [0, 1]. */
  readonly input: Tensor3D;
  /** Index of the real frame that should follow it. */
  readonly target: number;
  readonly applications: number;
}

export interface DriftOptions {
  /** Drifts run side by side; instance statistics are per image, so this changes speed, not results. */
  readonly batchSize?: number;
  readonly frameStep?: number;
  /**
   * Keep dropout on, as the loop will run it. Henry's sampler kept it on; match the generator
   * node's stochastic-loop setting so the drifts are the ones the loop will really make.
   */
  readonly dropout?: boolean;
  /** Seeds the dropout masks (one draw per application per batch); unseeded without it. */
  readonly random?: RandomStream;
  /** Called after each batched application of G, e.g. to report progress or yield to the UI. */
  readonly onApplication?: (done: number, total: number) => Promise<void> | void;
}

/**
 * Runs `drifts` from the real `frames` ([T, size, size, 3] in [0, 1]) with G in inference mode
 * (instance statistics, dropout only if asked) and returns their pairs in plan order: drift by
 * drift, applications ascending. Later pairs for the same target should replace earlier ones
 * (see `DriftPairPool`). The caller owns the returned tensors.
 */
export async function runDrifts(tf: Tf, net: UNet, frames: Tensor4D, drifts: readonly Drift[], options: DriftOptions = {}): Promise<DriftedPair[]> {
  const { batchSize = 8, frameStep = 1, dropout = false, random, onApplication } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`Drift batch size must be a positive integer, got ${batchSize}`);
  const frameCount = frames.shape[0];
  for (const drift of drifts) {
    const last = drift.start + (drift.depth + 1) * frameStep;
    if (drift.start < 0 || last >= frameCount) throw new RangeError(`A drift from frame ${drift.start} needs frame ${last}; the clip has ${frameCount}`);
  }
  const batches = depthBatches(drifts, batchSize);
  const total = batches.reduce((sum, batch) => sum + batch.depth, 0);
  const pairsByDrift = new Map<number, DriftedPair[]>();
  let done = 0;
  let current: Tensor4D | undefined;
  try {
    for (const batch of batches) {
      current = tf.tidy(() => toModelRange(tf, tf.gather(frames, batch.members.map((i) => drifts[i]!.start)) as Tensor4D));
      for (let r = 1; r <= batch.depth; r++) {
        const dropoutSeed = dropout && random ? random.tfSeed() : undefined;
        const input: Tensor4D = current;
        current = tf.tidy(() => runUNet(tf, net, input, { dropout, ...(dropoutSeed === undefined ? {} : { dropoutSeed }) }));
        input.dispose();
        const output: Tensor4D = current;
        const outputs = tf.tidy(() => tf.unstack(fromModelRange(tf, output)) as Tensor3D[]);
        batch.members.forEach((driftIndex, row) => {
          const target = driftPairs(drifts[driftIndex]!, frameStep)[r - 1]!.target;
          const list = pairsByDrift.get(driftIndex) ?? [];
          list.push({ input: outputs[row]!, target, applications: r });
          pairsByDrift.set(driftIndex, list);
        });
        done += 1;
        await onApplication?.(done, total);
      }
      current.dispose();
    }
  } catch (error) {
    current?.dispose();
    for (const list of pairsByDrift.values()) tf.dispose(list.map((pair) => pair.input));
    throw error;
  }
  return drifts.flatMap((_, i) => pairsByDrift.get(i) ?? []);
}

interface DepthBatch {
  readonly depth: number;
  /** Indices into the drift list. */
  readonly members: number[];
}

/** Consecutive batches of up to `batchSize` drifts of equal depth. */
function depthBatches(drifts: readonly Drift[], batchSize: number): DepthBatch[] {
  const byDepth = new Map<number, number[]>();
  drifts.forEach((drift, i) => {
    const members = byDepth.get(drift.depth);
    if (members) members.push(i);
    else byDepth.set(drift.depth, [i]);
  });
  const batches: DepthBatch[] = [];
  for (const [depth, members] of byDepth) {
    for (let i = 0; i < members.length; i += batchSize) batches.push({ depth, members: members.slice(i, i + batchSize) });
  }
  return batches;
}
