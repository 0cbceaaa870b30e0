import { afterEach, describe, expect, it, vi } from 'vitest';
import { sha256Hex } from '../../../src/core/storage/bytes';
import { withBundledCheckpoints } from '../../../src/ui/training/bundled-checkpoints';
import { openTestStorage } from '../../core/storage/storage-test-kit';

const weights = new Float32Array([1, 2, 3]).buffer;
const manifest = { name: 'Demo', format: 'nfp-studio/next-frame-generator', weightSpecs: [{ name: 'w', shape: [3], dtype: 'float32' }] };

function serve(files: Record<string, () => Response>): void {
  vi.stubGlobal('fetch', (url: string) => Promise.resolve(files[url]?.() ?? new Response('missing', { status: 404 })));
}

afterEach(() => vi.unstubAllGlobals());

describe('bundled checkpoints', () => {
  it('fetches a checkpoint storage lacks from the app, checks its hash and stores it', async () => {
    const { storage } = await openTestStorage();
    const sha256 = await sha256Hex(weights);
    serve({ [`/checkpoints/${sha256}.json`]: () => Response.json(manifest), [`/checkpoints/${sha256}.bin`]: () => new Response(weights) });
    const models = withBundledCheckpoints(storage, '/');
    const artifacts = await models.loadModel(sha256);
    expect(new Float32Array(artifacts.weightData as ArrayBuffer)).toEqual(new Float32Array([1, 2, 3]));
    expect((await storage.listModels()).map((m) => m.name)).toEqual(['Demo']);
  });

  it('keeps storage\'s own message when the app has no such checkpoint, and refuses damaged bytes', async () => {
    const { storage } = await openTestStorage();
    serve({});
    const models = withBundledCheckpoints(storage, '/');
    await expect(models.loadModel('ab'.repeat(32))).rejects.toMatchObject({ code: 'not-found' });
    const sha256 = 'cd'.repeat(32);
    serve({ [`/checkpoints/${sha256}.json`]: () => Response.json(manifest), [`/checkpoints/${sha256}.bin`]: () => new Response(weights) });
    await expect(models.loadModel(sha256)).rejects.toThrow('is damaged');
  });
});
