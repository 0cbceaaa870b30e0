import { describe, expect, it } from 'vitest';
import { StorageError } from '../../../src/core/storage';
import { openTestStorage, rejectionOf } from './storage-test-kit';

const graphJson = (label: string) => JSON.stringify({ version: 1, name: label, nodes: [{ id: label }], edges: [] });

describe('graph library', () => {
  it('saves a new graph as revision 1 and loads back its JSON and name', async () => {
    const { storage } = await openTestStorage();
    const { id, revision } = await storage.saveGraph({ name: 'My graph', json: graphJson('a') });
    expect(revision).toBe(1);
    expect(await storage.loadGraph(id)).toMatchObject({ id, name: 'My graph', revision: 1, json: graphJson('a') });
  });

  it('lists graphs most recently changed first, with their UTF-8 size', async () => {
    const { storage } = await openTestStorage();
    const first = await storage.saveGraph({ name: 'First', json: '"é"' });
    const second = await storage.saveGraph({ name: 'Second', json: graphJson('b') });
    await storage.saveGraph({ id: first.id, name: 'First', json: '"éé"' });
    const list = await storage.listGraphs();
    expect(list.map((g) => g.id)).toEqual([first.id, second.id]);
    expect(list[0]).toMatchObject({ name: 'First', revision: 2, bytes: 6 });
    expect(list[0]!.updatedAt).toBeGreaterThan(list[0]!.createdAt);
  });

  it('appends a revision when an existing graph is saved with new JSON', async () => {
    const { storage } = await openTestStorage();
    const { id } = await storage.saveGraph({ name: 'G', json: graphJson('a') });
    expect(await storage.saveGraph({ id, name: 'G', json: graphJson('b') })).toEqual({ id, revision: 2 });
    expect((await storage.loadGraph(id)).json).toBe(graphJson('b'));
    expect((await storage.loadRevision(id, 1)).json).toBe(graphJson('a'));
  });

  it('does not add a revision when the JSON equals the head revision', async () => {
    const { storage } = await openTestStorage();
    const { id } = await storage.saveGraph({ name: 'G', json: graphJson('a') });
    expect(await storage.saveGraph({ id, name: 'G', json: graphJson('a') })).toEqual({ id, revision: 1 });
    expect(await storage.listRevisions(id)).toHaveLength(1);
  });

  it('records a changed name without adding a revision when the JSON is unchanged', async () => {
    const { storage } = await openTestStorage();
    const { id } = await storage.saveGraph({ name: 'Old', json: graphJson('a') });
    await storage.saveGraph({ id, name: 'New', json: graphJson('a') });
    expect(await storage.loadGraph(id)).toMatchObject({ name: 'New', revision: 1 });
  });

  it('keeps only the newest revisionsKept revisions, removing the oldest', async () => {
    const { storage, countRecords } = await openTestStorage({ revisionsKept: 3 });
    const { id } = await storage.saveGraph({ name: 'G', json: graphJson('1') });
    for (const n of ['2', '3', '4', '5']) await storage.saveGraph({ id, name: 'G', json: graphJson(n) });
    expect((await storage.listRevisions(id)).map((r) => r.revision)).toEqual([5, 4, 3]);
    expect((await storage.loadRevision(id, 3)).json).toBe(graphJson('3'));
    expect(await countRecords('revisions')).toBe(3);
    const error = await rejectionOf(storage.loadRevision(id, 2));
    expect(error).toMatchObject({ code: 'not-found', message: expect.stringContaining('Only the last 3 revisions') });
  });

  it('restores an old revision by copying it as a new head revision', async () => {
    const { storage } = await openTestStorage();
    const { id } = await storage.saveGraph({ name: 'G', json: graphJson('a') });
    await storage.saveGraph({ id, name: 'G', json: graphJson('b') });
    expect(await storage.restoreRevision(id, 1)).toEqual({ id, revision: 3 });
    expect(await storage.loadGraph(id)).toMatchObject({ revision: 3, json: graphJson('a') });
    expect((await storage.listRevisions(id)).map((r) => r.revision)).toEqual([3, 2, 1]);
  });

  it('renames a graph without adding a revision', async () => {
    const { storage } = await openTestStorage();
    const { id } = await storage.saveGraph({ name: 'Old', json: graphJson('a') });
    await storage.renameGraph(id, 'Renamed');
    expect(await storage.loadGraph(id)).toMatchObject({ name: 'Renamed', revision: 1 });
    expect((await storage.listGraphs())[0]!.name).toBe('Renamed');
  });

  it('duplicates a graph as a new graph whose only revision is the head', async () => {
    const { storage } = await openTestStorage();
    const { id } = await storage.saveGraph({ name: 'G', json: graphJson('a') });
    await storage.saveGraph({ id, name: 'G', json: graphJson('b') });
    const copy = await storage.duplicateGraph(id, 'G copy');
    expect(copy.id).not.toBe(id);
    expect(await storage.loadGraph(copy.id)).toMatchObject({ name: 'G copy', revision: 1, json: graphJson('b') });
    expect(await storage.listRevisions(copy.id)).toHaveLength(1);
  });

  it('deletes a graph together with its revisions and leaves other graphs alone', async () => {
    const { storage, countRecords } = await openTestStorage();
    const doomed = await storage.saveGraph({ name: 'Doomed', json: graphJson('a') });
    await storage.saveGraph({ id: doomed.id, name: 'Doomed', json: graphJson('b') });
    const kept = await storage.saveGraph({ name: 'Kept', json: graphJson('c') });
    expect(await storage.deleteGraph(doomed.id)).toBe(true);
    expect((await storage.listGraphs()).map((g) => g.id)).toEqual([kept.id]);
    expect(await countRecords('revisions')).toBe(1);
    expect(await rejectionOf(storage.loadGraph(doomed.id))).toMatchObject({ code: 'not-found' });
  });

  it('resolves false when deleting a graph that does not exist', async () => {
    const { storage } = await openTestStorage();
    expect(await storage.deleteGraph('nope')).toBe(false);
  });

  it('rejects loading an unknown graph with a not-found StorageError naming the id', async () => {
    const { storage } = await openTestStorage();
    const error = await rejectionOf(storage.loadGraph('missing-id'));
    expect(error).toBeInstanceOf(StorageError);
    expect(error).toMatchObject({ code: 'not-found', message: expect.stringContaining('"missing-id"') });
  });

  it('rejects saving to an unknown id instead of creating a graph', async () => {
    const { storage } = await openTestStorage();
    expect(await rejectionOf(storage.saveGraph({ id: 'missing-id', name: 'G', json: '{}' }))).toMatchObject({ code: 'not-found' });
    expect(await storage.listGraphs()).toEqual([]);
  });

  it('rejects a save based on a stale revision with conflict and keeps the newer head', async () => {
    const { storage } = await openTestStorage();
    const { id } = await storage.saveGraph({ name: 'G', json: graphJson('a') });
    await storage.saveGraph({ id, name: 'G', json: graphJson('other tab'), baseRevision: 1 });
    const error = await rejectionOf(storage.saveGraph({ id, name: 'G', json: graphJson('this tab'), baseRevision: 1 }));
    expect(error).toMatchObject({ code: 'conflict' });
    expect(await storage.loadGraph(id)).toMatchObject({ revision: 2, json: graphJson('other tab') });
  });
});
