import type { ModelSource, Tf } from '../../core';
import { assignWeights, prefixedWeights } from '../generator/weights';
import { loadMultiScaleWeights, multiScaleFromArtifacts } from './checkpoint';
import { createMultiScaleGenerator, disposeMultiScaleGenerator, multiScaleConfig } from './model';
import type { MultiScaleGenerator, MultiScalePreset } from './model';

/**
 * The node's live generator and where its weights came from, as the pix2pix generator's
 * LiveNetwork (src/nodes/generator/live-network.ts) keeps its U-Net: weights load only when
 * the Weights param changes, and training overwrites them in place.
 */
export interface LiveMultiScale {
  readonly tf: Tf;
  net: MultiScaleGenerator;
  preset: MultiScalePreset;
  /** The Weights param as last acted on. */
  checkpointParam: string;
  /** The stored checkpoint `net` last equalled (loaded, or just saved by training); '' when none. */
  weightsFrom: string;
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
 * Brings `live` in line with the params, in `prepare`: a new Network rebuilds it, a changed
 * Weights param loads those weights, '' reseeds. @throws Error telling the user what to set
 * when the weights are of another network.
 */
export async function followMultiScaleParams(live: LiveMultiScale, params: MultiScaleNetworkParams, models: ModelSource): Promise<void> {
  const preset = params.preset as MultiScalePreset;
  const reseed = () => {
    disposeMultiScaleGenerator(live.net);
    live.net = createMultiScaleGenerator(live.tf, multiScaleConfig(preset), params.seed);
    live.weightsFrom = '';
  };
  if (live.preset !== preset) {
    reseed();
    live.preset = preset;
    live.checkpointParam = '';
  }
  if (params.checkpoint === live.checkpointParam) return;
  live.checkpointParam = params.checkpoint;
  if (params.checkpoint === live.weightsFrom) return;
  if (params.checkpoint === '') return reseed();
  const checkpoint = multiScaleFromArtifacts(live.tf, await models.loadModel(params.checkpoint));
  if (JSON.stringify(checkpoint.manifest.generator) !== JSON.stringify(live.net.config)) {
    throw new Error(`These weights are a ${checkpoint.manifest.preset ?? 'custom'} multi-scale network; set Network to "${checkpoint.manifest.preset ?? 'the one they were trained with'}", or pick other weights.`);
  }
  loadMultiScaleWeights(live.tf, live.net, checkpoint);
  live.weightsFrom = params.checkpoint;
}

/** Copies the trained generator into the node's live one: from the next frame on, the loop uses it. */
export function publishMultiScale(live: MultiScaleGenerator, trained: MultiScaleGenerator): void {
  assignWeights(live.weights, prefixedWeights(trained.weights, ''));
}
