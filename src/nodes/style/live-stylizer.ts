import type { ModelSource, Tf } from '../../core';
import { loadStylizerWeights, styleCheckpointFromArtifacts } from './style-checkpoint';
import { createStylizer, disposeStylizer, isStylizerPreset, stylizerConfig } from './stylizer';
import type { Stylizer, StylizerPreset } from './stylizer';

/** Reads the style image, fitted (centre crop) to `size` × `size`, as RGB bytes. */
export interface StyleImageSource {
  read(sha256: string, size: number): Promise<Uint8Array>;
}

/**
 * The Style Transfer node's state: its live network, where its weights came from, and where
 * training reads the style image from (the training context carries datasets only).
 */
export interface LiveStylizer {
  readonly tf: Tf;
  net: Stylizer;
  preset: StylizerPreset;
  /** The Weights param as last acted on: weights are loaded only when the param changes. */
  checkpointParam: string;
  /** The stored checkpoint `net` last equalled (loaded, or just saved by training); '' when none. */
  weightsFrom: string;
  readonly styleImages: StyleImageSource;
}

export interface StylizerParams {
  readonly preset: string;
  readonly checkpoint: string;
  readonly seed: number;
}

export function presetOf(params: StylizerParams): StylizerPreset {
  return isStylizerPreset(params.preset) ? params.preset : 'tiny';
}

export function createLiveStylizer(tf: Tf, params: StylizerParams, styleImages: StyleImageSource): LiveStylizer {
  const preset = presetOf(params);
  return { tf, net: createStylizer(tf, stylizerConfig(preset), params.seed), preset, checkpointParam: '', weightsFrom: '', styleImages };
}

/**
 * Brings `live` in line with the params, in `prepare`, as the generator's live network does: a
 * new Network rebuilds it, a changed Weights param loads those weights, '' reseeds.
 * @throws Error telling the user which param to set when the weights do not fit.
 */
export async function followStylizerParams(live: LiveStylizer, params: StylizerParams, models: ModelSource): Promise<void> {
  const preset = presetOf(params);
  const reseed = () => {
    disposeStylizer(live.net);
    live.net = createStylizer(live.tf, stylizerConfig(preset), params.seed);
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
  const checkpoint = styleCheckpointFromArtifacts(live.tf, await models.loadModel(params.checkpoint));
  if (JSON.stringify(checkpoint.config) !== JSON.stringify(live.net.config)) {
    throw new Error(`These weights are a ${checkpoint.preset ?? 'custom'} stylizer; set Network to "${checkpoint.preset ?? 'custom'}", or pick other weights.`);
  }
  loadStylizerWeights(live.tf, live.net, checkpoint);
  live.weightsFrom = params.checkpoint;
}
