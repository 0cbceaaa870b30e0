import type { NamedTensorMap, Optimizer } from '@tensorflow/tfjs';
import type { Tf } from '../graph/node-definition';
import type { AdamStateMeta } from './adam-state';
import type { RandomState } from './random-stream';
import { exportAdam, restoreAdam } from './trainer-state';
import { assignWeights, prefixedWeights } from './weights';
import type { WeightMap } from './weights';

/**
 * What a GAN trainer (the pix2pix generator's, the multi-scale generator's) keeps besides its
 * generator: the discriminator and both Adam optimisers. A checkpoint stores it all, so a
 * resumed trainer takes exactly the step it would have taken.
 */
export interface GanParts {
  readonly generatorWeights: WeightMap;
  readonly discriminatorWeights: WeightMap;
  readonly generatorOptimizer: Optimizer;
  readonly discriminatorOptimizer: Optimizer;
}

export interface GanOptimizerMeta {
  readonly generator: AdamStateMeta;
  readonly discriminator: AdamStateMeta;
}

/** What a GAN checkpoint needs beyond the generator to resume training exactly. */
export interface GanTrainingManifest<Settings, DiscriminatorConfig> {
  readonly settings: Settings;
  readonly discriminator: DiscriminatorConfig;
  readonly random: RandomState;
  readonly optimizers: GanOptimizerMeta;
}

const DISCRIMINATOR_PREFIX = 'discriminator/';
const ADAM_PREFIX = { generator: 'adam/generator/', discriminator: 'adam/discriminator/' } as const;

/** The tensors to store next to the generator's (discriminator weights, both optimisers' moments, by prefixed name) and the optimisers' metadata. */
export async function exportGanState(parts: GanParts): Promise<{ tensors: NamedTensorMap; optimizers: GanOptimizerMeta }> {
  const generatorAdam = await exportAdam(parts.generatorOptimizer, parts.generatorWeights, ADAM_PREFIX.generator);
  const discriminatorAdam = await exportAdam(parts.discriminatorOptimizer, parts.discriminatorWeights, ADAM_PREFIX.discriminator);
  return {
    tensors: { ...prefixedWeights(parts.discriminatorWeights, DISCRIMINATOR_PREFIX), ...generatorAdam.tensors, ...discriminatorAdam.tensors },
    optimizers: { generator: generatorAdam.meta, discriminator: discriminatorAdam.meta },
  };
}

/** Puts back what `exportGanState` stored: `tensors` are a checkpoint's, the generator's weights under `generatorPrefix`. */
export async function restoreGanState(tf: Tf, parts: GanParts, tensors: NamedTensorMap, generatorPrefix: string, optimizers: GanOptimizerMeta): Promise<void> {
  assignWeights(parts.generatorWeights, tensors, generatorPrefix);
  assignWeights(parts.discriminatorWeights, tensors, DISCRIMINATOR_PREFIX);
  await restoreAdam(tf, parts.generatorOptimizer, parts.generatorWeights, optimizers.generator, tensors, ADAM_PREFIX.generator);
  await restoreAdam(tf, parts.discriminatorOptimizer, parts.discriminatorWeights, optimizers.discriminator, tensors, ADAM_PREFIX.discriminator);
}

// Adam matches moments to weights by position in the gradient map, so a weight without a
// gradient would shift every moment after it.
export function checkGradients(grads: NamedTensorMap, weights: WeightMap, network: string): void {
  const missing = Object.values(weights).filter((variable) => !grads[variable.name]);
  if (missing.length > 0) throw new Error(`No ${network} gradient for ${missing.map((variable) => variable.name).join(', ')}`);
}
