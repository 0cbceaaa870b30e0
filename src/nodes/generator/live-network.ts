import type { ModelSource, Tf } from '../../core';
import { checkpointFromArtifacts, loadGeneratorWeights } from './checkpoint';
import { followWeightsParam } from './follow-weights';
import type { LiveWeights } from './follow-weights';
import { createUNet, disposeUNet, outputOf, unetConfig, upsamplingOf } from './unet';
import type { GeneratorOutput, GeneratorPreset, GeneratorUpsampling, UNet } from './unet';

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
  /** The generator's "Upsampling" param; networks without it use pix2pix's transposed convolutions. */
  readonly upsample?: string;
}

function outputParam(params: NetworkParams): GeneratorOutput {
  return params.output === 'change' ? 'change' : 'frame';
}

function upsamplingParam(params: NetworkParams): GeneratorUpsampling {
  return params.upsample === 'resize' ? 'resize' : 'transposed';
}

export function createLiveNetwork(tf: Tf, params: NetworkParams): LiveNetwork {
  const preset = params.preset as GeneratorPreset;
  return { tf, net: createUNet(tf, unetConfig(preset, Number(params.size), outputParam(params), upsamplingParam(params)), params.seed), preset, checkpointParam: '', weightsFrom: '' };
}

/**
 * Brings `live` in line with the params, in `prepare`, as `followWeightsParam` does.
 * @throws Error telling the user which params to set when the weights are of another shape.
 */
export function followParams(live: LiveNetwork, params: NetworkParams, models: ModelSource): Promise<void> {
  const size = Number(params.size);
  const preset = params.preset as GeneratorPreset;
  const output = outputParam(params);
  const upsampling = upsamplingParam(params);
  return followWeightsParam(live, models, {
    preset,
    checkpoint: params.checkpoint,
    fitsParams: (net) => net.config.size === size && outputOf(net.config) === output && upsamplingOf(net.config) === upsampling,
    create: () => createUNet(live.tf, unetConfig(preset, size, output, upsampling), params.seed),
    dispose: disposeUNet,
    read: checkpointFromArtifacts,
    mismatch: (checkpoint) => {
      const shape = checkpoint.manifest.generator;
      if (shape.size === size && (checkpoint.manifest.preset ?? preset) === preset && outputOf(shape) === output && upsamplingOf(shape) === upsampling) return undefined;
      // "Predicts" and "Upsampling" are named only where they matter, so messages about plain pix2pix networks stay short.
      const predicting = output === 'change' || shape.residual ? ` predicting ${outputOf(shape) === 'change' ? 'the change' : 'frames'}` : '';
      const resizing = upsampling === 'resize' || shape.upsample ? ` upsampling by ${upsamplingOf(shape) === 'resize' ? 'resize-convolution' : 'transposed convolution'}` : '';
      const settings = [
        `Network to "${checkpoint.manifest.preset}"`, `Model size to ${shape.size}`,
        ...(predicting ? [`Predicts to "${outputOf(shape)}"`] : []), ...(resizing ? [`Upsampling to "${upsamplingOf(shape)}"`] : []),
      ];
      return `These weights are a ${checkpoint.manifest.preset ?? 'custom'} network at ${shape.size}px${predicting}${resizing}; set ${settings.slice(0, -1).join(', ')} and ${settings.at(-1)!}, or pick other weights.`;
    },
    load: (net, checkpoint) => loadGeneratorWeights(live.tf, net, checkpoint),
  });
}
