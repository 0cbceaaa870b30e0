import type { LayersModel, Tensor3D } from '@tensorflow/tfjs';
import type { Tf } from '../../core';
import type { UpscaleFactor, UpscalerModelName } from './catalog';
import { UPSCALER_MODELS, servedModelUrl } from './catalog';
import { foldUpscaler } from './folded-network';
import type { UpscalerNetwork } from './folded-network';
import type { TiledOptions } from './tiles';
import { TILE_CONTEXT, runTiled } from './tiles';
import { errorMessage } from '../../core';

/** Windows per network call: four 152² windows of a 64-channel RDN stay well under 100 MB. */
const TILES_PER_CALL = 4;

/**
 * Loads an UpscalerJS model from our own origin (never a CDN), rewritten to read and write
 * [0, 1] with less work per frame (see `foldUpscaler`). In node tests a tf.io load router
 * serves the same URL from the package files. @throws Error naming the model and URL.
 */
export async function loadUpscalerModel(tf: Tf, model: UpscalerModelName, scale: UpscaleFactor): Promise<UpscalerNetwork> {
  const url = servedModelUrl(model, scale);
  let network: LayersModel;
  try {
    network = await tf.loadLayersModel(url);
  } catch (error) {
    const reason = errorMessage(error);
    throw new Error(`could not load the ${UPSCALER_MODELS[model].label} ×${scale} weights from ${url}: ${reason}`);
  }
  try {
    return foldUpscaler(tf, network);
  } catch (error) {
    network.dispose();
    throw error;
  }
}

/**
 * Upscales an [h, w, 3] image in [0, 1] with a network from `loadUpscalerModel`. Its output
 * overshoots [0, 1], so it is clipped, as the upscaler library does. Frames larger than one
 * tile are processed in overlapping tiles (see tiles.ts). Call inside `tf.tidy`.
 */
export function upscaleWithModel(tf: Tf, network: UpscalerNetwork, image: Tensor3D, tile: number): Tensor3D {
  const options: TiledOptions = { scale: network.scale, tile, context: TILE_CONTEXT, batch: TILES_PER_CALL };
  return tf.clipByValue(runTiled(tf, network.run, image, options), 0, 1) as Tensor3D;
}
