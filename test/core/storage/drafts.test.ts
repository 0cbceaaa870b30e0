import { describe, expect, it } from 'vitest';
import { UNSAVED_DRAFT } from '../../../src/core/storage';
import { openTestStorage, withRawStore } from './storage-test-kit';

describe('drafts', () => {
  it('keeps one draft per key, the latest save replacing the previous one', async () => {
    const { storage } = await openTestStorage();
    await storage.saveDraft(UNSAVED_DRAFT, '{"v":1}');
    await storage.saveDraft(UNSAVED_DRAFT, '{"v":2}');
    await storage.saveDraft('graph-1', '{"g":1}');
    expect(await storage.loadDraft(UNSAVED_DRAFT)).toMatchObject({ json: '{"v":2}' });
    expect(await storage.loadDraft('graph-1')).toMatchObject({ json: '{"g":1}' });
  });

  it('resolves undefined for a key without a draft', async () => {
    const { storage } = await openTestStorage();
    expect(await storage.loadDraft('graph-1')).toBeUndefined();
  });

  it('clears a draft', async () => {
    const { storage } = await openTestStorage();
    await storage.saveDraft('graph-1', '{}');
    await storage.clearDraft('graph-1');
    expect(await storage.loadDraft('graph-1')).toBeUndefined();
  });

  it('lists drafts newest first for crash recovery', async () => {
    const { storage } = await openTestStorage();
    await storage.saveDraft('graph-1', '{}');
    await storage.saveDraft(UNSAVED_DRAFT, '{}');
    expect((await storage.listDrafts()).map((d) => d.key)).toEqual([UNSAVED_DRAFT, 'graph-1']);
  });

  it('removes a graph\'s draft when the graph is deleted', async () => {
    const { storage } = await openTestStorage();
    const { id } = await storage.saveGraph({ name: 'G', json: '{}' });
    await storage.saveDraft(id, '{"edited":true}');
    await storage.deleteGraph(id);
    expect(await storage.loadDraft(id)).toBeUndefined();
  });
});

describe('draft origins', () => {
  it('records which library graph and revision a slot\'s draft edits', async () => {
    const { storage } = await openTestStorage();
    await storage.saveDraft('tab:1', '{}', { graphId: 'g1', baseRevision: 3 });
    await storage.saveDraft('tab:2', '{}');
    expect(await storage.loadDraft('tab:1')).toMatchObject({ graphId: 'g1', baseRevision: 3 });
    expect(await storage.loadDraft('tab:2')).toMatchObject({ graphId: undefined, baseRevision: undefined });
  });

  it('reads a draft from before per-tab slots as belonging to the graph its key names', async () => {
    const { storage, factory } = await openTestStorage();
    await withRawStore(factory, 'drafts', 'readwrite', (store) => store.put({ key: 'g1', json: '{}', savedAt: 1 }));
    await withRawStore(factory, 'drafts', 'readwrite', (store) => store.put({ key: UNSAVED_DRAFT, json: '{}', savedAt: 2 }));
    expect((await storage.loadDraft('g1'))?.graphId).toBe('g1');
    expect((await storage.loadDraft(UNSAVED_DRAFT))?.graphId).toBeUndefined();
  });
});
