/**
 * Files a graph uses (video clips, images, image sequences): stored once, content-addressed by
 * the SHA-256 of their bytes, and referenced from params by that hash. A graph file therefore
 * names exactly the bytes it was made with, and a shared bundle can verify them.
 */

/** What an asset param accepts. An image sequence is stored as a manifest naming its images. */
export type AssetKind = 'video' | 'image' | 'image-sequence';

export const ASSET_KINDS: readonly AssetKind[] = ['video', 'image', 'image-sequence'];

/** MIME type of an image-sequence manifest: JSON `{ "images": [sha256, …] }`, in order. */
export const IMAGE_SEQUENCE_MIME = 'application/vnd.nfp.image-sequence+json';

/** Stored facts about an asset; the bytes are fetched separately with `AssetSource.load`. */
export interface AssetInfo {
  readonly sha256: string;
  /** The file name the user gave it. */
  readonly name: string;
  readonly kind: AssetKind;
  readonly mimeType: string;
  readonly bytes: number;
  readonly savedAt: number;
  /** Facts probed when the file was imported (frame count, size, codec…), shown in the inspector. */
  readonly meta?: Readonly<Record<string, string | number | boolean>>;
}

/** Where nodes get asset bytes from. The composition root passes the studio's storage. */
export interface AssetSource {
  /** The asset's bytes. @throws Error with a message for the user when it is not stored here. */
  load(sha256: string): Promise<Blob>;
  /** Its stored facts, or undefined when it is not stored here. */
  info(sha256: string): Promise<AssetInfo | undefined>;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function isAssetRef(value: string): boolean {
  return SHA256_HEX.test(value);
}

/** The source used when no storage was given (headless tools, storage unavailable). */
export const noAssetSource: AssetSource = {
  load: (sha256) => Promise.reject(new Error(`File ${sha256.slice(0, 12)}… is not available: browser storage is not open, so picked files cannot be read.`)),
  info: () => Promise.resolve(undefined),
};

/** An in-memory source, for tests and for tools that hold files themselves. */
export function memoryAssetSource(entries: Iterable<readonly [AssetInfo, Blob]>): AssetSource {
  const byHash = new Map<string, readonly [AssetInfo, Blob]>();
  for (const entry of entries) byHash.set(entry[0].sha256, entry);
  return {
    load: (sha256) => {
      const entry = byHash.get(sha256);
      return entry ? Promise.resolve(entry[1]) : Promise.reject(new Error(`File ${sha256.slice(0, 12)}… is not in this studio's storage. Pick the file again.`));
    },
    info: (sha256) => Promise.resolve(byHash.get(sha256)?.[0]),
  };
}
