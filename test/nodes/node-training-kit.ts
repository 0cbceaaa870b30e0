import * as tf from '@tensorflow/tfjs';
import { NodeRegistry, Scheduler } from '../../src/core';
import type { StudioStorage, TrainingStatus } from '../../src/core';
import { builtInNodes } from '../../src/nodes';
import { translatingClip } from './generator/synthetic-clip';

/** What the trainable-node tests share: the built-in registry and a stored sliding clip to train on. */
export const builtInRegistry = new NodeRegistry();
builtInRegistry.registerAll(builtInNodes);

/** A scheduler on the built-in nodes, with `storage` for weights and datasets. */
export function testScheduler(storage: StudioStorage): Scheduler {
  return new Scheduler({ tf, registry: builtInRegistry, models: storage, datasets: storage, nodeTiming: 'dispatch' });
}

/** Stores a `size`×`size` dataset named "Slide" of a pattern sliding right by `speed` pixels a frame; returns its id. */
export async function storeSlidingDataset(storage: StudioStorage, { size, frames, speed }: { size: number; frames: number; speed: number }): Promise<string> {
  const clip = translatingClip(tf, { size, frames, speed });
  const bytes = await tf.tidy(() => tf.cast(tf.round(tf.mul(clip, 255)), 'int32')).data();
  clip.dispose();
  const id = await storage.createDataset({ name: 'Slide', width: size, height: size });
  const plane = size * size * 3;
  await storage.appendFrames(id, Array.from({ length: frames }, (_, i) => Uint8Array.from(bytes.subarray(i * plane, (i + 1) * plane))));
  return id;
}

/** Resolves with the first of `statuses` the scheduler's training reports. */
export function trainingReaches(scheduler: Scheduler, ...statuses: TrainingStatus[]): Promise<TrainingStatus> {
  return new Promise((resolve) => {
    const off = scheduler.on((e) => { if (e.type === 'trainingchanged' && statuses.includes(e.status)) { off(); resolve(e.status); } });
  });
}

/** Node `nodeId`'s output after one more frame, in floats: a few training steps move it by less than one 8-bit level. */
export async function outputAfterStep(scheduler: Scheduler, nodeId: string): Promise<Float32Array> {
  const unwatch = scheduler.watch(nodeId);
  await scheduler.step();
  let values = new Float32Array();
  await scheduler.withLatestFrame(nodeId, (frame) => { values = Float32Array.from(frame.dataSync()); });
  unwatch();
  return values;
}
