import type { ModelSource, Tf } from '../../core';
import { checkpointFromArtifacts, loadGeneratorWeights } from './checkpoint';
import { followWeightsParam } from './follow-weights';
import type { LiveWeights } from './follow-weights';
import { createUNet, disposeUNet, outputOf, unetConfig } from './unet';
import type { GeneratorOutput, GeneratorPreset, UNet } from './unet';

/**
 * A U-Net node's live network (the generator's, the restorer's) and where its weights came
 * from. Both nodes keep one, follow their Network / Model size / Weights params with
 * `followParams`, and let training overwrite the weights in place.
 */
export interface LiveNetwork extends LiveWeights<UNet, GeneratorPreset> {
  readonly tf: Tf;
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
 * Brings `live` in line with the params, in `prepare`, as `followWeightsParam` does.
 * @throws Error telling the user which params to set when the weights are of another shape.
 */
export function followParams(live: LiveNetwork, params: NetworkParams, models: ModelSource): Promise<void> {
  const size = Number(params.size);
  const preset = params.preset as GeneratorPreset;
  const output = outputParam(params);
  return followWeightsParam(live, models, {
    preset,
    checkpoint: params.checkpoint,
    fitsParams: (net) => net.config.size === size && outputOf(net.config) === output,
    create: () => createUNet(live.tf, unetConfig(preset, size, output), params.seed),
    dispose: disposeUNet,
    read: checkpointFromArtifacts,
    mismatch: (checkpoint) => {
      const shape = checkpoint.manifest.generator;
      if (shape.size === size && (checkpoint.manifest.preset ?? preset) === preset && outputOf(shape) === output) return undefined;
      // "Predicts" is named only where it matters, so messages about plain networks stay short.
      const predicting = output === 'change' || shape.residual ? ` predicting ${outputOf(shape) === 'change' ? 'the change' : 'frames'}` : '';
      const settings = [`Network to "${checkpoint.manifest.preset}"`, `Model size to ${shape.size}`, ...(predicting ? [`Predicts to "${outputOf(shape)}"`] : [])];
      return `These weights are a ${checkpoint.manifest.preset ?? 'custom'} network at ${shape.size}px${predicting}; set ${settings.slice(0, -1).join(', ')} and ${settings.at(-1)!}, or pick other weights.`;
    },
    load: (net, checkpoint) => loadGeneratorWeights(live.tf, net, checkpoint),
  });
}
