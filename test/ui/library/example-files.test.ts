import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AssetInfo, AssetKind } from '../../../src/core';
import { storeExampleFiles } from '../../../src/ui/library/example-files';
import type { ExampleFile } from '../../../src/ui/library/example-files';
import type { AssetStore } from '../../../src/ui/media/asset-shelf.svelte';

const bytes = new TextEncoder().encode('pretend clip');
const clip: ExampleFile = { sha256: createHash('sha256').update(bytes).digest('hex'), path: 'examples/assets/beat-clip.webm', kind: 'video' };

/** A storage holding `stored` hashes, and an importer that records what it was given. */
function studio(stored: readonly string[] = []) {
  const imported: Array<{ name: string; type: string; text: string; kind: AssetKind }> = [];
  const storage = {
    info: (sha256: string) => Promise.resolve(stored.includes(sha256) ? ({ sha256 } as AssetInfo) : undefined),
  } as unknown as AssetStore;
  const importFiles = async (_storage: AssetStore, files: readonly File[], kind: AssetKind) => {
    imported.push({ name: files[0]!.name, type: files[0]!.type, text: await files[0]!.text(), kind });
    return { sha256: clip.sha256 } as AssetInfo;
  };
  const fetched: string[] = [];
  const fetchFile = (body: Uint8Array<ArrayBuffer>, status = 200) => (url: string) => {
    fetched.push(url);
    return Promise.resolve(new Response(status === 200 ? body : 'missing', { status, headers: { 'content-type': 'video/webm' } }));
  };
  return { storage, importFiles, imported, fetched, fetchFile };
}

describe('storeExampleFiles', () => {
  it('fetches a file storage lacks from the app\'s base URL and imports it under its file name', async () => {
    const s = studio();
    const count = await storeExampleFiles([clip], { storage: s.storage, importFiles: s.importFiles, base: '/studio/', fetch: s.fetchFile(bytes) });
    expect(count).toBe(1);
    expect(s.fetched).toEqual(['/studio/examples/assets/beat-clip.webm']);
    expect(s.imported).toEqual([{ name: 'beat-clip.webm', type: 'video/webm', text: 'pretend clip', kind: 'video' }]);
  });

  it('leaves a file that is already stored alone, fetching nothing', async () => {
    const s = studio([clip.sha256]);
    expect(await storeExampleFiles([clip], { storage: s.storage, importFiles: s.importFiles, fetch: s.fetchFile(bytes) })).toBe(0);
    expect(s.fetched).toEqual([]);
    expect(s.imported).toEqual([]);
  });

  it('refuses bytes that are not the ones the example names, storing nothing', async () => {
    const s = studio();
    const damaged = new TextEncoder().encode('pretend clup');
    await expect(storeExampleFiles([clip], { storage: s.storage, importFiles: s.importFiles, fetch: s.fetchFile(damaged) }))
      .rejects.toThrow(/“beat-clip\.webm” that ships with the app could not be read \(its bytes hash to [0-9a-f]{12}…, not [0-9a-f]{12}…\)/);
    expect(s.imported).toEqual([]);
  });

  it('says when the file is not served', async () => {
    const s = studio();
    await expect(storeExampleFiles([clip], { storage: s.storage, importFiles: s.importFiles, fetch: s.fetchFile(bytes, 404) }))
      .rejects.toThrow('could not be read (HTTP 404)');
  });

  it('says when the browser offers no storage to keep the file in', async () => {
    const s = studio();
    await expect(storeExampleFiles([clip], { storage: undefined, importFiles: s.importFiles, fetch: s.fetchFile(bytes) }))
      .rejects.toThrow('could not be stored: this browser offers no storage');
    expect(s.fetched).toEqual([]);
  });
});
