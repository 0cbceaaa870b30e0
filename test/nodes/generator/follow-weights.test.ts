import type { io } from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { ModelSource } from '../../../src/core';
import { followWeightsParam } from '../../../src/core/training-kit/follow-weights';
import type { LiveWeights, WeightsFollowing } from '../../../src/core/training-kit/follow-weights';

/** A stand-in network: its size is its shape, its weights say where they came from. */
interface FakeNet {
  readonly size: number;
  weights: string;
  disposed: boolean;
}

/** Stored checkpoints by hash: their artifacts carry only the network's size. */
function modelsOf(sizes: Record<string, number>): ModelSource & { loads: string[] } {
  const loads: string[] = [];
  return {
    loads,
    loadModel: (sha256) => {
      loads.push(sha256);
      return Promise.resolve({ userDefinedMetadata: { size: sizes[sha256]! } } as io.ModelArtifacts);
    },
  };
}

function liveOf(size: number): LiveWeights<FakeNet, string> {
  return { net: { size, weights: 'seed', disposed: false }, preset: 'tiny', checkpointParam: '', weightsFrom: '' };
}

function following(params: { preset?: string; size?: number; checkpoint: string }): WeightsFollowing<FakeNet, string, { sha: string; size: number }> {
  const size = params.size ?? 8;
  return {
    preset: params.preset ?? 'tiny',
    checkpoint: params.checkpoint,
    fitsParams: (net) => net.size === size,
    create: () => ({ size, weights: 'seed', disposed: false }),
    dispose: (net) => { net.disposed = true; },
    read: (artifacts) => ({ sha: params.checkpoint, size: artifacts.userDefinedMetadata!['size'] as number }),
    mismatch: (checkpoint, net) => checkpoint.size === net.size ? undefined : `These weights are ${checkpoint.size}px; set Model size to ${checkpoint.size}.`,
    load: (net, checkpoint) => { net.weights = checkpoint.sha; },
  };
}

describe('followWeightsParam', () => {
  it('loads the checkpoint the Weights param names, once', async () => {
    const live = liveOf(8);
    const models = modelsOf({ a: 8 });
    await followWeightsParam(live, models, following({ checkpoint: 'a' }));
    await followWeightsParam(live, models, following({ checkpoint: 'a' }));
    expect([live.net.weights, live.weightsFrom, models.loads]).toEqual(['a', 'a', ['a']]);
  });

  it('does not reload the checkpoint training just saved from the live network', async () => {
    const live = { ...liveOf(8), weightsFrom: 'saved' };
    const models = modelsOf({ saved: 8 });
    await followWeightsParam(live, models, following({ checkpoint: 'saved' }));
    expect([live.checkpointParam, models.loads]).toEqual(['saved', []]);
  });

  it("reseeds when the Weights param goes back to ''", async () => {
    const live = liveOf(8);
    const models = modelsOf({ a: 8 });
    await followWeightsParam(live, models, following({ checkpoint: 'a' }));
    const loaded = live.net;
    await followWeightsParam(live, models, following({ checkpoint: '' }));
    expect([loaded.disposed, live.net.weights, live.weightsFrom]).toEqual([true, 'seed', '']);
  });

  it('rebuilds on a new shape or Network, and loads the weights again after', async () => {
    const live = liveOf(8);
    const models = modelsOf({ a: 16 });
    await followWeightsParam(live, models, following({ size: 16, checkpoint: 'a' }));
    expect([live.net.size, live.net.weights]).toEqual([16, 'a']);
    await followWeightsParam(live, models, following({ preset: 'large', size: 16, checkpoint: 'a' }));
    expect([live.preset, live.net.weights, models.loads]).toEqual(['large', 'a', ['a', 'a']]);
  });

  it("refuses weights of another shape with the caller's message and keeps the network", async () => {
    const live = liveOf(8);
    const follow = followWeightsParam(live, modelsOf({ big: 32 }), following({ checkpoint: 'big' }));
    await expect(follow).rejects.toThrow('These weights are 32px; set Model size to 32.');
    expect([live.net.weights, live.weightsFrom]).toEqual(['seed', '']);
  });
});
