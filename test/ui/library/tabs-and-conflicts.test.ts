// Issue 23 item 4: drafts that are never thrown away, a draft slot per tab, saves that detect
// another tab's save, and tabs telling each other. Each "tab" is a LibrarySession over one
// storage; tabs of one browser share a Web Locks manager, and a tab closes (or crashes) by
// calling the disposer `start()` returned, which frees its locks as the browser would.
import { afterEach, describe, expect, it } from 'vitest';
import { toGraphJson } from '../../../src/core';
import type { StudioStorage } from '../../../src/core';
import { InMemoryLocks } from '../../setup/web-locks';
import { openTestStorage, withRawStore } from '../../core/storage/storage-test-kit';
import { demo, harness, renamed } from './session-harness';
import type { HarnessOptions } from './session-harness';

type Tab = ReturnType<typeof harness> & { close(): void };
const open: (() => void)[] = [];

async function startTab(storage: StudioStorage, options: HarnessOptions = {}): Promise<Tab> {
  const tab = harness(storage, options);
  const close = await tab.session.start();
  open.push(close);
  return { ...tab, close };
}

afterEach(() => {
  for (const close of open.splice(0)) close();
});

/** Tab A saves the demo graph and edits it; its draft is written, then the tab crashes. */
async function crashWithEdits(storage: StudioStorage, locks: InMemoryLocks): Promise<{ id: string }> {
  const a = await startTab(storage, { locks });
  await a.session.save();
  a.document.apply(renamed(a.document.graph, 'Unsaved edit'), 'params');
  await a.session.flushDraft();
  a.close();
  return { id: a.document.libraryId! };
}

describe('drafts of a graph whose head does not load', () => {
  it('keeps the draft when the head revision is missing, tells the user, and opens it as a new graph', async () => {
    const { storage, factory } = await openTestStorage();
    const locks = new InMemoryLocks();
    const { id } = await crashWithEdits(storage, locks);
    await withRawStore(factory, 'revisions', 'readwrite', (store) => store.delete([id, 1]));

    const b = await startTab(storage, { locks });
    await b.session.flushDraft();
    expect(b.document.graph.name).toBe(demo().name);
    expect(b.session.crashRecovery.damaged).toMatchObject({ name: 'Unsaved edit', reason: expect.stringMatching(/damaged/) });
    const [kept] = await storage.listDrafts();
    expect(await storage.loadDraft(kept!.key)).toMatchObject({ graphId: id });

    expect(await b.session.crashRecovery.openDamaged()).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await b.session.flushDraft();
    expect(b.document.graph.name).toBe('Unsaved edit');
    expect(b.document.libraryId).toBeUndefined();
    expect(b.session.hasEdits).toBe(true);
    expect(await storage.listDrafts()).toEqual([expect.objectContaining({ key: kept!.key })]);
    expect(await storage.loadDraft(kept!.key)).toMatchObject({ graphId: undefined, json: toGraphJson(b.document.graph) });
  });

  it('keeps the draft when the stored head no longer parses, and offers it again at the next start', async () => {
    const { storage } = await openTestStorage();
    const locks = new InMemoryLocks();
    const { id } = await crashWithEdits(storage, locks);
    await storage.saveGraph({ id, name: 'Broken', json: '{"format": "nfp-studio-graph", "nodes": [' });

    const b = await startTab(storage, { locks });
    expect(b.session.crashRecovery.damaged?.name).toBe('Unsaved edit');
    b.session.crashRecovery.dismissDamaged();
    b.close();

    const c = await startTab(storage, { locks });
    expect(c.session.crashRecovery.damaged?.name).toBe('Unsaved edit');
    expect(await storage.listDrafts()).toHaveLength(1);
  });
});

describe('draft slots per tab', () => {
  it('never recovers a live tab\'s draft; once that tab closes, the next tab recovers it, and only one does', async () => {
    const { storage } = await openTestStorage();
    const locks = new InMemoryLocks();
    const a = await startTab(storage, { locks });
    a.document.apply(renamed(a.document.graph, 'Live work'), 'params');
    await a.session.flushDraft();
    const [slotA] = await storage.listDrafts();

    const b = await startTab(storage, { locks });
    expect(b.document.graph.name).toBe(demo().name);
    expect(b.session.crashRecovery.notice).toBeUndefined();
    b.document.apply(renamed(b.document.graph, 'Other work'), 'params');
    await b.session.flushDraft();
    expect(await storage.loadDraft(slotA!.key)).toMatchObject({ json: toGraphJson(a.document.graph) });
    expect(await storage.listDrafts()).toHaveLength(2);

    a.close();
    const c = await startTab(storage, { locks });
    expect(c.document.graph.name).toBe('Live work');
    expect(c.session.crashRecovery.notice?.name).toBe('Live work');
    const d = await startTab(storage, { locks });
    expect(d.document.graph.name).toBe(demo().name);
  });
});

/** Tabs A and B open revision 1 of one graph; A then saves revision 2 named "Theirs", B edits to "Mine". */
async function conflictingTabs() {
  const { storage } = await openTestStorage();
  const locks = new InMemoryLocks();
  const a = await startTab(storage, { locks });
  await a.session.save();
  const id = a.document.libraryId!;
  const b = await startTab(storage, { locks });
  await b.session.catalog.open(id);
  a.document.apply(renamed(a.document.graph, 'Theirs'), 'params');
  await a.session.save();
  b.document.apply(renamed(b.document.graph, 'Mine'), 'params');
  const saving = b.session.save();
  await expect.poll(() => b.session.conflicts.pending).toBeDefined();
  return { storage, id, a, b, saving, mine: toGraphJson(b.document.graph), theirs: toGraphJson(a.document.graph) };
}

describe('saving over another tab\'s save', () => {
  it('detects the stale base revision and asks, writing nothing until answered', async () => {
    const { storage, id, b, saving } = await conflictingTabs();
    expect(b.session.conflicts.pending).toMatchObject({ name: 'Mine', baseRevision: 1, theirRevision: 2 });
    expect((await storage.loadGraph(id)).revision).toBe(2);
    b.session.conflicts.pending!.resolve('cancel');
    expect(await saving).toBe(false);
    expect(b.document.dirty).toBe(true);
    expect((await storage.listRevisions(id)).map((r) => r.revision)).toEqual([2, 1]);
  });

  it('"keep mine" saves this tab\'s version as the next revision; theirs stays in the history', async () => {
    const { storage, id, b, saving, mine, theirs } = await conflictingTabs();
    b.session.conflicts.pending!.resolve('keep-mine');
    expect(await saving).toBe(true);
    expect(await storage.loadGraph(id)).toMatchObject({ revision: 3, json: mine });
    expect((await storage.loadRevision(id, 2)).json).toBe(theirs);
    expect(b.document.savedRevision).toBe(3);
    expect(b.document.dirty).toBe(false);
  });

  it('"take theirs" opens the other tab\'s version and writes nothing', async () => {
    const { storage, id, b, saving, theirs } = await conflictingTabs();
    b.session.conflicts.pending!.resolve('take-theirs');
    expect(await saving).toBe(true);
    expect(toGraphJson(b.document.graph)).toBe(theirs);
    expect(b.document.savedRevision).toBe(2);
    expect(b.document.dirty).toBe(false);
    expect((await storage.loadGraph(id)).revision).toBe(2);
  });

  it('"save as a copy" stores this tab\'s version as a new graph and leaves theirs as the head', async () => {
    const { storage, id, b, saving, theirs } = await conflictingTabs();
    b.session.conflicts.pending!.resolve('save-copy');
    expect(await saving).toBe(true);
    expect(await storage.loadGraph(id)).toMatchObject({ revision: 2, json: theirs });
    expect(b.document.libraryId).not.toBe(id);
    expect(b.document.graph.name).toBe('Mine copy');
    expect(b.document.dirty).toBe(false);
    expect(await storage.loadGraph(b.document.libraryId!)).toMatchObject({ name: 'Mine copy', json: toGraphJson(b.document.graph) });
  });
});

describe('tabs telling each other', () => {
  it('shows "saved in another tab" for the open graph, and Reload opens that revision', async () => {
    const { storage } = await openTestStorage();
    const channel = `library-test-${globalThis.crypto.randomUUID()}`;
    const a = await startTab(storage, { channel });
    await a.session.save();
    const id = a.document.libraryId!;
    const b = await startTab(storage, { channel });
    await b.session.catalog.open(id);

    a.document.apply(renamed(a.document.graph, 'Saved in A'), 'params');
    await a.session.save();
    await expect.poll(() => b.session.otherTabs.notice).toEqual({ type: 'graphsaved', id, revision: 2, name: 'Saved in A' });
    expect(a.session.otherTabs.notice).toBeUndefined();

    expect(await b.session.reloadFromLibrary()).toBe(true);
    expect(b.document.graph.name).toBe('Saved in A');
    expect(b.document.savedRevision).toBe(2);
    expect(b.session.otherTabs.notice).toBeUndefined();
  });
});
