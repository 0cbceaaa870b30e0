import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openStudioStorage } from '../../../src/core/storage';
import { sha256Hex } from '../../../src/core/storage/bytes';
import { openTestStorage } from './storage-test-kit';

const code = '// @nfp-plugin {"id":"p","version":"1"}\nexport default {};\n';

describe('plugin library', () => {
  it('keeps one version per plugin id, listed in install order, and deletes by id', async () => {
    const { storage } = await openTestStorage();
    const sha256 = await sha256Hex(new TextEncoder().encode(code).buffer);
    await storage.savePlugin({ id: 'b', version: '1', sha256, source: 'b.js', code });
    await storage.savePlugin({ id: 'a', version: '1', sha256, source: 'a.js', code });
    await storage.savePlugin({ id: 'b', version: '2', sha256, source: 'b2.js', code });
    expect((await storage.listPlugins()).map((p) => [p.id, p.version, p.bytes])).toEqual([['a', '1', code.length], ['b', '2', code.length]]);
    expect(await storage.deletePlugin('a')).toBe(true);
    expect(await storage.deletePlugin('a')).toBe(false);
    expect((await storage.listPlugins()).map((p) => p.id)).toEqual(['b']);
  });

  it('upgrades a version-2 database to add the plugin store, keeping its assets', async () => {
    const factory = new IDBFactory();
    await new Promise<void>((resolve, reject) => {
      const request = factory.open('v2', 2);
      request.onupgradeneeded = () => {
        const db = request.result;
        db.createObjectStore('graphs', { keyPath: 'id' }).createIndex('by-updated', 'updatedAt');
        for (const name of ['drafts', 'weights', 'frames', 'settings', 'assetBlobs']) db.createObjectStore(name);
        db.createObjectStore('revisions', { keyPath: ['graphId', 'revision'] });
        db.createObjectStore('models', { keyPath: 'sha256' }).createIndex('by-saved', 'savedAt');
        db.createObjectStore('datasets', { keyPath: 'id' }).createIndex('by-updated', 'updatedAt');
        db.createObjectStore('assets', { keyPath: 'sha256' }).createIndex('by-saved', 'savedAt');
        const tx = request.transaction!;
        tx.objectStore('assets').put({ sha256: 'a'.repeat(64), name: 'clip.webm', kind: 'video', mimeType: 'video/webm', bytes: 3, savedAt: 1 });
        tx.objectStore('assetBlobs').put(new Blob(['abc']), 'a'.repeat(64));
      };
      request.onsuccess = () => { request.result.close(); resolve(); };
      request.onerror = () => reject(request.error);
    });
    const storage = await openStudioStorage({ factory, dbName: 'v2' });
    expect((await storage.listAssets()).map((a) => a.name)).toEqual(['clip.webm']);
    expect(await storage.listPlugins()).toEqual([]);
    storage.close();
  });
});
