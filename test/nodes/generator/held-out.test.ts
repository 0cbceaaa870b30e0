import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SchedulerEvent } from '../../../src/core';
import { FrameStore } from '../../../src/core/training-kit/frame-store';
import { heldOutCopyLastLoss, heldOutLoss, MAX_HELD_OUT_PAIRS, splitDataset } from '../../../src/nodes/generator/held-out';
import { createUNet, disposeUNet, runUNet, toModelRange, unetConfig } from '../../../src/nodes/unet/unet';
import { GraphBuilder } from '../../helpers/graph-builder';
import { openTestStorage } from '../../core/storage/storage-test-kit';
import { storeSlidingDataset, testScheduler, trainingReaches } from '../node-training-kit';

afterEach(() => vi.restoreAllMocks());

describe('held-out frames', () => {
  it('keeps the last share of the frames out of training and scores pairs inside it only', () => {
    expect(splitDataset('d', 100, 10, 1)).toEqual({ trainFrames: 90, heldOutStarts: [90, 91, 92, 93, 94, 95, 96, 97, 98] });
    // Predicting 3 ahead: the last held-out pair is 96 → 99, still inside the dataset.
    expect(splitDataset('d', 100, 10, 3).heldOutStarts).toEqual([90, 91, 92, 93, 94, 95, 96]);
    expect(splitDataset('d', 100, 0, 1)).toEqual({ trainFrames: 100, heldOutStarts: [] });
  });

  it('spaces at most 64 pairs evenly over a long held-out part', () => {
    const { trainFrames, heldOutStarts } = splitDataset('d', 5000, 20, 1);
    expect(trainFrames).toBe(4000);
    expect(heldOutStarts).toHaveLength(MAX_HELD_OUT_PAIRS);
    expect(heldOutStarts[0]).toBe(4000);
    expect(heldOutStarts.at(-1)).toBeLessThan(4999);
    expect(new Set(heldOutStarts).size).toBe(MAX_HELD_OUT_PAIRS);
  });

  it('holds nothing out when the share is smaller than one pair, and says what to change when too little is left to train on', () => {
    expect(splitDataset('d', 12, 10, 1)).toEqual({ trainFrames: 12, heldOutStarts: [] });
    expect(() => splitDataset('Walk', 4, 50, 1)).toThrow('Dataset "Walk" has 4 frames; holding out 50 % leaves 2 to train on, and predicting 1 frame(s) ahead needs at least 3. Lower "Held-out frames" or record a longer dataset.');
    expect(() => splitDataset('Walk', 2, 10, 1)).toThrow('Dataset "Walk" has 2 frames; training to predict 1 frame(s) ahead needs at least 3.');
  });

  it('scores the mean frame distance over the held-out pairs, batch by batch, leaving no tensor behind', async () => {
    const size = 16;
    const bytes = Array.from({ length: 40 }, (_, n) => Uint8Array.from({ length: size * size * 3 }, (_, i) => (n * 37 + i * 11) % 256));
    const frames = FrameStore.of('noise', size, bytes);
    const net = createUNet(tf, unetConfig('tiny', size), 3);
    const split = splitDataset('noise', 40, 50, 2);
    const before = tf.memory().numTensors;
    const loss = await heldOutLoss(tf, net, frames, split, 2, 'L1');
    expect(tf.memory().numTensors).toBe(before);
    // All pairs in one pass, as a check on the batching.
    const expected = tf.tidy(() => {
      const inputs = toModelRange(tf, frames.toTensor(tf, split.heldOutStarts.map((n) => bytes[n]!)));
      const targets = toModelRange(tf, frames.toTensor(tf, split.heldOutStarts.map((n) => bytes[n + 2]!)));
      return tf.mean(tf.abs(tf.sub(runUNet(tf, net, inputs), targets))).dataSync()[0]!;
    });
    expect(split.heldOutStarts).toHaveLength(18);
    expect(loss).toBeCloseTo(expected, 5);
    expect(await heldOutLoss(tf, net, frames, splitDataset('noise', 40, 0, 1), 1, 'L1')).toBeUndefined();
    disposeUNet(net);
  });

  it('scores copying the last frame on the same pairs and scale, in L1 and L2', async () => {
    const size = 8;
    // Frame n is flat grey at 10·n: every pair 2 apart differs by 20 grey levels, 40/255 in the network's [-1, 1] range.
    const bytes = Array.from({ length: 20 }, (_, n) => new Uint8Array(size * size * 3).fill(n * 10));
    const frames = FrameStore.of('ramp', size, bytes);
    const split = splitDataset('ramp', 20, 50, 2);
    const before = tf.memory().numTensors;
    expect(await heldOutCopyLastLoss(tf, frames, split, 2, 'L1')).toBeCloseTo(40 / 255, 6);
    expect(await heldOutCopyLastLoss(tf, frames, split, 2, 'L2')).toBeCloseTo((40 / 255) ** 2, 6);
    expect(tf.memory().numTensors).toBe(before);
    expect(await heldOutCopyLastLoss(tf, frames, splitDataset('ramp', 20, 0, 1), 1, 'L1')).toBeUndefined();
  });

  it('trains the generator node on the first frames only, stores the held-out loss with each checkpoint, and ends on the best loop', async () => {
    const { storage } = await openTestStorage();
    const id = await storeSlidingDataset(storage, { size: 32, frames: 40, speed: 2 });
    const scheduler = testScheduler(storage);
    const graph = new GraphBuilder(32)
      .node('data', 'dataset', { dataset: id })
      .node('gen', 'next-frame-generator', {
        size: '32', steps: 6, batch: 4, heldOut: 25, cycles: 2, driftDepth: 3, driftStarts: 8, longDrifts: 1, longDriftDepth: 12, checkpointEvery: 3, frameLoss: 'L1', adversarialWeight: 1,
      })
      .edge('data.dataset', 'gen.dataset')
      .build();
    await scheduler.load(graph);
    await scheduler.step();
    // Every frame index the job reads, and which of them were read while it was stepping.
    const read: number[] = [];
    const readWhileStepping: number[] = [];
    let stepping = false;
    const frame = FrameStore.prototype.frame;
    vi.spyOn(FrameStore.prototype, 'frame').mockImplementation(function (this: FrameStore, index: number) {
      read.push(index);
      if (stepping) readWhileStepping.push(index);
      return frame.call(this, index);
    });
    const events: SchedulerEvent[] = [];
    scheduler.on((e) => {
      events.push(e);
      // A step's progress comes right after the step; at a checkpoint step, the held-out loss is measured next, and steps resume once it is saved.
      if (e.type === 'trainingprogress') stepping = e.report.step % 3 !== 0;
      if (e.type === 'checkpointsaved') stepping = true;
    });
    const before = tf.memory().numTensors;
    const ended = trainingReaches(scheduler, 'finished', 'failed');
    stepping = true;
    await scheduler.training.start('gen');
    expect(await ended).toBe('finished');
    expect(tf.memory().numTensors).toBe(before);

    // 25 % of 40: frames 30…39 are held out; real pairs and drifts read only 0…29.
    expect(Math.max(...readWhileStepping)).toBeLessThan(30);
    expect(new Set(read.filter((n) => n >= 30))).toEqual(new Set([30, 31, 32, 33, 34, 35, 36, 37, 38, 39]));
    const saved = events.flatMap((e) => (e.type === 'checkpointsaved' ? [e.checkpoint] : []));
    expect(saved.map((c) => c.step)).toEqual([3, 6]);
    for (const checkpoint of saved) {
      expect(Object.keys(checkpoint.losses)).toEqual(['l1', 'gAdv', 'd', 'held-out l1', 'held-out copy-last', 'held-out loop']);
      expect(checkpoint.losses['held-out l1']).toBeGreaterThan(0);
      // The reference does not depend on the weights: the same at both checkpoints.
      expect(checkpoint.losses['held-out copy-last']).toBe(saved[0]!.losses['held-out copy-last']);
      expect(checkpoint.losses['held-out copy-last']).toBeGreaterThan(0);
      expect(checkpoint.losses['held-out loop']).toBeGreaterThanOrEqual(0);
    }
    // The run ends on the checkpoint whose loop came out best, and says why.
    const best = saved.reduce((a, b) => (b.losses['held-out loop']! <= a.losses['held-out loop']! ? b : a));
    const finished = events.find((e) => e.type === 'trainingchanged' && e.status === 'finished');
    expect(finished).toMatchObject({ checkpoint: best, message: expect.stringMatching(new RegExp(`^Using step ${best.step}\\b.*loop distance`)) });
    // The panel hears the held-out loss with its step's losses.
    const told = events.flatMap((e) => (e.type === 'trainingprogress' && 'held-out l1' in e.report.losses ? [e.report.step] : []));
    expect(told).toEqual([3, 6]);
    const stored = await storage.listModels();
    expect(stored.map((m) => (m.metadata?.['losses'] as Record<string, number>)['held-out l1'])).toEqual(expect.arrayContaining(saved.map((c) => c.losses['held-out l1'])));
    await scheduler.stop();
  }, 120_000);
});
