import type { AssetSource } from '../../core';

/**
 * A stored file as a `File` carrying the name the user gave it, so every message about it
 * can name it. Wrapping the Blob in a File copies no bytes.
 * @throws Error from the asset source (not stored here, storage off) with its message.
 */
export async function loadAssetFile(assets: AssetSource, sha256: string, fallbackName: string): Promise<File> {
  const [info, blob] = await Promise.all([assets.info(sha256).catch(() => undefined), assets.load(sha256)]);
  return new File([blob], info?.name ?? fallbackName, { type: blob.type });
}
