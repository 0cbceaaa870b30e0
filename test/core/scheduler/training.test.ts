import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { NodeRegistry, Scheduler } from '../../../src/core';
import type { SchedulerEvent, TrainingStatus } from '../../../src/core';
import { GraphBuilder } from '../../helpers/graph-builder';
import { datasetRef, failSteps, learnColor } from '../../helpers/trainable-node';
import { openTestStorage } from '../storage/storage-test-kit';

const registry = new NodeRegistry();
registry.registerAll([datasetRef, learnColor]);

/** A 2×2 RGB dataset of one colour, and a scheduler over the same storage, with the graph run once. */
async function setup(steps = 20, rgb: readonly number[] = [255, 51, 102]) {
  const { storage } = await openTestStorage();
  const id = await storage.createDataset({ name: 'Flat', width: 2, height: 2 });
  const frame = new Uint8Array(12).map((_, i) => rgb[i % 3]!);
  await storage.appendFrames(id, [frame, frame]);
  const scheduler = new Scheduler({ tf, registry, models: storage, datasets: storage, nodeTiming: 'dispatch' });
  const events: SchedulerEvent[] = [];
  scheduler.on((event) => events.push(event));
  const graph = new GraphBuilder(4).node('data', 'test/dataset', { id }).node('learn', 'test/learn-color', { steps }).edge('data.dataset', 'learn.dataset').build();
  await scheduler.load(graph);
  await scheduler.step();
  return { storage, scheduler, events, graph };
}

function untilStatus(scheduler: Scheduler, ...statuses: TrainingStatus[]): Promise<TrainingStatus> {
  return new Promise((resolve) => {
    const off = scheduler.on((event) => {
      if (event.type === 'trainingchanged' && statuses.includes(event.status)) {
        off();
        resolve(event.status);
      }
    });
  });
}

async function learntColor(scheduler: Scheduler): Promise<number[]> {
  const unwatch = scheduler.watch('learn');
  await scheduler.step();
  const image = await scheduler.snapshot('learn');
  unwatch();
  return [...image!.data.slice(0, 3)];
}

const checkpointSteps = (events: readonly SchedulerEvent[]) =>
  events.flatMap((e) => (e.type === 'checkpointsaved' ? [e.checkpoint.step] : []));

afterEach(() => failSteps.clear());

describe('training runner', () => {
  it('trains a node between frames, reports progress and checkpoints every N steps', async () => {
    const { scheduler, events, storage } = await setup();
    const before = tf.memory().numTensors;
    const finished = untilStatus(scheduler, 'finished', 'failed');
    await scheduler.training.start('learn');
    expect(await finished).toBe('finished');
    expect(tf.memory().numTensors).toBe(before);
    expect(checkpointSteps(events)).toEqual([5, 10, 15, 20]);
    const progress = events.filter((e) => e.type === 'trainingprogress');
    expect(progress.map((e) => e.report.step)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(progress.at(-1)).toMatchObject({ totalSteps: 20, etaSeconds: 0 });
    expect(await learntColor(scheduler)).toEqual([255, 51, 102]);
    const listed = await storage.listModels();
    expect(listed[0]).toMatchObject({ name: 'Learn colour · step 20', metadata: { checkpointOf: 'test/learn-color', step: 20 } });
  });

  it('saves a checkpoint on pause and, resumed, ends where uninterrupted training ends', async () => {
    const straight = await setup(30);
    const done = untilStatus(straight.scheduler, 'finished');
    await straight.scheduler.training.start('learn');
    await done;
    const expected = straight.events.filter((e) => e.type === 'trainingprogress').map((e) => e.report.losses['l2']);

    const { scheduler, events } = await setup(30);
    await scheduler.training.start('learn');
    await new Promise((resolve) => setTimeout(resolve, 5));
    await scheduler.training.pause('learn');
    expect(scheduler.training.status('learn')).toBe('paused');
    const pausedAt = scheduler.training.lastCheckpoint('learn')!.step;
    expect(checkpointSteps(events).at(-1)).toBe(pausedAt);
    const finished = untilStatus(scheduler, 'finished');
    await scheduler.training.start('learn');
    await finished;
    expect(events.filter((e) => e.type === 'trainingprogress').map((e) => e.report.losses['l2'])).toEqual(expected);
  });

  it('recovers from a crashed step by resuming from the last checkpoint, with a message', async () => {
    failSteps.add(8);
    const { scheduler, events } = await setup(12);
    const finished = untilStatus(scheduler, 'finished', 'failed');
    await scheduler.training.start('learn');
    expect(await finished).toBe('finished');
    const recovering = events.find((e) => e.type === 'trainingchanged' && e.status === 'recovering');
    expect(recovering).toMatchObject({ message: 'Training failed at step 8 (device lost at step 8). Resuming from the checkpoint at step 5.' });
    const steps = events.filter((e) => e.type === 'trainingprogress').map((e) => e.report.step);
    expect(steps).toEqual([1, 2, 3, 4, 5, 6, 7, 6, 7, 8, 9, 10, 11, 12]);
    expect(await learntColor(scheduler)).toEqual([255, 51, 102]);
  });

  it('fails with the reason when a step crashes before the first checkpoint', async () => {
    failSteps.add(2);
    const { scheduler, events } = await setup();
    const ended = untilStatus(scheduler, 'finished', 'failed');
    await scheduler.training.start('learn');
    expect(await ended).toBe('failed');
    expect(events.at(-1)).toMatchObject({ message: 'Training failed at step 2 before its first checkpoint: device lost at step 2' });
  });

  it('keeps the loop running while it trains', async () => {
    const { scheduler, events } = await setup(40);
    const finished = untilStatus(scheduler, 'finished');
    scheduler.setMode('offline');
    await scheduler.training.start('learn');
    scheduler.run();
    await finished;
    await scheduler.pause();
    const order = events.map((e) => e.type).filter((t) => t === 'framecompleted' || t === 'trainingprogress');
    const firstStep = order.indexOf('trainingprogress');
    const lastStep = order.lastIndexOf('trainingprogress');
    expect(order.slice(firstStep, lastStep).filter((t) => t === 'framecompleted').length).toBeGreaterThan(5);
  });

  it('keeps learnt weights through a loop reset, and stops when the node is removed', async () => {
    const { scheduler, events, graph } = await setup();
    const finished = untilStatus(scheduler, 'finished');
    await scheduler.training.start('learn');
    await finished;
    await scheduler.reset();
    expect(await learntColor(scheduler)).toEqual([255, 51, 102]);

    await scheduler.training.start('learn');
    const stopped = untilStatus(scheduler, 'stopped');
    await scheduler.load({ ...graph, nodes: graph.nodes.filter((n) => n.id !== 'learn'), edges: [] });
    expect(await stopped).toBe('stopped');
    expect(events.at(-1)).toMatchObject({ message: expect.stringContaining('the node was removed or rebuilt') });
  });

  it('refuses to start without a dataset, saying what to wire', async () => {
    const { scheduler } = await setup();
    const graph = new GraphBuilder(4).node('learn', 'test/learn-color').build();
    await scheduler.load(graph);
    await scheduler.step();
    await expect(scheduler.training.start('learn')).rejects.toThrow('Wire a dataset into "dataset" to train this node.');
    await expect(scheduler.training.start('nope')).rejects.toThrow('This node is not running');
  });

  it('asks for one frame first when the wired dataset has not reached the node yet', async () => {
    const { graph, storage } = await setup();
    const fresh = new Scheduler({ tf, registry, models: storage, datasets: storage });
    await fresh.load(graph);
    await expect(fresh.training.start('learn')).rejects.toThrow('This node has not received its "dataset" input yet. Run or step the graph once, then train.');
    await fresh.step();
    const finished = untilStatus(fresh, 'finished');
    await fresh.training.start('learn');
    expect(await finished).toBe('finished');
  });
});
