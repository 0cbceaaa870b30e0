import type { AssetInfo, AssetKind, StudioStorage } from '../../core';
import { mediaMessages } from './messages';

/** The part of the studio's storage the media UI uses. */
export type AssetStore = Pick<StudioStorage, 'saveAsset' | 'listAssets' | 'info'>;

/** Probes and stores picked files as one asset of `kind`; rejects with a message for the user. */
export type MediaImporter = (storage: AssetStore, files: readonly File[], kind: AssetKind) => Promise<AssetInfo>;

/**
 * The stored clips and images as the editor sees them: what is there, what a param's file
 * is, and importing new ones. `version` goes up after each import, so every file field and
 * list re-reads storage when a file arrives from anywhere (a field, a canvas drop).
 */
export class AssetShelf {
  version = $state.raw(0);
  /** Imports running now, by the first file's name, for busy indicators. */
  busy: readonly string[] = $state.raw([]);

  constructor(
    readonly storage: AssetStore | undefined,
    private readonly importer: MediaImporter,
  ) {}

  /** Files of `kind` already stored, newest first; none when storage is off. */
  async list(kind: AssetKind): Promise<AssetInfo[]> {
    return this.storage ? this.storage.listAssets(kind) : [];
  }

  /** The stored facts of a param's file; undefined when it is not stored in this browser. */
  async info(sha256: string): Promise<AssetInfo | undefined> {
    return this.storage?.info(sha256);
  }

  /**
   * Probes and stores `files` as one asset of `kind`.
   * @throws Error whose message is for the user (not a video, unsupported codec, storage off…).
   */
  async import(files: readonly File[], kind: AssetKind): Promise<AssetInfo> {
    const storage = this.storage;
    const name = files[0]?.name ?? 'file';
    if (!storage) throw new Error(mediaMessages.storageOff(name));
    this.busy = [...this.busy, name];
    try {
      const info = await this.importer(storage, files, kind);
      this.version++;
      return info;
    } finally {
      const at = this.busy.indexOf(name);
      this.busy = this.busy.filter((_, i) => i !== at);
    }
  }
}
