import type { AssetSource } from '../../core';
import { loadAssetFile } from './asset-file';
import { checkImageHeader } from './image-header';
import { MAX_IMAGE_SIDE } from './probe';
import type { Fit } from './fit';
import { MediaInputError, mediaInputMessages as say, quoteName } from './media-input-error';
import { drawImageSource } from './picture-fitter';
import type { PictureFitter } from './picture-fitter';

/**
 * Decodes a stored image with `createImageBitmap` and fits it to the frame size.
 * @throws MediaInputError `not-image` when the browser cannot decode it, `too-big-frame` when
 *   its header declares a side over MAX_IMAGE_SIDE (checked before decoding); the asset
 *   source's Error when it is not stored.
 */
export async function readImage(assets: AssetSource, sha256: string, fitter: PictureFitter, fit: Fit): Promise<Uint8ClampedArray> {
  const file = await loadAssetFile(assets, sha256, `image ${sha256.slice(0, 12)}…`);
  // Stored files may come from a bundle, never probed here: check the size before decoding.
  await checkImageHeader(file, MAX_IMAGE_SIDE);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new MediaInputError('not-image', file.name, say.notImage(quoteName(file.name)));
  }
  try {
    return fitter.fit(drawImageSource(bitmap), { width: bitmap.width, height: bitmap.height }, fit);
  } finally {
    bitmap.close();
  }
}
