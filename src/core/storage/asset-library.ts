import type { AssetInfo, AssetKind, AssetSource } from '../graph/assets';
import { sha256Hex } from './bytes';
import { storageMessages } from './messages';
import type { AssetRecord } from './schema';
import { StorageError } from './storage-error';
import { inTransaction } from './transaction';
import type { StorageContext } from './transaction';

/**
 * Largest file the studio stores. Hashing reads the whole file into memory once, and a graph
 * loop never needs more than a few minutes of footage: past this, the user gets a message
 * asking for a shorter or smaller clip rather than a tab that runs out of memory.
 */
export const MAX_ASSET_BYTES = 512 * 1024 * 1024;

export interface NewAsset {
  readonly name: string;
  readonly kind: AssetKind;
  readonly blob: Blob;
  readonly meta?: AssetInfo['meta'];
}

export interface StoredAsset extends AssetInfo {
  /** True when these exact bytes were already stored, so none were written. */
  readonly deduplicated: boolean;
}

/** Picked and dropped files (clips, images, image-sequence manifests), content-addressed by SHA-256. */
export interface AssetLibrary extends AssetSource {
  /**
   * Stores `blob` under the SHA-256 of its bytes. Storing the same bytes again only refreshes
   * the name, kind and facts.
   * @throws StorageError `quota-exceeded` (nothing stored); RangeError when the file is empty or
   *   larger than {@link MAX_ASSET_BYTES}.
   */
  saveAsset(input: NewAsset): Promise<StoredAsset>;
  /**
   * Stores `blob` only when no file has its SHA-256 yet; a stored file's name, kind and facts
   * are never replaced. For files from elsewhere (bundles). Resolves whether it was added.
   * @throws like {@link saveAsset}.
   */
  addAssetIfAbsent(input: NewAsset): Promise<{ readonly sha256: string; readonly added: boolean }>;
  /** All stored assets of `kind` (or all), most recently saved first. */
  listAssets(kind?: AssetKind): Promise<AssetInfo[]>;
  /** Deletes the asset's record and bytes. Resolves false if it did not exist. */
  deleteAsset(sha256: string): Promise<boolean>;
}

const assetStores = ['assets', 'assetBlobs'] as const;

export function createAssetLibrary(context: StorageContext): AssetLibrary {
  return {
    async saveAsset(input) {
      const { record, blobExisted } = await writeAsset(context, input, 'replace');
      return { ...record, deduplicated: blobExisted };
    },

    async addAssetIfAbsent(input) {
      const { record, written } = await writeAsset(context, input, 'keep');
      return { sha256: record.sha256, added: written };
    },

    async load(sha256) {
      const [record, blob] = await inTransaction(context, assetStores, 'readonly', async (tx) =>
        [await tx.objectStore('assets').get(sha256), await tx.objectStore('assetBlobs').get(sha256)] as const);
      if (!record) throw new StorageError('not-found', storageMessages.assetNotFound(sha256));
      if (!blob || blob.size !== record.bytes) throw new StorageError('corrupt', storageMessages.assetDamaged(record.name));
      return blob;
    },

    info(sha256) {
      return inTransaction(context, ['assets'], 'readonly', (tx) => tx.store.get(sha256));
    },

    async listAssets(kind) {
      const all = await inTransaction(context, ['assets'], 'readonly', (tx) => tx.store.index('by-saved').getAll());
      return all.reverse().filter((asset) => kind === undefined || asset.kind === kind);
    },

    deleteAsset(sha256) {
      return inTransaction(context, assetStores, 'readwrite', async (tx) => {
        if ((await tx.objectStore('assets').count(sha256)) === 0) return false;
        await Promise.all([tx.objectStore('assets').delete(sha256), tx.objectStore('assetBlobs').delete(sha256)]);
        return true;
      }, () => storageMessages.notDeleted('the file'));
    },
  };
}

/** `keep` leaves a stored file with the same SHA-256 untouched; `replace` refreshes its record. */
async function writeAsset(context: StorageContext, { name, kind, blob, meta }: NewAsset, existing: 'replace' | 'keep') {
  if (blob.size === 0) throw new RangeError(`"${name}" is empty (0 bytes).`);
  if (blob.size > MAX_ASSET_BYTES) {
    throw new RangeError(`"${name}" is ${formatMiB(blob.size)}; the studio takes files up to ${formatMiB(MAX_ASSET_BYTES)}. Trim or downscale the clip first.`);
  }
  // Hash before the transaction opens: awaiting anything else inside it would let it auto-commit.
  const sha256 = await sha256Hex(await blob.arrayBuffer());
  const record: AssetRecord = { sha256, name, kind, mimeType: blob.type, bytes: blob.size, savedAt: context.now(), ...(meta ? { meta } : {}) };
  return inTransaction(context, assetStores, 'readwrite', async (tx) => {
    const blobExisted = (await tx.objectStore('assetBlobs').count(sha256)) > 0;
    if (existing === 'keep' && (await tx.objectStore('assets').count(sha256)) > 0) return { record, blobExisted, written: false };
    if (!blobExisted) await tx.objectStore('assetBlobs').add(blob, sha256);
    await tx.objectStore('assets').put(record);
    return { record, blobExisted, written: true };
  }, () => storageMessages.notWritten(`"${name}"`));
}

function formatMiB(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MiB`;
}
