import type { LayersModel, Tensor3D, Tensor4D } from '@tensorflow/tfjs';
import type { Tf } from '../../core';
import type { UpscaleFactor, UpscalerModelName } from './catalog';
import { UPSCALER_MODELS, servedModelUrl } from './catalog';
import type { TiledOptions } from './tiles';
import { TILE_CONTEXT, runTiled } from './tiles';

/** Windows per network call: four 152² windows of a 64-channel RDN stay well under 100 MB. */
const TILES_PER_CALL = 4;

/**
 * Loads an UpscalerJS model from our own origin (never a CDN). In node tests a tf.io load
 * router serves the same URL from the package files. @throws Error naming the model and URL.
 */
export async function loadUpscalerModel(tf: Tf, model: UpscalerModelName, scale: UpscaleFactor): Promise<LayersModel> {
  const url = servedModelUrl(model, scale);
  try {
    return await tf.loadLayersModel(url);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`could not load the ${UPSCALER_MODELS[model].label} ×${scale} weights from ${url}: ${reason}`);
  }
}

/**
 * Upscales an [h, w, 3] image in [0, 1] with an UpscalerJS RDN model: the model reads and
 * writes [0, 255], and its output overshoots that range, so it is clipped (as the upscaler
 * library does) before going back to [0, 1]. Frames larger than one tile are processed in
 * overlapping tiles (see tiles.ts). Call inside `tf.tidy`.
 */
export function upscaleWithModel(tf: Tf, model: LayersModel, image: Tensor3D, scale: number, tile: number): Tensor3D {
  const network = (batch: Tensor4D): Tensor4D => model.predict(tf.mul(batch, 255)) as Tensor4D;
  const options: TiledOptions = { scale, tile, context: TILE_CONTEXT, batch: TILES_PER_CALL };
  return tf.div(tf.clipByValue(runTiled(tf, network, image, options), 0, 255), 255) as Tensor3D;
}
