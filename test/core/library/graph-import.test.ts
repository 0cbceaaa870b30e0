import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { StudioStorage } from '../../../src/core';
import { importGraphFile, NodeRegistry, openGraphFromLibrary, openStudioStorage, saveGraphToLibrary, parseGraphFile } from '../../../src/core';
import { builtInNodes } from '../../../src/nodes';
import { demoGraph } from '../../../src/nodes/examples';
import { graphFuzzCorpus } from '../../helpers/graph-fuzz';

const registry = new NodeRegistry();
registry.registerAll(builtInNodes);

/** Everything the library holds, read back through the public API. */
async function libraryContents(storage: StudioStorage) {
  const graphs = await storage.listGraphs();
  return Promise.all(graphs.map(async (g) => ({
    summary: g,
    head: await storage.loadGraph(g.id),
    revisions: await Promise.all((await storage.listRevisions(g.id)).map((r) => storage.loadRevision(g.id, r.revision))),
  })));
}

describe('graph library import', () => {
  it('loads the built-in demo graph, and saving it back is byte-identical', () => {
    const parsed = parseGraphFile(demoGraph.text, registry);
    if (!parsed.ok) throw parsed.error;
    expect(parsed.warnings).toEqual([]);
    return openStudioStorage({ factory: new IDBFactory() }).then(async (storage) => {
      const { id } = await saveGraphToLibrary(storage, parsed.graph);
      expect((await storage.loadGraph(id)).json).toBe(demoGraph.text);
      const reopened = await openGraphFromLibrary(storage, registry, id);
      expect(reopened.ok && reopened.graph).toEqual(parsed.graph);
      storage.close();
    });
  });

  it('stores nothing for a bad file and leaves stored graphs untouched, over 2,000 fuzzed files', async () => {
    const storage = await openStudioStorage({ factory: new IDBFactory() });
    const valid = parseGraphFile(demoGraph.text, registry);
    if (!valid.ok) throw valid.error;
    const first = await saveGraphToLibrary(storage, valid.graph);
    await saveGraphToLibrary(storage, { ...valid.graph, name: 'edited' }, first.id);
    await saveGraphToLibrary(storage, { ...valid.graph, name: 'second' });
    const before = await libraryContents(storage);

    let rejected = 0;
    let imported = 0;
    for (const fuzzCase of graphFuzzCorpus(demoGraph.text, 2026, 2000)) {
      const result = await importGraphFile(storage, registry, fuzzCase.text);
      if (result.ok) imported++;
      else {
        rejected++;
        expect(result.error.message.length).toBeGreaterThan(10);
      }
    }
    expect(rejected + imported).toBe(2000);
    expect(rejected).toBeGreaterThan(500);
    const after = await libraryContents(storage);
    expect(after).toHaveLength(before.length + imported);
    for (const entry of before) expect(after.find((a) => a.summary.id === entry.summary.id)).toEqual(entry);
    storage.close();
  }, 120_000);
});
