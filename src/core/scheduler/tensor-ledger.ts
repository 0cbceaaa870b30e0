import type { Tensor } from '@tensorflow/tfjs';

/**
 * Every tensor the scheduler holds between frames is in the ledger. After each frame the
 * scheduler says which values it still needs; everything else is disposed, exactly once,
 * even when several ports share one tensor (a node may pass its input through).
 */
export class TensorLedger {
  #owned = new Set<Tensor>();

  adopt(values: Iterable<unknown>): void {
    for (const value of values) if (isTensor(value)) this.#owned.add(value);
  }

  /** Disposes every owned tensor not in `keep`; the kept ones stay owned. */
  releaseAllBut(keep: Iterable<unknown>): void {
    const kept = new Set<Tensor>();
    for (const value of keep) if (isTensor(value)) kept.add(value);
    for (const tensor of this.#owned) if (!kept.has(tensor) && !tensor.isDisposed) tensor.dispose();
    this.#owned = kept;
  }

  get size(): number {
    return this.#owned.size;
  }
}

export function isTensor(value: unknown): value is Tensor {
  return typeof value === 'object' && value !== null && 'dataId' in value && 'shape' in value && typeof (value as Tensor).dispose === 'function';
}
