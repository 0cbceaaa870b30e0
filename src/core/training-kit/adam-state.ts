import type { NamedTensorMap, Optimizer, Tensor, Variable } from '@tensorflow/tfjs';
import type { Tf } from '../graph/node-definition';
import type { WeightMap } from './weights';

/** tfjs's { name, tensor } pair, which its index does not export. */
type NamedTensor = Parameters<Optimizer['setWeights']>[0][number];

/** The scalar half of an Adam optimizer's state; the moments travel as tensors. */
export interface AdamStateMeta {
  readonly iterations: number;
  /** β1^(t+1) and β2^(t+1) as the optimizer accumulated them, step by step, in float32. */
  readonly accBeta1: number;
  readonly accBeta2: number;
}

export interface AdamState {
  readonly meta: AdamStateMeta;
  /** First and second moments, named `<weight>/m` and `<weight>/v` after the network's weight names. */
  readonly moments: NamedTensorMap;
}

// tfjs 4.22 AdamOptimizer's private running products. setWeights() recomputes them as
// pow(β, t + 1), which differs in the last bits from the product the optimizer kept (2855 of
// the first 3000 steps differ for β2 = 0.999), so a resumed run would drift from the original.
interface AdamInternals {
  accBeta1?: Variable;
  accBeta2?: Variable;
}

function internals(optimizer: Optimizer): { accBeta1: Variable; accBeta2: Variable } {
  const { accBeta1, accBeta2 } = optimizer as unknown as AdamInternals;
  if (!accBeta1 || !accBeta2) throw new Error('This tfjs AdamOptimizer has no accBeta1/accBeta2: its state cannot be saved exactly');
  return { accBeta1, accBeta2 };
}

/**
 * Reads `optimizer`'s state for the network `weights`. Adam indexes its moments by the
 * position of each gradient, which is the order of `weights`; the names are mapped back to the
 * network's own so that another instance (other tfjs variable names) can take them.
 * The moment tensors are the optimizer's own variables: encode them, do not dispose them.
 */
export async function readAdamState(optimizer: Optimizer, weights: WeightMap): Promise<AdamState> {
  const [iterations, ...variables] = await optimizer.getWeights();
  if (!iterations) throw new Error('Adam returned no iteration count');
  const count = (await iterations.tensor.data())[0]!;
  iterations.tensor.dispose();
  const names = Object.keys(weights);
  const moments: NamedTensorMap = {};
  if (variables.length > 0) {
    if (variables.length !== 2 * names.length) throw new Error(`Adam holds ${variables.length / 2} moments for ${names.length} weights`);
    names.forEach((name, i) => {
      const tfName = weights[name]!.name;
      const first = variables[i]!;
      const second = variables[names.length + i]!;
      if (first.name !== `${tfName}/m` || second.name !== `${tfName}/v`) {
        throw new Error(`Adam moment ${i} belongs to "${first.name}", not to weight "${tfName}"`);
      }
      moments[`${name}/m`] = first.tensor;
      moments[`${name}/v`] = second.tensor;
    });
  }
  const { accBeta1, accBeta2 } = internals(optimizer);
  const [beta1, beta2] = await Promise.all([accBeta1.data(), accBeta2.data()]);
  return { meta: { iterations: count, accBeta1: beta1[0]!, accBeta2: beta2[0]! }, moments };
}

/**
 * Puts a saved state into a fresh `optimizer` (one that has not stepped: setWeights replaces
 * moment variables without disposing the old ones). `moments` may be empty for an optimizer
 * saved before its first step.
 */
export async function writeAdamState(tf: Tf, optimizer: Optimizer, weights: WeightMap, state: AdamState): Promise<void> {
  const names = Object.keys(weights);
  const stepped = Object.keys(state.moments).length > 0;
  const moment = (name: string, kind: 'm' | 'v'): NamedTensor => {
    const tensor: Tensor | undefined = state.moments[`${name}/${kind}`];
    if (!tensor) throw new Error(`The saved optimizer state has no "${name}/${kind}"`);
    return { name: `${weights[name]!.name}/${kind}`, tensor };
  };
  const iterations = tf.scalar(state.meta.iterations, 'int32');
  const list: NamedTensor[] = [{ name: 'iter', tensor: iterations }];
  if (stepped) list.push(...names.map((name) => moment(name, 'm')), ...names.map((name) => moment(name, 'v')));
  await optimizer.setWeights(list);
  iterations.dispose();
  const { accBeta1, accBeta2 } = internals(optimizer);
  tf.tidy(() => {
    accBeta1.assign(tf.scalar(state.meta.accBeta1));
    accBeta2.assign(tf.scalar(state.meta.accBeta2));
  });
}
