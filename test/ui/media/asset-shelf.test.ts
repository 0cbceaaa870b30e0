import { describe, expect, it } from 'vitest';
import { openStudioStorage } from '../../../src/core';
import type { AssetInfo } from '../../../src/core';
import { AssetShelf } from '../../../src/ui/media/asset-shelf.svelte';
import type { MediaImporter } from '../../../src/ui/media/asset-shelf.svelte';

// Stores the bytes as they are, like importMediaFiles minus the probing.
const storeAsIs: MediaImporter = (storage, files, kind) => storage.saveAsset({ name: files[0]!.name, kind, blob: files[0]!, meta: { frames: 3 } });

describe('AssetShelf', () => {
  it('imports into storage, lists by kind and reads a stored file’s facts', async () => {
    const storage = await openStudioStorage({ dbName: `shelf-${Math.random()}` });
    const shelf = new AssetShelf(storage, storeAsIs);
    const info = await shelf.import([new File(['clip bytes'], 'clip.webm', { type: 'video/webm' })], 'video');
    expect(shelf.version).toBe(1);
    expect((await shelf.list('video')).map((a) => a.name)).toEqual(['clip.webm']);
    expect(await shelf.list('image')).toEqual([]);
    expect((await shelf.info(info.sha256))?.meta).toEqual({ frames: 3 });
    expect(await shelf.info('f'.repeat(64))).toBeUndefined();
  });

  it('shows what is importing while it runs, and leaves the version as it was when the import fails', async () => {
    let fail!: (error: Error) => void;
    const shelf = new AssetShelf({} as never, () => new Promise<AssetInfo>((_, reject) => (fail = reject)));
    const pending = shelf.import([new File(['x'], 'bad.webm')], 'video');
    expect(shelf.busy).toEqual(['bad.webm']);
    fail(new Error('“bad.webm” is damaged'));
    await expect(pending).rejects.toThrow('“bad.webm” is damaged');
    expect(shelf.busy).toEqual([]);
    expect(shelf.version).toBe(0);
  });

  it('explains that files cannot be kept when the browser offers no storage', async () => {
    const shelf = new AssetShelf(undefined, storeAsIs);
    expect(await shelf.list('video')).toEqual([]);
    await expect(shelf.import([new File(['x'], 'clip.webm')], 'video')).rejects.toThrow('“clip.webm” cannot be used: this browser offers no storage');
  });
});
