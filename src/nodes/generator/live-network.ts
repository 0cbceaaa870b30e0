import type { ModelSource, Tf } from '../../core';
import { checkpointFromArtifacts, loadGeneratorWeights } from './checkpoint';
import { createUNet, disposeUNet, outputOf, unetConfig } from './unet';
import type { GeneratorOutput, GeneratorPreset, UNet } from './unet';

/**
 * A U-Net node's live network (the generator's, the restorer's) and where its weights came
 * from. Both nodes keep one, follow their Network / Model size / Weights params with
 * `followParams`, and let training overwrite the weights in place.
 */
export interface LiveNetwork {
  readonly tf: Tf;
  net: UNet;
  preset: GeneratorPreset;
  /** The Weights param as last acted on: weights are loaded only when the param changes. */
  checkpointParam: string;
  /** The stored checkpoint `net` last equalled (loaded, or just saved by training); '' when none. */
  weightsFrom: string;
}

export interface NetworkParams {
  readonly preset: string;
  readonly size: string;
  readonly checkpoint: string;
  readonly seed: number;
  /** The generator's "Predicts" param; networks without it predict frames. */
  readonly output?: string;
}

function outputParam(params: NetworkParams): GeneratorOutput {
  return params.output === 'change' ? 'change' : 'frame';
}

export function createLiveNetwork(tf: Tf, params: NetworkParams): LiveNetwork {
  const preset = params.preset as GeneratorPreset;
  return { tf, net: createUNet(tf, unetConfig(preset, Number(params.size), outputParam(params)), params.seed), preset, checkpointParam: '', weightsFrom: '' };
}

/**
 * Brings `live` in line with the params, in `prepare`: a new shape rebuilds the network (its
 * variables are node state, not per-frame tensors, so building them here is safe), a changed
 * Weights param loads those weights, and '' reseeds. @throws Error telling the user which
 * params to set when the weights are of another shape.
 */
export async function followParams(live: LiveNetwork, params: NetworkParams, models: ModelSource): Promise<void> {
  const size = Number(params.size);
  const preset = params.preset as GeneratorPreset;
  const output = outputParam(params);
  const reseed = () => {
    disposeUNet(live.net);
    live.net = createUNet(live.tf, unetConfig(preset, size, output), params.seed);
    live.weightsFrom = '';
  };
  if (live.net.config.size !== size || live.preset !== preset || outputOf(live.net.config) !== output) {
    reseed();
    live.preset = preset;
    live.checkpointParam = '';
  }
  if (params.checkpoint === live.checkpointParam) return;
  live.checkpointParam = params.checkpoint;
  // The editor pointing the param at the checkpoint training just saved: the weights already are these.
  if (params.checkpoint === live.weightsFrom) return;
  // Back to untrained: reseed rather than keep weights the graph no longer names.
  if (params.checkpoint === '') return reseed();
  const checkpoint = checkpointFromArtifacts(await models.loadModel(params.checkpoint));
  const shape = checkpoint.manifest.generator;
  if (shape.size !== size || (checkpoint.manifest.preset ?? preset) !== preset || outputOf(shape) !== output) {
    // "Predicts" is named only where it matters, so messages about plain networks stay short.
    const predicting = output === 'change' || shape.residual ? ` predicting ${outputOf(shape) === 'change' ? 'the change' : 'frames'}` : '';
    const settings = [`Network to "${checkpoint.manifest.preset}"`, `Model size to ${shape.size}`, ...(predicting ? [`Predicts to "${outputOf(shape)}"`] : [])];
    throw new Error(`These weights are a ${checkpoint.manifest.preset ?? 'custom'} network at ${shape.size}px${predicting}; set ${settings.slice(0, -1).join(', ')} and ${settings.at(-1)!}, or pick other weights.`);
  }
  loadGeneratorWeights(live.tf, live.net, checkpoint);
  live.weightsFrom = params.checkpoint;
}
