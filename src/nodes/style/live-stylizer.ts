import type { ModelSource, Tf } from '../../core';
import { followWeightsParam } from '../../core/training-kit';
import type { LiveWeights } from '../../core/training-kit';
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
export interface LiveStylizer extends LiveWeights<Stylizer, StylizerPreset> {
  readonly tf: Tf;
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
 * Brings `live` in line with the params, in `prepare`, as `followWeightsParam` does: a new
 * Network rebuilds it. @throws Error telling the user which param to set when the weights do not fit.
 */
export function followStylizerParams(live: LiveStylizer, params: StylizerParams, models: ModelSource): Promise<void> {
  const preset = presetOf(params);
  return followWeightsParam(live, models, {
    preset,
    checkpoint: params.checkpoint,
    create: () => createStylizer(live.tf, stylizerConfig(preset), params.seed),
    dispose: disposeStylizer,
    read: (artifacts) => styleCheckpointFromArtifacts(live.tf, artifacts),
    mismatch: (checkpoint, net) => JSON.stringify(checkpoint.config) === JSON.stringify(net.config) ? undefined
      : `These weights are a ${checkpoint.preset ?? 'custom'} stylizer; set Network to "${checkpoint.preset ?? 'custom'}", or pick other weights.`,
    load: (net, checkpoint) => loadStylizerWeights(live.tf, net, checkpoint),
  });
}
