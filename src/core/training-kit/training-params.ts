import type { ParamSchemas } from '../graph/params';

/**
 * The params every trainable node shows, defined once so the generator, restoration, multi-scale
 * and Style Transfer nodes and plugins read and validate them alike. `of` is the node's own type:
 * the Weights picker lists the checkpoints training stored for it. A node spreads them into its
 * params where it wants them shown (the inspector shows params in declaration order).
 * @example
 * const shared = trainingParams('my-plugin/grade', { steps: 500, batch: 4 });
 * params: { checkpoint: shared.checkpoint, strength: …, steps: shared.steps, batch: shared.batch, checkpointEvery: shared.checkpointEvery, seed: shared.seed }
 */
export function trainingParams(of: string, defaults: { readonly steps: number; readonly batch: number }) {
  return {
    checkpoint: { kind: 'checkpoint', label: 'Weights', default: '', of },
    steps: { kind: 'number', label: 'Train steps', default: defaults.steps, min: 1, max: 1_000_000, step: 100, integer: true },
    batch: { kind: 'number', label: 'Batch size', default: defaults.batch, min: 1, max: 64, step: 1, integer: true },
    checkpointEvery: { kind: 'number', label: 'Checkpoint every', default: 200, min: 1, max: 100_000, step: 10, integer: true, unit: 'steps' },
    seed: { kind: 'seed', label: 'Seed', default: 1 },
  } as const satisfies ParamSchemas;
}

/**
 * The part of a training hook every node whose state follows its Weights param (`LiveWeights`)
 * shares: a checkpoint every Checkpoint-every steps, and after each one the record that the live
 * weights already are that checkpoint, so pointing the Weights param at it loads nothing again.
 * Spread it into the hook beside `start`. `State` is the node's state type, named explicitly:
 * left to inference, the bare `{ weightsFrom }` here would become the node's state in defineNode.
 * @example
 * training: { ...trainedWeights<MyState>(), start: (context) => startMyTraining(context) },
 */
export function trainedWeights<State extends { weightsFrom: string }>(): {
  readonly checkpointEvery: (params: { readonly checkpointEvery: number }) => number;
  readonly checkpointSaved: (state: State, sha256: string) => void;
} {
  return {
    checkpointEvery: (params) => params.checkpointEvery,
    checkpointSaved: (state, sha256) => { state.weightsFrom = sha256; },
  };
}
