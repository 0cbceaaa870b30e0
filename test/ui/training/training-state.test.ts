import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { NodeRegistry, Scheduler } from '../../../src/core';
import type { CheckpointInfo, ModelSummary, SchedulerEvent } from '../../../src/core';
import { MAX_LOSS_POINTS, TrainingState, appendLosses, checkpointsOf, formatDuration } from '../../../src/ui/training/training-state.svelte';
import { GraphBuilder } from '../../helpers/graph-builder';
import { datasetRef, learnColor } from '../../helpers/trainable-node';
import { openTestStorage } from '../../core/storage/storage-test-kit';

describe('training state', () => {
  it('follows a run: progress, loss history, checkpoints, and hands the newest checkpoint over when it ends', async () => {
    const { storage } = await openTestStorage();
    const id = await storage.createDataset({ name: 'Flat', width: 1, height: 1 });
    await storage.appendFrames(id, [new Uint8Array([10, 20, 30])]);
    const registry = new NodeRegistry();
    registry.registerAll([datasetRef, learnColor]);
    const scheduler = new Scheduler({ tf, registry, models: storage, datasets: storage, nodeTiming: 'dispatch' });
    const handed: CheckpointInfo[] = [];
    const state = new TrainingState(scheduler, (c) => handed.push(c));
    await scheduler.load(new GraphBuilder(2).node('d', 'test/dataset', { id }).node('l', 'test/learn-color', { steps: 12 }).edge('d.dataset', 'l.dataset').build());
    await scheduler.step();
    const done = new Promise<void>((resolve) => scheduler.on((e) => { if (e.type === 'trainingchanged' && e.status === 'finished') resolve(); }));
    await scheduler.training.start('l');
    await done;
    const training = state.of('l');
    expect(training).toMatchObject({ status: 'finished', step: 12, totalSteps: 12 });
    expect(training.steps).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(training.losses['l2']).toHaveLength(12);
    expect(training.lastCheckpoint?.step).toBe(12);
    expect(handed.map((c) => c.step)).toEqual([12]);
    expect(state.of('other').status).toBe('idle');
    state.dispose();
  });

  it('hands over the checkpoint the finished run prefers, when it names one, and keeps its reason as the message', () => {
    let emit: (event: SchedulerEvent) => void = () => undefined;
    const scheduler = { on: (listener: typeof emit) => { emit = listener; return () => undefined; } } as unknown as Scheduler;
    const handed: CheckpointInfo[] = [];
    const state = new TrainingState(scheduler, (c) => handed.push(c));
    const checkpoint = (step: number): CheckpointInfo => ({ nodeId: 'g', sha256: `sha${step}`, step, losses: {}, savedAt: 0 });
    emit({ type: 'trainingchanged', nodeId: 'g', status: 'running' });
    for (const step of [200, 400]) emit({ type: 'checkpointsaved', checkpoint: checkpoint(step) });
    emit({ type: 'trainingchanged', nodeId: 'g', status: 'finished', message: 'Using step 200: why', checkpoint: checkpoint(200) });
    expect(handed.map((c) => c.step)).toEqual([200]);
    expect(state.of('g').message).toBe('Using step 200: why');
    emit({ type: 'trainingchanged', nodeId: 'g', status: 'running' });
    emit({ type: 'checkpointsaved', checkpoint: checkpoint(600) });
    emit({ type: 'trainingchanged', nodeId: 'g', status: 'stopped' });
    expect(handed.map((c) => c.step)).toEqual([200, 600]);
  });

  it('cuts the history back when a recovered run repeats steps, and thins old points past the cap', () => {
    const first = appendLosses({ steps: [1, 2, 3], losses: { l1: [3, 2, 1] } }, 2, { l1: 5 });
    expect(first).toEqual({ steps: [1, 2], losses: { l1: [3, 5] } });
    // A held-out loss first told at step 3 (the first checkpoint), with that step's losses: it lines up with step 3, not step 1.
    const checkpoint = appendLosses({ steps: [1, 2, 3], losses: { l1: [3, 2, 1] } }, 3, { l1: 1, 'held-out l1': 4 });
    expect(checkpoint).toEqual({ steps: [1, 2, 3], losses: { l1: [3, 2, 1], 'held-out l1': [Number.NaN, Number.NaN, 4] } });
    expect(appendLosses(checkpoint, 4, { l1: 0.5 }).losses['held-out l1']).toEqual([Number.NaN, Number.NaN, 4, Number.NaN]);
    let history = { steps: [] as number[], losses: {} as Record<string, number[]> };
    for (let step = 1; step <= MAX_LOSS_POINTS + 1; step++) history = appendLosses(history, step, { l1: step });
    expect(history.steps.length).toBeLessThanOrEqual(MAX_LOSS_POINTS);
    expect(history.steps.at(-1)).toBe(MAX_LOSS_POINTS + 1);
    expect(history.steps[0]).toBe(1);
    expect(history.losses['l1']).toEqual(history.steps);
  });

  it('lists checkpoints of a node type, the node\'s own first', () => {
    const model = (sha256: string, metadata: Record<string, string>): ModelSummary => ({ sha256, name: sha256, bytes: 1, savedAt: 0, metadata });
    const models = [model('a', { checkpointOf: 'gen', nodeId: 'x' }), model('b', { checkpointOf: 'gen', nodeId: 'y' }), model('c', { checkpointOf: 'other' }), model('d', {})];
    expect(checkpointsOf(models, 'gen', 'y').map((m) => m.sha256)).toEqual(['b', 'a']);
    expect(checkpointsOf(models, 'gen').map((m) => m.sha256)).toEqual(['a', 'b']);
  });

  it('formats durations for the ETA', () => {
    expect([formatDuration(42.4), formatDuration(200), formatDuration(7322), formatDuration(Number.POSITIVE_INFINITY)])
      .toEqual(['42 s', '3 min 20 s', '2 h 2 min', '—']);
  });
});
