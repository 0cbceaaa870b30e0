import { IMAGE_SEQUENCE_MIME } from '../../core';
import type { AssetKind, NewAsset, StoredAsset } from '../../core';
import { MediaInputError, mediaInputMessages as say } from './media-input-error';
import { probeImage, probeVideo } from './probe';
import type { NamedBlob } from './probe';
import { naturalOrder } from '../../core';

export { MediaInputError } from './media-input-error';
export type { MediaInputErrorCode } from './media-input-error';

/** The part of the studio's storage an import writes to. */
export interface AssetSaver {
  saveAsset(input: NewAsset): Promise<StoredAsset>;
}

/** Most images an image sequence may hold: each is decoded and fitted once per pass. */
export const MAX_SEQUENCE_IMAGES = 10_000;

/**
 * Probes `file` and, only if it is usable as a `kind` source, stores it. A video's facts
 * (container, codec, codecString, width, height, frames, duration, fps, decodable) and an
 * image's (width, height) become the asset's `meta`. For an image sequence pass several
 * files to `importMediaFiles`; here `image-sequence` takes one file as a one-image sequence.
 * @throws MediaInputError (nothing stored) when the file is unusable; StorageError when
 *   storing fails.
 *
 * @example
 * const asset = await importMediaFile(storage, droppedFile, 'video');
 * setParam(graph, nodeId, 'clip', asset.sha256);
 */
export async function importMediaFile(storage: AssetSaver, file: NamedBlob, kind: AssetKind): Promise<StoredAsset> {
  if (kind === 'image-sequence') return importImageSequence(storage, [file]);
  if (kind === 'video') {
    const facts = await probeVideo(file);
    return storage.saveAsset({ name: file.name, kind, blob: file, meta: { ...facts } });
  }
  const facts = await probeImage(file);
  return storage.saveAsset({ name: file.name, kind, blob: file, meta: { ...facts } });
}

/**
 * Several files as one asset of `kind`: images become a sequence (sorted by natural name
 * order); a video or a single image takes exactly one file.
 * @throws MediaInputError as importMediaFile; `bad-sequence` for no files.
 */
export async function importMediaFiles(storage: AssetSaver, files: readonly NamedBlob[], kind: AssetKind): Promise<StoredAsset> {
  if (kind === 'image-sequence') return importImageSequence(storage, files);
  const [file] = files;
  if (!file) throw new MediaInputError('bad-sequence', '', say.noImages());
  return importMediaFile(storage, file, kind);
}

/**
 * Stores each image (probed first, all of them before any is stored, so one bad file leaves
 * storage untouched) and then the manifest `{ "images": [sha256…] }` naming them in natural
 * file-name order (frame2 before frame10). The manifest's meta: images, width, height (of the
 * first image), and `mixedSizes` when they differ (each is fitted to the frame on its own).
 * @throws MediaInputError `bad-sequence` for none or more than MAX_SEQUENCE_IMAGES, or any
 *   image's error.
 */
export async function importImageSequence(storage: AssetSaver, files: readonly NamedBlob[]): Promise<StoredAsset> {
  if (files.length === 0) throw new MediaInputError('bad-sequence', '', say.noImages());
  if (files.length > MAX_SEQUENCE_IMAGES) {
    throw new MediaInputError('bad-sequence', files[0]!.name, say.tooManyImages(files.length, MAX_SEQUENCE_IMAGES));
  }
  const ordered = naturalOrder(files);
  const sizes = [];
  for (const file of ordered) sizes.push(await probeImage(file));
  const images: string[] = [];
  for (const [i, file] of ordered.entries()) {
    const stored = await storage.saveAsset({ name: file.name, kind: 'image', blob: file, meta: { ...sizes[i]! } });
    images.push(stored.sha256);
  }
  const first = sizes[0]!;
  const mixedSizes = sizes.some((s) => s.width !== first.width || s.height !== first.height);
  const manifest = new Blob([JSON.stringify({ images })], { type: IMAGE_SEQUENCE_MIME });
  return storage.saveAsset({
    name: sequenceName(ordered.map((f) => f.name)),
    kind: 'image-sequence',
    blob: manifest,
    meta: { images: images.length, width: first.width, height: first.height, ...(mixedSizes ? { mixedSizes } : {}) },
  });
}

/** `frame001.png … frame120.png (120 images)`, or the one name. */
function sequenceName(names: readonly string[]): string {
  return names.length === 1 ? names[0]! : `${names[0]} … ${names.at(-1)} (${names.length} images)`;
}
