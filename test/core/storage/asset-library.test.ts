import { describe, expect, it } from 'vitest';
import { MAX_ASSET_BYTES } from '../../../src/core/storage';
import { sha256Hex } from '../../../src/core/storage/bytes';
import { openTestStorage, rejectionOf } from './storage-test-kit';

const clip = (text: string) => new Blob([text], { type: 'video/webm' });

describe('asset library', () => {
  it('stores a file under the SHA-256 of its bytes and gives the same bytes back', async () => {
    const { storage } = await openTestStorage();
    const saved = await storage.saveAsset({ name: 'walk.webm', kind: 'video', blob: clip('frames'), meta: { frames: 12 } });
    expect(saved.sha256).toBe(await sha256Hex(await clip('frames').arrayBuffer()));
    expect(saved).toMatchObject({ name: 'walk.webm', kind: 'video', mimeType: 'video/webm', bytes: 6, deduplicated: false, meta: { frames: 12 } });
    expect(await (await storage.load(saved.sha256)).text()).toBe('frames');
    expect(await storage.info(saved.sha256)).toMatchObject({ name: 'walk.webm', meta: { frames: 12 } });
  });

  it('stores identical bytes once and lists by kind, newest first', async () => {
    const { storage, countRecords } = await openTestStorage();
    const first = await storage.saveAsset({ name: 'a.webm', kind: 'video', blob: clip('same') });
    const again = await storage.saveAsset({ name: 'b.webm', kind: 'video', blob: clip('same') });
    await storage.saveAsset({ name: 'still.png', kind: 'image', blob: new Blob(['png'], { type: 'image/png' }) });
    expect(again).toMatchObject({ sha256: first.sha256, deduplicated: true, name: 'b.webm' });
    expect(await countRecords('assetBlobs')).toBe(2);
    expect((await storage.listAssets('video')).map((a) => a.name)).toEqual(['b.webm']);
    expect((await storage.listAssets()).map((a) => a.name)).toEqual(['still.png', 'b.webm']);
  });

  it('refuses an empty file and one over the size cap with messages that say why', async () => {
    const { storage, countRecords } = await openTestStorage();
    expect(await rejectionOf(storage.saveAsset({ name: 'zero.webm', kind: 'video', blob: new Blob([]) })))
      .toMatchObject({ message: '"zero.webm" is empty (0 bytes).' });
    const huge = { size: MAX_ASSET_BYTES + 1, type: 'video/mp4' } as Blob;
    expect(await rejectionOf(storage.saveAsset({ name: 'long.mp4', kind: 'video', blob: huge })))
      .toMatchObject({ message: expect.stringContaining('"long.mp4" is 512 MiB; the studio takes files up to 512 MiB') });
    expect(await countRecords('assets')).toBe(0);
  });

  it('says which file is missing and deletes record and bytes together', async () => {
    const { storage, countRecords } = await openTestStorage();
    const saved = await storage.saveAsset({ name: 'a.webm', kind: 'video', blob: clip('x') });
    expect(await storage.deleteAsset(saved.sha256)).toBe(true);
    expect(await storage.deleteAsset(saved.sha256)).toBe(false);
    expect([await countRecords('assets'), await countRecords('assetBlobs')]).toEqual([0, 0]);
    expect(await rejectionOf(storage.load(saved.sha256))).toMatchObject({ code: 'not-found', message: expect.stringContaining('Pick the file again') });
    expect(await storage.info(saved.sha256)).toBeUndefined();
  });
});
