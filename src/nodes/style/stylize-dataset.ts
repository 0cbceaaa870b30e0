import type { Tensor3D } from '@tensorflow/tfjs';
import { KEEP_EXTRACTED, errorMessage } from '../../core';
import type { ModelSource, StudioStorage, Tf } from '../../core';
import { loadStylizer, styleCheckpointFromArtifacts } from './style-checkpoint';
import { disposeStylizer, stylizeFrame } from './stylizer';
import type { Stylizer } from './stylizer';

/** What making a stylized dataset needs from storage (the studio's IndexedDB, or a test store). */
export type StylizeStorage = Pick<StudioStorage, 'getDataset' | 'readFrames' | 'createDataset' | 'appendFrames' | 'deleteDataset'>;

export interface StylizeDatasetOptions {
  readonly tf: Tf;
  readonly storage: StylizeStorage;
  /** Where the Style Transfer weights are read from. */
  readonly models: ModelSource;
  /** The dataset to stylize. */
  readonly source: string;
  /** SHA-256 of a Style Transfer checkpoint (the node's Weights param). */
  readonly weights: string;
  /** Blend with the original frames, as the node's Strength: 1 is fully stylized. */
  readonly strength: number;
  readonly name: string;
  /**
   * Aborting cancels: the partial dataset is deleted, unless the signal is aborted with
   * {@link KEEP_EXTRACTED} as its reason (as "Stop and keep" of frame extraction), which stops
   * after the batch in flight and keeps the frames stylized so far as the dataset.
   */
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
  /** Frames read, stylized and stored per round; default 8. */
  readonly batchSize?: number;
}

/** `complete`: every frame; `kept`: stopped early, the frames so far kept; `cancelled`: nothing kept. */
export type StylizeResult =
  | { readonly outcome: 'complete' | 'kept'; readonly id: string; readonly frames: number }
  | { readonly outcome: 'cancelled'; readonly frames: 0 };

export const stylizeMessages = {
  noWeights: () => 'This Style Transfer node has no trained weights yet. Train it (or pick Weights), then make the stylized dataset.',
  sourceGone: () => 'That dataset no longer exists (deleted, perhaps in another tab). Pick another.',
  empty: (name: string) => `Dataset "${name}" has no frames to stylize.`,
  unreadableWeights: (reason: string) => `The node's Weights cannot be used: ${reason}`,
  failed: (done: number, total: number, reason: string) => `Stylizing stopped after ${done} of ${total} frames: ${reason} Nothing was kept.`,
} as const;

/**
 * Runs every frame of a stored dataset through a trained Style Transfer network and stores the
 * results as a new dataset of the same size and length: texture from the style image, motion
 * from the clip, ready to train a generator on. Frames are stylized at their own size, with the
 * same blend as the node. Cancel (abort) or any failure deletes the partial dataset, "Stop and
 * keep" keeps it; the tensor count afterwards equals the count before.
 * @throws Error with a message for the user (no weights, source gone, storage failure).
 */
export async function stylizeDataset(options: StylizeDatasetOptions): Promise<StylizeResult> {
  const { tf, storage, source, strength, signal, onProgress } = options;
  const batchSize = options.batchSize ?? 8;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`stylizeDataset: batchSize must be a whole number ≥ 1, got ${batchSize}`);
  if (options.weights === '') throw new Error(stylizeMessages.noWeights());
  const info = await storage.getDataset(source);
  if (!info) throw new Error(stylizeMessages.sourceGone());
  if (info.frameCount === 0) throw new Error(stylizeMessages.empty(info.name));
  const net = await readStylizer(tf, options.models, options.weights);
  if (signal?.aborted) {
    disposeStylizer(net);
    return { outcome: 'cancelled', frames: 0 };
  }
  let id: string | undefined;
  let done = 0;
  try {
    id = await storage.createDataset({ name: options.name, width: info.width, height: info.height, channels: 3 });
    for (let start = 0; start < info.frameCount; start += batchSize) {
      if (signal?.aborted) break;
      const frames = await storage.readFrames(source, start, Math.min(batchSize, info.frameCount - start));
      const styled = await stylizeBytes(tf, net, frames, info, strength);
      await storage.appendFrames(id, styled);
      done += styled.length;
      onProgress?.(done, info.frameCount);
    }
    const keep = !signal?.aborted || signal.reason === KEEP_EXTRACTED;
    if (!keep || done === 0) {
      await storage.deleteDataset(id);
      return { outcome: 'cancelled', frames: 0 };
    }
    return { outcome: done >= info.frameCount ? 'complete' : 'kept', id, frames: done };
  } catch (error) {
    if (id !== undefined) await storage.deleteDataset(id).catch(() => undefined);
    throw new Error(stylizeMessages.failed(done, info.frameCount, errorMessage(error)), { cause: error });
  } finally {
    disposeStylizer(net);
  }
}

async function readStylizer(tf: Tf, models: ModelSource, sha256: string): Promise<Stylizer> {
  try {
    return loadStylizer(tf, styleCheckpointFromArtifacts(tf, await models.loadModel(sha256)));
  } catch (error) {
    throw new Error(stylizeMessages.unreadableWeights(errorMessage(error)), { cause: error });
  }
}

/** Stored frames (RGB or RGBA bytes) stylized, blended by `strength`, as RGB bytes. */
async function stylizeBytes(
  tf: Tf, net: Stylizer, frames: readonly Uint8Array[], info: { width: number; height: number; channels: 3 | 4 }, strength: number,
): Promise<Uint8Array[]> {
  const { width, height, channels } = info;
  const out = tf.tidy(() => tf.stack(frames.map((bytes) => {
    const rgb = tf.slice(tf.tensor3d(bytes, [height, width, channels], 'int32'), [0, 0, 0], [height, width, 3]);
    const frame = tf.div(tf.cast(rgb, 'float32'), 255) as Tensor3D;
    const styled = strength >= 1 ? stylizeFrame(tf, net, frame) : tf.add(tf.mul(frame, 1 - strength), tf.mul(stylizeFrame(tf, net, frame), strength));
    return tf.clipByValue(tf.round(tf.mul(styled, 255)), 0, 255);
  })));
  const values = await out.data();
  out.dispose();
  const plane = width * height * 3;
  return frames.map((_, i) => Uint8Array.from(values.subarray(i * plane, (i + 1) * plane)));
}
