import type { NamedTensorMap, Tensor, Variable } from '@tensorflow/tfjs';
import type { Tf } from '../graph/node-definition';
import type { RandomStream } from './random-stream';

/** A network's weights: trainable tf.variables keyed by stable names (`enc1/kernel`), in creation order. */
export type WeightMap = Readonly<Record<string, Variable>>;

/** pix2pix initialisation: N(0, 0.02) for kernels, N(1, 0.02) for norm scales, zero biases and shifts. */
export const INIT_STDDEV = 0.02;

let networkCount = 0;

/**
 * Creates a network's variables with a seeded initialisation. tfjs registers variable names
 * globally, so every network gets its own scope prefix; the keys of the finished map stay
 * the plain names, which is what checkpoints store.
 */
export class WeightBuilder {
  private readonly weights: Record<string, Variable> = {};
  private readonly scope: string;

  constructor(private readonly tf: Tf, kind: string, private readonly random: RandomStream) {
    networkCount += 1;
    this.scope = `${kind}-${networkCount}`;
  }

  kernel(name: string, shape: number[]): void {
    this.add(name, () => this.tf.randomNormal(shape, 0, INIT_STDDEV, 'float32', this.random.tfSeed()));
  }

  scale(name: string, channels: number): void {
    this.add(name, () => this.tf.randomNormal([channels], 1, INIT_STDDEV, 'float32', this.random.tfSeed()));
  }

  zeros(name: string, shape: number | number[]): void {
    this.add(name, () => this.tf.zeros(typeof shape === 'number' ? [shape] : shape));
  }

  build(): WeightMap {
    return { ...this.weights };
  }

  private add(name: string, init: () => Tensor): void {
    if (name in this.weights) throw new Error(`Weight "${name}" is defined twice`);
    this.weights[name] = this.tf.tidy(() => this.tf.variable(init(), true, `${this.scope}/${name}`));
  }
}

/** The weights in creation order: the order gradients and optimizer moments use. */
export function weightList(weights: WeightMap): Variable[] {
  return Object.values(weights);
}

/** Copies `values` (same names and shapes) into `weights`. @throws Error naming a missing or misshapen weight. */
export function assignWeights(weights: WeightMap, values: NamedTensorMap, prefix = ''): void {
  for (const [name, variable] of Object.entries(weights)) {
    const value = values[prefix + name];
    if (!value) throw new Error(`No value for weight "${prefix}${name}"`);
    if (value.shape.join() !== variable.shape.join()) {
      throw new Error(`Weight "${prefix}${name}" has shape [${value.shape.join(', ')}]; the network needs [${variable.shape.join(', ')}]`);
    }
    variable.assign(value);
  }
}

/** The weights under `prefix + name`, ready for encoding. */
export function prefixedWeights(weights: WeightMap, prefix: string): NamedTensorMap {
  return Object.fromEntries(Object.entries(weights).map(([name, variable]) => [prefix + name, variable]));
}

export function disposeWeights(weights: WeightMap): void {
  for (const variable of Object.values(weights)) variable.dispose();
}

/** Number of scalar parameters. */
export function parameterCount(weights: WeightMap): number {
  return Object.values(weights).reduce((sum, variable) => sum + variable.size, 0);
}
