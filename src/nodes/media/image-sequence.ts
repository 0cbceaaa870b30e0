import { isAssetRef } from '../../core';
import { MediaInputError, mediaInputMessages as say, quoteName } from './media-input-error';

/** Sorts like a file manager: `frame2.png` before `frame10.png`, case ignored. */
export function naturalOrder<F extends { readonly name: string }>(files: readonly F[]): F[] {
  const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
  return [...files].sort((a, b) => collator.compare(a.name, b.name));
}

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
