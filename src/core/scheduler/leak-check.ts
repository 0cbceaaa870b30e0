import type { Tf } from '../graph/node-definition';
import type { PortValue } from '../graph/ports';
import { isTensor } from './tensor-ledger';

/**
 * Counts the tensors a node's `process` left behind beyond its outputs. The scheduler checks
 * plugin nodes this way (built-ins are covered by their own tensor-count tests): a plugin that
 * keeps tensors with `tf.keep` or makes them outside `tf.tidy` would grow memory every frame
 * until the tab dies, so it is stopped at the first frame instead.
 */
export class LeakCheck {
  readonly #before: number;

  constructor(private readonly tf: Tf) {
    this.#before = tf.memory().numTensors;
  }

  /** Tensors alive now that are neither outputs made by this call nor were alive before it. */
  leaked(outputs: unknown, inputs: Readonly<Record<string, PortValue | undefined>>): number {
    const passedThrough = new Set<unknown>(Object.values(inputs).filter((value) => isTensor(value)));
    const fresh = new Set<unknown>();
    if (outputs && typeof outputs === 'object') {
      for (const value of Object.values(outputs)) if (isTensor(value) && !passedThrough.has(value)) fresh.add(value);
    }
    return this.tf.memory().numTensors - this.#before - fresh.size;
  }
}

export function leakMessage(leaked: number): string {
  return `leaked ${leaked} tensor${leaked === 1 ? '' : 's'} in one frame: process must not keep tensors (tf.keep) or make them outside its tf.tidy; keep per-node tensors in state, created in create and freed in dispose`;
}
