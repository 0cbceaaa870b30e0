import type { io } from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { planCheckpointPrune } from '../../../src/core/storage';
import type { StudioStorage } from '../../../src/core/storage';
import { sha256Hex } from '../../../src/core/storage/bytes';
import { openTestStorage } from './storage-test-kit';

/** Weights of `n` floats all equal to `seed`, so each seed hashes to its own model. */
function artifacts(seed: number, n: number, metadata?: Record<string, {}>): io.ModelArtifacts {
  return {
    modelTopology: { seed }, weightSpecs: [{ name: 'w', shape: [n], dtype: 'float32' }],
    weightData: new Float32Array(n).fill(seed).buffer, ...(metadata ? { userDefinedMetadata: metadata } : {}),
  };
}

/** A checkpoint of `nodeId` at `step`; the test clock makes later saves newer. */
async function checkpoint(storage: StudioStorage, nodeId: string, step: number, extra: Record<string, {}> = {}): Promise<string> {
  const saved = await storage.saveModel(artifacts(step + nodeId.charCodeAt(0) * 1000, 4, { checkpointOf: 'next-frame-generator', nodeId, step, ...extra }), `${nodeId} · step ${step}`);
  return saved.sha256;
}

describe('storage usage by kind', () => {
  it('sums the stored sizes of graphs, checkpoints, other models, files, datasets and plugins separately', async () => {
    const { storage } = await openTestStorage();
    const { id } = await storage.saveGraph({ name: 'G', json: '{"a":1}' }); // 7 bytes
    await storage.saveGraph({ id, name: 'G', json: '{"a":12}' }); // 8 bytes, the first revision kept
    await storage.saveDraft('tab-1', '{"é":1}'); // 8 bytes as UTF-8
    await checkpoint(storage, 'gen', 10); // 16 bytes
    await storage.saveModel(artifacts(7, 8), 'Imported'); // 32 bytes
    await storage.saveAsset({ name: 'clip.webm', kind: 'video', blob: new Blob([new Uint8Array(100)]) });
    const datasetId = await storage.createDataset({ name: 'D', width: 2, height: 2 });
    await storage.appendFrames(datasetId, [new Uint8Array(12), new Uint8Array(12)]);
    const code = 'export default 1;';
    await storage.savePlugin({ id: 'p', version: '1', sha256: await sha256Hex(new TextEncoder().encode(code).buffer), source: 'p.js', code });

    expect(await storage.storageUsage()).toEqual({ graphs: 7 + 8 + 8, checkpoints: 16, models: 32, assets: 100, datasets: 24, plugins: code.length });
  });

  it('is all zeros for an empty library', async () => {
    const { storage } = await openTestStorage();
    expect(await storage.storageUsage()).toEqual({ graphs: 0, checkpoints: 0, models: 0, assets: 0, datasets: 0, plugins: 0 });
  });
});

describe('checkpoint pruning', () => {
  it('keeps the newest N per node, every checkpoint a saved graph names, and the best-tagged ones', async () => {
    const { storage } = await openTestStorage();
    const a = [];
    for (const step of [100, 200, 300, 400, 500]) a.push(await checkpoint(storage, 'a', step));
    const b1 = await checkpoint(storage, 'b', 100, { best: true });
    const b2 = await checkpoint(storage, 'b', 200);
    const b3 = await checkpoint(storage, 'b', 300);
    const imported = (await storage.saveModel(artifacts(9, 4), 'Imported')).sha256;
    // A saved graph names a's oldest checkpoint in a param; its draft names a's second.
    await storage.saveGraph({ name: 'Uses a', json: JSON.stringify({ nodes: [{ params: { checkpoint: a[0] } }] }) });
    await storage.saveDraft('tab-1', JSON.stringify({ nodes: [{ params: { checkpoint: a[1]!.toUpperCase() } }] }));

    const plan = planCheckpointPrune(await storage.listModels(), { keepNewest: 2, named: await storage.namedHashes() });

    const kept = Object.fromEntries(plan.keep.map(({ model, reason }) => [model.sha256, reason]));
    expect(kept).toEqual({ [a[0]!]: 'named', [a[1]!]: 'named', [a[3]!]: 'newest', [a[4]!]: 'newest', [b1]: 'best', [b2]: 'newest', [b3]: 'newest' });
    expect(plan.remove.map((m) => m.sha256)).toEqual([a[2]]);
    expect(plan.removeBytes).toBe(16);
    expect(kept[imported]).toBeUndefined(); // not a checkpoint: never in the plan
  });

  it('keeps nothing by age with N = 0, but still what graphs name and the best', async () => {
    const { storage } = await openTestStorage();
    const old = await checkpoint(storage, 'a', 1);
    const best = await checkpoint(storage, 'a', 2, { best: true });
    const plan = planCheckpointPrune(await storage.listModels(), { keepNewest: 0, named: new Set() });
    expect(plan.remove.map((m) => m.sha256)).toEqual([old]);
    expect(plan.keep.map((k) => k.model.sha256)).toEqual([best]);
  });

  it('deletes exactly the previewed checkpoints and nothing else', async () => {
    const { storage, countRecords } = await openTestStorage();
    for (const step of [1, 2, 3, 4]) await checkpoint(storage, 'a', step);
    for (const step of [1, 2, 3]) await checkpoint(storage, 'b', step);
    await storage.saveModel(artifacts(9, 4), 'Imported');
    const before = (await storage.listModels()).map((m) => m.sha256);

    const preview = planCheckpointPrune(await storage.listModels(), { keepNewest: 1, named: await storage.namedHashes() });
    expect(await storage.deleteModels(preview.remove.map((m) => m.sha256))).toBe(preview.remove.length);

    const after = new Set((await storage.listModels()).map((m) => m.sha256));
    expect(before.filter((sha) => !after.has(sha)).sort()).toEqual(preview.remove.map((m) => m.sha256).sort());
    expect(preview.remove).toHaveLength(5);
    expect(await countRecords('weights')).toBe(after.size);
  });

  it('tags a stored checkpoint as best, which a later prune keeps', async () => {
    const { storage } = await openTestStorage();
    const old = await checkpoint(storage, 'a', 1);
    await checkpoint(storage, 'a', 2);
    expect(await storage.tagModel(old, 'best', true)).toBe(true);
    expect(await storage.tagModel('0'.repeat(64), 'best', true)).toBe(false);
    const plan = planCheckpointPrune(await storage.listModels(), { keepNewest: 1, named: new Set() });
    expect(plan.remove).toEqual([]);
    expect((await storage.loadModel(old)).userDefinedMetadata).toMatchObject({ best: true, step: 1 });
  });

  it('refuses a keep count that is not a whole number ≥ 0', () => {
    expect(() => planCheckpointPrune([], { keepNewest: -1, named: new Set() })).toThrow(RangeError);
    expect(() => planCheckpointPrune([], { keepNewest: 1.5, named: new Set() })).toThrow(RangeError);
  });
});
