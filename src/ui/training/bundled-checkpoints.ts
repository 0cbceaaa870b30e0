import type { io } from '@tensorflow/tfjs';
import { StorageError, sha256Hex } from '../../core';
import type { CheckpointStore } from '../../core';

/**
 * Checkpoints shipped with the app (public/checkpoints/<sha256>.json + .bin, made by
 * scripts/train-demo-checkpoint.ts) so an example graph shows a learned loop on a fresh
 * browser. A hash storage does not have is looked up there, checked against its hash, and
 * stored, after which it is an ordinary stored checkpoint (listed, reusable, deletable).
 * Only the app's own origin is asked: nothing is fetched from elsewhere.
 */
export function withBundledCheckpoints(store: CheckpointStore | undefined, base: string = import.meta.env.BASE_URL): CheckpointStore {
  const unavailable = (): never => { throw new Error('Browser storage is not open, so checkpoints cannot be saved. Reload the page.'); };
  return {
    saveModel: (artifacts, name) => (store ? store.saveModel(artifacts, name) : unavailable()),
    ...(store?.tagModel ? { tagModel: store.tagModel.bind(store) } : {}),
    async loadModel(sha256) {
      try {
        if (store) return await store.loadModel(sha256);
      } catch (error) {
        if (!(error instanceof StorageError && error.code === 'not-found')) throw error;
        const bundled = await fetchBundled(base, sha256);
        if (!bundled) throw error;
        await store!.saveModel(bundled.artifacts, bundled.name);
        return bundled.artifacts;
      }
      const bundled = await fetchBundled(base, sha256);
      if (!bundled) throw new Error(`Weights ${sha256.slice(0, 12)}… are not available: browser storage is not open and the app ships no such checkpoint.`);
      return bundled.artifacts;
    },
  };
}

async function fetchBundled(base: string, sha256: string): Promise<{ artifacts: io.ModelArtifacts; name: string } | undefined> {
  if (!/^[0-9a-f]{64}$/.test(sha256)) return undefined;
  const [manifest, weights] = await Promise.all([fetch(`${base}checkpoints/${sha256}.json`), fetch(`${base}checkpoints/${sha256}.bin`)]);
  if (!manifest.ok || !weights.ok) return undefined;
  const { name, ...artifacts } = (await manifest.json()) as io.ModelArtifacts & { name?: string };
  const weightData = await weights.arrayBuffer();
  const actual = await sha256Hex(weightData);
  if (actual !== sha256) throw new Error(`The app's bundled checkpoint ${sha256.slice(0, 12)}… is damaged (its bytes hash to ${actual.slice(0, 12)}…). Reinstall the app.`);
  return { artifacts: { ...artifacts, weightData }, name: name ?? `Bundled checkpoint ${sha256.slice(0, 8)}` };
}
