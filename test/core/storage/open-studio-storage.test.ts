import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openStudioStorage, StorageError } from '../../../src/core/storage';
import { DB_VERSION } from '../../../src/core/storage/schema';
import { openTestStorage, rejectionOf } from './storage-test-kit';

afterEach(() => {
  vi.unstubAllGlobals();
});

/** A factory whose open request only ever fires `type`, as a browser does in that situation. */
function factoryFiring(type: 'blocked' | 'error', error?: DOMException): IDBFactory {
  return {
    open: () => {
      const request = Object.assign(new EventTarget(), { error, result: undefined, transaction: null });
      setTimeout(() => request.dispatchEvent(new Event(type)));
      return request;
    },
  } as unknown as IDBFactory;
}

describe('openStudioStorage', () => {
  it('creates every store on first open', async () => {
    const factory = new IDBFactory();
    const storage = await openStudioStorage({ factory, dbName: 'fresh' });
    storage.close();
    const db = await new Promise<IDBDatabase>((resolve) => {
      const request = factory.open('fresh');
      request.onsuccess = () => resolve(request.result);
    });
    expect([...db.objectStoreNames].sort()).toEqual(['assetBlobs', 'assets', 'datasets', 'drafts', 'frames', 'graphs', 'models', 'plugins', 'revisions', 'settings', 'weights']);
    expect(db.version).toBe(DB_VERSION);
    db.close();
  });

  it('upgrades a version-1 database, keeping its graphs and adding the file stores', async () => {
    const factory = new IDBFactory();
    await new Promise<void>((resolve, reject) => {
      const request = factory.open('old', 1);
      request.onupgradeneeded = () => {
        const db = request.result;
        db.createObjectStore('graphs', { keyPath: 'id' }).createIndex('by-updated', 'updatedAt');
        for (const name of ['drafts', 'weights', 'frames', 'settings']) db.createObjectStore(name);
        db.createObjectStore('revisions', { keyPath: ['graphId', 'revision'] });
        db.createObjectStore('models', { keyPath: 'sha256' }).createIndex('by-saved', 'savedAt');
        db.createObjectStore('datasets', { keyPath: 'id' }).createIndex('by-updated', 'updatedAt');
        request.transaction!.objectStore('settings').put('webgl', 'backend');
      };
      request.onsuccess = () => {
        request.result.close();
        resolve();
      };
      request.onerror = () => reject(request.error);
    });
    const storage = await openStudioStorage({ factory, dbName: 'old' });
    expect(await storage.getSetting('backend', 'none')).toBe('webgl');
    expect(await storage.listAssets()).toEqual([]);
    storage.close();
  });

  it('finds earlier data when the database is opened again', async () => {
    const factory = new IDBFactory();
    const first = await openStudioStorage({ factory, dbName: 'kept' });
    const { id } = await first.saveGraph({ name: 'G', json: '{}' });
    first.close();
    const second = await openStudioStorage({ factory, dbName: 'kept' });
    expect((await second.loadGraph(id)).name).toBe('G');
  });

  it('rejects with unavailable when the browser has no IndexedDB', async () => {
    vi.stubGlobal('indexedDB', undefined);
    const error = await rejectionOf(openStudioStorage());
    expect(error).toBeInstanceOf(StorageError);
    expect(error).toMatchObject({ code: 'unavailable', message: expect.stringContaining('IndexedDB is missing') });
  });

  it('rejects with unavailable when the database fails to open', async () => {
    const factory = factoryFiring('error', new DOMException('disk on fire', 'UnknownError'));
    expect(await rejectionOf(openStudioStorage({ factory }))).toMatchObject({ code: 'unavailable', message: expect.stringContaining('disk on fire') });
  });

  it('rejects with blocked when another tab holds an older version', async () => {
    expect(await rejectionOf(openStudioStorage({ factory: factoryFiring('blocked') }))).toMatchObject({ code: 'blocked' });
  });

  it('rejects calls after close with unavailable', async () => {
    const { storage } = await openTestStorage();
    storage.close();
    expect(await rejectionOf(storage.listGraphs())).toMatchObject({ code: 'unavailable', message: 'Storage is closed. Reload the page.' });
  });

  it('gives way to a newer version opened in another tab and asks for a reload', async () => {
    const { storage, factory } = await openTestStorage();
    await new Promise<void>((resolve, reject) => {
      const newer = factory.open('studio-test', DB_VERSION + 1);
      newer.onsuccess = () => {
        newer.result.close();
        resolve();
      };
      newer.onblocked = () => reject(new Error('the upgrade was blocked'));
    });
    expect(await rejectionOf(storage.saveGraph({ name: 'G', json: '{}' }))).toMatchObject({
      code: 'unavailable', message: expect.stringContaining('another tab'),
    });
  });

  it('rejects a revisionsKept below 1', async () => {
    await expect(openStudioStorage({ factory: new IDBFactory(), revisionsKept: 0 })).rejects.toThrow(RangeError);
  });
});
