import type { ModelSource, Tf } from '../../core';
import { followWeightsParam } from '../../core/training-kit';
import type { LiveWeights } from '../../core/training-kit';
import { loadMultiScaleWeights, multiScaleFromArtifacts } from './checkpoint';
import { createMultiScaleGenerator, disposeMultiScaleGenerator, multiScaleConfig } from './model';
import type { MultiScaleGenerator, MultiScalePreset } from './model';

/**
 * The node's live generator and where its weights came from, as the pix2pix generator's
 * LiveNetwork (src/nodes/unet/live-network.ts) keeps its U-Net: weights load only when
 * the Weights param changes, and training overwrites them in place.
 */
export interface LiveMultiScale extends LiveWeights<MultiScaleGenerator, MultiScalePreset> {
  readonly tf: Tf;
}

export interface MultiScaleNetworkParams {
  readonly preset: string;
  readonly checkpoint: string;
  readonly seed: number;
}

export function createLiveMultiScale(tf: Tf, params: MultiScaleNetworkParams): LiveMultiScale {
  const preset = params.preset as MultiScalePreset;
  return { tf, net: createMultiScaleGenerator(tf, multiScaleConfig(preset), params.seed), preset, checkpointParam: '', weightsFrom: '' };
}

/**
 * Brings `live` in line with the params, in `prepare`, as `followWeightsParam` does: a new
 * Network rebuilds it. @throws Error telling the user what to set when the weights are of
 * another network.
 */
export function followMultiScaleParams(live: LiveMultiScale, params: MultiScaleNetworkParams, models: ModelSource): Promise<void> {
  const preset = params.preset as MultiScalePreset;
  return followWeightsParam(live, models, {
    preset,
    checkpoint: params.checkpoint,
    create: () => createMultiScaleGenerator(live.tf, multiScaleConfig(preset), params.seed),
    dispose: disposeMultiScaleGenerator,
    read: (artifacts) => multiScaleFromArtifacts(artifacts),
    mismatch: ({ manifest }, net) => JSON.stringify(manifest.generator) === JSON.stringify(net.config) ? undefined
      : `These weights are a ${manifest.preset ?? 'custom'} multi-scale network; set Network to "${manifest.preset ?? 'the one they were trained with'}", or pick other weights.`,
    load: (net, checkpoint) => loadMultiScaleWeights(live.tf, net, checkpoint),
  });
}
