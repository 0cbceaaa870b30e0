import { describe, expect, it } from 'vitest';
import { StoragePanel } from '../../../src/ui/storage/storage-panel.svelte';
import { openTestStorage } from '../../core/storage/storage-test-kit';

async function withCheckpoints(count: number) {
  const test = await openTestStorage();
  for (let step = 1; step <= count; step++) {
    await test.storage.saveModel({ weightData: new Float32Array(4).fill(step).buffer, userDefinedMetadata: { checkpointOf: 'gen', nodeId: 'n', step } }, `step ${step}`);
  }
  return test;
}

describe('the Storage panel', () => {
  it('deletes exactly the previewed checkpoints, even when more were stored after the preview', async () => {
    const { storage } = await withCheckpoints(4);
    const panel = new StoragePanel(storage);
    panel.keepNewest = 2;
    await panel.preview();
    const previewed = panel.plan!.remove.map((m) => m.name);
    expect(previewed).toEqual(['step 1', 'step 2']);
    // A run saves two more meanwhile: the confirm still removes only what the user saw.
    for (const step of [5, 6]) await storage.saveModel({ weightData: new Float32Array(4).fill(step).buffer, userDefinedMetadata: { checkpointOf: 'gen', nodeId: 'n', step } }, `step ${step}`);
    await panel.confirm();
    expect((await storage.listModels()).map((m) => m.name)).toEqual(['step 6', 'step 5', 'step 4', 'step 3']);
    expect(panel.done).toBe('Deleted 2 checkpoints, 32 B.');
    expect(panel.usage?.checkpoints).toBe(64);
  });

  it('reads usage and the browser estimate when opened', async () => {
    const { storage } = await withCheckpoints(1);
    const panel = new StoragePanel(storage, async () => ({ usage: 1000, quota: 10_000 }));
    await panel.refresh();
    expect(panel.usage).toMatchObject({ checkpoints: 16, graphs: 0 });
    expect(panel.estimate).toEqual({ usage: 1000, quota: 10_000 });
  });

  it('says storage is not open when there is none', async () => {
    const panel = new StoragePanel(undefined);
    await panel.refresh();
    expect(panel.available).toBe(false);
  });
});
