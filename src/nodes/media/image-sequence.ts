import { isAssetRef } from '../../core';
import { MediaInputError, mediaInputMessages as say, quoteName } from './media-input-error';

/**
 * The images an image-sequence manifest names, in order. The manifest is JSON
 * `{ "images": ["<sha256>", …] }` (IMAGE_SEQUENCE_MIME), written by importImageSequence.
 * @throws MediaInputError `bad-sequence` naming what is wrong with it.
 */
export function parseImageSequence(text: string, fileName: string): string[] {
  const fail = (detail: string): never => {
    throw new MediaInputError('bad-sequence', fileName, say.badManifest(quoteName(fileName), detail));
  };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return fail('it is not JSON');
  }
  if (typeof data !== 'object' || data === null || !('images' in data) || !Array.isArray(data.images)) {
    return fail('it has no "images" list');
  }
  const images = data.images as unknown[];
  if (images.length === 0) return fail('the list is empty');
  images.forEach((ref, i) => {
    if (typeof ref !== 'string' || !isAssetRef(ref)) fail(`entry ${i} is not a file reference`);
  });
  return images as string[];
}
