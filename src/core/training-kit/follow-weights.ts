import type { io } from '@tensorflow/tfjs';
import type { ModelSource } from '../graph/training';

/**
 * A node's live network and where its weights came from. The generator, restorer, multi-scale
 * and Style Transfer nodes each keep one, follow their params with `followWeightsParam`, and
 * let training overwrite the weights in place.
 */
export interface LiveWeights<Net, Preset> {
  net: Net;
  preset: Preset;
  /** The Weights param as last acted on: weights are loaded only when the param changes. */
  checkpointParam: string;
  /** The stored checkpoint `net` last equalled (loaded, or just saved by training); '' when none. */
  weightsFrom: string;
}

/** What `followWeightsParam` needs to know of one kind of network; the callbacks close over the node's params. */
export interface WeightsFollowing<Net, Preset, Checkpoint> {
  /** The Network param. */
  readonly preset: Preset;
  /** The Weights param: a stored checkpoint's hash, or '' for untrained weights. */
  readonly checkpoint: string;
  /** Whether `net` has the shape the params other than Network ask for; absent where Network alone decides it. */
  fitsParams?(net: Net): boolean;
  /** A new network of the shape the params ask for, seeded with their Seed. */
  create(): Net;
  dispose(net: Net): void;
  read(artifacts: io.ModelArtifacts): Checkpoint;
  /** Why `checkpoint` cannot load into `net`, as a message naming the params to set; undefined when it can. */
  mismatch(checkpoint: Checkpoint, net: Net): string | undefined;
  load(net: Net, checkpoint: Checkpoint): void;
}

/**
 * Brings `live` in line with the params, in `prepare`: a new shape rebuilds the network (its
 * variables are node state, not per-frame tensors, so building them here is safe), a changed
 * Weights param loads those weights, and '' reseeds. @throws Error with `mismatch`'s message
 * when the weights are of another shape.
 */
export async function followWeightsParam<Net, Preset, Checkpoint>(
  live: LiveWeights<Net, Preset>, models: ModelSource, following: WeightsFollowing<Net, Preset, Checkpoint>,
): Promise<void> {
  const reseed = () => {
    following.dispose(live.net);
    live.net = following.create();
    live.weightsFrom = '';
  };
  if (live.preset !== following.preset || following.fitsParams?.(live.net) === false) {
    reseed();
    live.preset = following.preset;
    live.checkpointParam = '';
  }
  const { checkpoint: param } = following;
  if (param === live.checkpointParam) return;
  live.checkpointParam = param;
  // The editor pointing the param at the checkpoint training just saved: the weights already are these.
  if (param === live.weightsFrom) return;
  // Back to untrained: reseed rather than keep weights the graph no longer names.
  if (param === '') return reseed();
  const checkpoint = following.read(await models.loadModel(param));
  const mismatch = following.mismatch(checkpoint, live.net);
  if (mismatch !== undefined) throw new Error(mismatch);
  following.load(live.net, checkpoint);
  live.weightsFrom = param;
}
