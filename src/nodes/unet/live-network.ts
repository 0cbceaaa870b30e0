import type { ModelSource, Tf } from '../../core';
import { checkpointFromArtifacts, loadGeneratorWeights } from './checkpoint';
import { followWeightsParam } from '../../core/training-kit';
import type { LiveWeights } from '../../core/training-kit';
import { createUNet, disposeUNet, GENERATOR_OUTPUTS, unetConfig, variantOf } from './unet';
import type { GeneratorOutput, GeneratorPreset, UNet, UNetConfig, UNetVariant } from './unet';

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
  /** The "Predicts" param; networks without it predict frames. */
  readonly output?: string;
  /** The generator's "Upsampling" param; networks without it use pix2pix's transposed convolutions. */
  readonly upsample?: string;
  /** The generator's "Full-resolution skip" param; networks without it have none. */
  readonly fullResSkip?: boolean;
}

/** The U-Net variant the params ask for, every field given. */
function variantParams(params: NetworkParams): Required<UNetVariant> {
  return {
    output: (GENERATOR_OUTPUTS as readonly string[]).includes(params.output ?? '') ? params.output as GeneratorOutput : 'frame',
    upsampling: params.upsample === 'resize' ? 'resize' : 'transposed',
    fullResolutionSkip: params.fullResSkip === true,
  };
}

export function createLiveNetwork(tf: Tf, params: NetworkParams): LiveNetwork {
  const preset = params.preset as GeneratorPreset;
  return { tf, net: createUNet(tf, unetConfig(preset, Number(params.size), variantParams(params)), params.seed), preset, checkpointParam: '', weightsFrom: '' };
}

/**
 * Brings `live` in line with the params, in `prepare`, as `followWeightsParam` does.
 * @throws Error telling the user which params to set when the weights are of another shape.
 */
export function followParams(live: LiveNetwork, params: NetworkParams, models: ModelSource): Promise<void> {
  const size = Number(params.size);
  const preset = params.preset as GeneratorPreset;
  const variant = variantParams(params);
  const sameVariant = (config: UNetConfig) => JSON.stringify(variantOf(config)) === JSON.stringify(variant);
  return followWeightsParam(live, models, {
    preset,
    checkpoint: params.checkpoint,
    fitsParams: (net) => net.config.size === size && sameVariant(net.config),
    create: () => createUNet(live.tf, unetConfig(preset, size, variant), params.seed),
    dispose: disposeUNet,
    read: checkpointFromArtifacts,
    mismatch: (checkpoint) => {
      const shape = checkpoint.manifest.generator;
      if (shape.size === size && (checkpoint.manifest.preset ?? preset) === preset && sameVariant(shape)) return undefined;
      return mismatchMessage(checkpoint.manifest.preset, shape, variant);
    },
    load: (net, checkpoint) => loadGeneratorWeights(live.tf, net, checkpoint),
  });
}

/** What each *Predicts* setting predicts, in a sentence. */
const OUTPUT_WORDS: Readonly<Record<GeneratorOutput, string>> = { frame: 'frames', change: 'the change', motion: 'motion and the change' };

/** pix2pix's value of each variant setting. */
const PIX2PIX_VARIANT: Required<UNetVariant> = { output: 'frame', upsampling: 'transposed', fullResolutionSkip: false };

/**
 * What the weights are and which params would make the node fit them. A variant setting is
 * named only where the weights or the node leave pix2pix's, so messages about plain pix2pix
 * networks stay short.
 */
function mismatchMessage(preset: string | undefined, shape: UNetConfig, node: Required<UNetVariant>): string {
  const weights = variantOf(shape);
  const keys = Object.keys(PIX2PIX_VARIANT) as Array<keyof UNetVariant>;
  const named = new Set(keys.filter((key) => weights[key] !== PIX2PIX_VARIANT[key] || node[key] !== PIX2PIX_VARIANT[key]));
  const described = [
    named.has('output') ? ` predicting ${OUTPUT_WORDS[weights.output]}` : '',
    named.has('upsampling') ? ` upsampling by ${weights.upsampling === 'resize' ? 'resize-convolution' : 'transposed convolution'}` : '',
    named.has('fullResolutionSkip') ? ` ${weights.fullResolutionSkip ? 'with' : 'without'} a full-resolution skip` : '',
  ].join('');
  const settings = [
    `Network to "${preset}"`, `Model size to ${shape.size}`,
    ...(named.has('output') ? [`Predicts to "${weights.output}"`] : []),
    ...(named.has('upsampling') ? [`Upsampling to "${weights.upsampling}"`] : []),
    ...(named.has('fullResolutionSkip') ? [`Full-resolution skip ${weights.fullResolutionSkip ? 'on' : 'off'}`] : []),
  ];
  return `These weights are a ${preset ?? 'custom'} network at ${shape.size}px${described}; set ${settings.slice(0, -1).join(', ')} and ${settings.at(-1)!}, or pick other weights.`;
}
