import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { StorageError, openStudioStorage, toGraphJson } from '../../../src/core';
import type { StudioStorage } from '../../../src/core';
import { LAST_OPENED_SETTING } from '../../../src/ui/library/messages';
import { demo, harness, renamed } from './session-harness';

const opened: StudioStorage[] = [];
async function freshStorage(): Promise<StudioStorage> {
  const storage = await openStudioStorage({ factory: new IDBFactory() });
  opened.push(storage);
  return storage;
}

afterEach(() => {
  for (const storage of opened.splice(0)) storage.close();
});

describe('LibrarySession saving', () => {
  it('saves the document as a library graph and marks it saved', async () => {
    const storage = await freshStorage();
    const { document, session } = harness(storage);
    await session.start();
    expect(await session.save()).toBe(true);
    expect(document.libraryId).toBeDefined();
    expect(document.dirty).toBe(false);
    expect(session.hasEdits).toBe(false);
    const head = await storage.loadGraph(document.libraryId!);
    expect(head.json).toBe(toGraphJson(document.graph));
    expect(await storage.getSetting(LAST_OPENED_SETTING, undefined)).toBe(document.libraryId);
  });

  it('adds a revision on the next save and clears the draft', async () => {
    const storage = await freshStorage();
    const { document, session } = harness(storage);
    await session.start();
    await session.save();
    const id = document.libraryId!;
    document.apply(renamed(document.graph, 'Edited'), 'params');
    await session.flushDraft();
    expect(await storage.listDrafts()).toHaveLength(1);
    await session.save();
    await session.flushDraft();
    expect(document.savedRevision).toBe(2);
    expect(await storage.listDrafts()).toEqual([]);
    expect((await storage.listGraphs())[0]?.name).toBe('Edited');
  });

  it('keeps the edits and reports the message when storage is full', async () => {
    const storage = await freshStorage();
    const full: StudioStorage = {
      ...storage,
      saveGraph: () => Promise.reject(new StorageError('quota-exceeded', 'Browser storage is full: "x" was not saved.')),
    };
    const { document, session, reports } = harness(full);
    await session.start();
    const edited = renamed(document.graph, 'Precious');
    document.apply(edited, 'params');
    expect(await session.save()).toBe(false);
    expect(document.graph).toBe(edited);
    expect(document.dirty).toBe(true);
    expect(document.libraryId).toBeUndefined();
    expect(session.hasEdits).toBe(true);
    expect(reports).toEqual([{ kind: 'command', message: 'Browser storage is full: "x" was not saved.' }]);
  });

  it('explains that the library is off when there is no storage', async () => {
    const { session, reports } = harness(undefined);
    await session.start();
    expect(await session.save()).toBe(false);
    expect(reports[0]?.message).toMatch(/library is off/);
  });
});

describe('LibrarySession drafts and recovery', () => {
  it('writes no draft for the untouched start graph', async () => {
    const storage = await freshStorage();
    const { session } = harness(storage);
    await session.start();
    await session.flushDraft();
    expect(await storage.listDrafts()).toEqual([]);
  });

  it('writes an unsaved draft after an edit and recovers it on the next start', async () => {
    const storage = await freshStorage();
    const first = harness(storage);
    await first.session.start();
    first.document.apply(renamed(first.document.graph, 'Crashed work'), 'params');
    await first.session.flushDraft();
    const [slot] = await storage.listDrafts();
    expect(await storage.loadDraft(slot!.key)).toMatchObject({ json: toGraphJson(first.document.graph), graphId: undefined });

    const second = harness(storage);
    await second.session.start();
    expect(second.document.graph.name).toBe('Crashed work');
    expect(second.document.libraryId).toBeUndefined();
    expect(second.session.hasEdits).toBe(true);
    expect(second.session.crashRecovery.notice).toMatchObject({ graphId: undefined, name: 'Crashed work' });
  });

  it('recovers a saved graph with its edits on top, dirty, and Discard puts the saved version back', async () => {
    const storage = await freshStorage();
    const first = harness(storage);
    await first.session.start();
    await first.session.save();
    const id = first.document.libraryId!;
    first.document.apply(renamed(first.document.graph, 'Unsaved edit'), 'params');
    await first.session.flushDraft();

    const second = harness(storage);
    await second.session.start();
    expect(second.document.libraryId).toBe(id);
    expect(second.document.graph.name).toBe('Unsaved edit');
    expect(second.document.dirty).toBe(true);
    expect(second.document.canUndo).toBe(true);

    await second.session.crashRecovery.discard();
    await second.session.flushDraft();
    expect(second.document.graph.name).toBe(demo().name);
    expect(second.document.dirty).toBe(false);
    expect(second.session.crashRecovery.notice).toBeUndefined();
    expect(await storage.listDrafts()).toEqual([]);
  });

  it('reopens the graph open last time when there is nothing to recover', async () => {
    const storage = await freshStorage();
    const first = harness(storage);
    await first.session.start();
    first.document.apply(renamed(first.document.graph, 'Kept'), 'params');
    await first.session.save();

    const second = harness(storage);
    await second.session.start();
    expect(second.document.graph.name).toBe('Kept');
    expect(second.document.dirty).toBe(false);
    expect(second.session.crashRecovery.notice).toBeUndefined();
  });

  it('forgets a last-opened graph that was deleted and keeps the start graph', async () => {
    const storage = await freshStorage();
    await storage.setSetting(LAST_OPENED_SETTING, 'no-such-graph');
    const { document, session, reports } = harness(storage);
    await session.start();
    expect(document.graph.name).toBe(demo().name);
    expect(reports).toEqual([]);
    expect(await storage.getSetting(LAST_OPENED_SETTING, undefined)).toBeUndefined();
  });
});

describe('LibrarySession files', () => {
  it('reports a bad file and changes neither the document nor the library', async () => {
    const storage = await freshStorage();
    const { document, session, reports } = harness(storage);
    await session.start();
    await session.save();
    const before = { graph: document.graph, id: document.libraryId, graphs: await storage.listGraphs() };

    expect(await session.files.openText('{"format":"nfp-studio-graph","version":1,"nodes":[{}]}', '“broken.json”')).toBe(false);
    expect(document.graph).toBe(before.graph);
    expect(document.libraryId).toBe(before.id);
    expect(await storage.listGraphs()).toEqual(before.graphs);
    expect(reports).toHaveLength(1);
    expect(reports[0]?.kind).toBe('file');
    expect(reports[0]?.message).toMatch(/^“broken\.json” was not opened and nothing changed\. Graph file is invalid: /);
  });

  it('opens a good file as a new unsaved graph', async () => {
    const storage = await freshStorage();
    const { document, session } = harness(storage);
    await session.start();
    await session.save();
    const text = toGraphJson(renamed(demo(), 'From disk'));
    expect(await session.files.openText(text, '“disk.json”')).toBe(true);
    expect(document.graph.name).toBe('From disk');
    expect(document.libraryId).toBeUndefined();
    expect(session.hasEdits).toBe(false);
    expect(await storage.listGraphs()).toHaveLength(1);
  });

  it('asks before discarding unsaved edits, and a refusal keeps them', async () => {
    const storage = await freshStorage();
    const { document, session } = harness(storage);
    await session.start();
    const edited = renamed(document.graph, 'Mine');
    document.apply(edited, 'params');
    const opening = session.newGraph();
    expect(session.confirmations.pending?.title).toBe('Discard unsaved changes?');
    session.confirmations.pending?.resolve(false);
    expect(await opening).toBe(false);
    expect(document.graph).toBe(edited);
  });
});

describe('LibrarySession library commands', () => {
  it('restores an old revision as a new head and opens it', async () => {
    const storage = await freshStorage();
    const { document, session } = harness(storage);
    await session.start();
    document.apply(renamed(document.graph, 'One'), 'params');
    await session.save();
    document.apply(renamed(document.graph, 'Two'), 'params');
    await session.save();
    const id = document.libraryId!;
    expect(await session.catalog.restore(id, 1)).toBe(true);
    expect(document.savedRevision).toBe(3);
    expect(document.dirty).toBe(false);
    expect((await storage.listRevisions(id)).map((r) => r.revision)).toEqual([3, 2, 1]);
  });

  it('renames a library graph without a revision, and the open document follows', async () => {
    const storage = await freshStorage();
    const { document, session } = harness(storage);
    await session.start();
    await session.save();
    const id = document.libraryId!;
    expect(await session.catalog.rename(id, 'Renamed')).toBe(true);
    expect(document.graph.name).toBe('Renamed');
    expect(document.dirty).toBe(false);
    expect((await storage.loadGraph(id)).revision).toBe(1);
    expect(session.catalog.graphs?.[0]?.name).toBe('Renamed');
  });

  it('keeps the open graph as unsaved work when it is deleted from the library', async () => {
    const storage = await freshStorage();
    const { document, session } = harness(storage);
    await session.start();
    await session.save();
    const graph = document.graph;
    expect(await session.catalog.remove(document.libraryId!)).toBe(true);
    expect(document.graph).toEqual(graph);
    expect(document.libraryId).toBeUndefined();
    expect(session.hasEdits).toBe(true);
    expect(await storage.listGraphs()).toEqual([]);
  });

  it('duplicates a graph under a new name', async () => {
    const storage = await freshStorage();
    const { document, session } = harness(storage);
    await session.start();
    await session.save();
    await session.catalog.refresh();
    expect(await session.catalog.duplicate(document.libraryId!)).toBe(true);
    expect(session.catalog.graphs?.map((g) => g.name).sort()).toEqual([demo().name, `${demo().name} copy`].sort());
  });
});
