import type { NamedTensorMap, Optimizer } from '@tensorflow/tfjs';
import type { Tf } from '../graph/node-definition';
import { readAdamState, writeAdamState } from './adam-state';
import type { AdamStateMeta } from './adam-state';
import type { WeightMap } from './weights';

/**
 * An Adam optimiser's state as a checkpoint stores it: the moments as tensors under `prefix`
 * (apart from the network's weights), the scalars as metadata for the manifest.
 */
export async function exportAdam(optimizer: Optimizer, weights: WeightMap, prefix: string): Promise<{ tensors: NamedTensorMap; meta: AdamStateMeta }> {
  const { meta, moments } = await readAdamState(optimizer, weights);
  return { tensors: Object.fromEntries(Object.entries(moments).map(([name, tensor]) => [prefix + name, tensor])), meta };
}

/** Puts back what `exportAdam` stored; `tensors` are a whole checkpoint's, of which only those under `prefix` are read. */
export async function restoreAdam(tf: Tf, optimizer: Optimizer, weights: WeightMap, meta: AdamStateMeta, tensors: NamedTensorMap, prefix: string): Promise<void> {
  const moments = Object.fromEntries(Object.entries(tensors).filter(([name]) => name.startsWith(prefix)).map(([name, tensor]) => [name.slice(prefix.length), tensor]));
  await writeAdamState(tf, optimizer, weights, { meta, moments });
}

/**
 * Runs `restore` on a checkpoint's decoded `tensors`, which are disposed after. A trainer that
 * failed to restore is half-written and of no use, so it is disposed before the error goes on.
 */
export async function restoreOrDispose(tf: Tf, trainer: { dispose(): void }, tensors: NamedTensorMap, restore: (tensors: NamedTensorMap) => Promise<void>): Promise<void> {
  try {
    await restore(tensors);
  } catch (error) {
    trainer.dispose();
    throw error;
  } finally {
    tf.dispose(Object.values(tensors));
  }
}
