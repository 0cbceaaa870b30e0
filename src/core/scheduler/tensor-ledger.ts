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
    disposeTensors([...this.#owned].filter((tensor) => !kept.has(tensor)));
    this.#owned = kept;
  }

  get size(): number {
    return this.#owned.size;
  }
}

/** Disposes every tensor among `values` once, going on past failures. */
export function disposeTensors(values: Iterable<unknown>): void {
  for (const value of new Set(values)) {
    if (!isTensor(value) || value.isDisposed) continue;
    try {
      value.dispose();
    } catch (error) {
      // A tensor of a lost GPU backend may fail to dispose; the rest must still be released.
      console.warn('a tensor failed to dispose', error);
    }
  }
}

export function isTensor(value: unknown): value is Tensor {
  return typeof value === 'object' && value !== null && 'dataId' in value && 'shape' in value && typeof (value as Tensor).dispose === 'function';
}
