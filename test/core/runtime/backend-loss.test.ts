// A lost GPU, on a real tfjs backend: "test-gpu" is tfjs's cpu backend (its kernels, a new
// instance per start) wearing a WebGL-like context whose canvas fires a real
// `webglcontextlost` Event, the way tfjs-backend-webgl's OffscreenCanvas does.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeRegistry, Scheduler, superviseBackend, watchBackendLoss } from '../../../src/core';
import type { BackendWatch, SchedulerEvent, TrainingStatus } from '../../../src/core';
import { GraphBuilder } from '../../helpers/graph-builder';
import { datasetRef, learnColor } from '../../helpers/trainable-node';
import { openTestStorage } from '../storage/storage-test-kit';

const GPU = 'test-gpu';
const registry = new NodeRegistry();
registry.registerAll([datasetRef, learnColor]);

interface FakeGpu { canvas: EventTarget; lost: boolean; numDataIds(): number }
/** Every instance the factory made, newest last; `gone` makes the next start fail (the GPU stays away). */
const gpus: FakeGpu[] = [];
let gone = false;

beforeAll(() => {
  const Cpu = tf.findBackend('cpu')!.constructor as new () => tf.KernelBackend;
  for (const kernel of tf.getKernelsForBackend('cpu')) tf.registerKernel({ ...kernel, backendName: GPU });
  tf.registerBackend(GPU, () => {
    if (gone) throw new Error('no GPU adapter');
    const backend = new Cpu() as tf.KernelBackend & FakeGpu & { gpgpu: unknown };
    backend.canvas = new EventTarget();
    backend.lost = false;
    backend.gpgpu = { gl: { canvas: backend.canvas, isContextLost: () => backend.lost }, createAndWaitForFence: () => Promise.resolve() };
    gpus.push(backend);
    return backend;
  }, 0);
});

afterAll(async () => {
  await tf.setBackend('cpu');
  tf.removeBackend(GPU);
  for (const kernel of tf.getKernelsForBackend(GPU)) tf.unregisterKernel(kernel.kernelName, GPU);
});

/** What a lost WebGL context looks like to the page: `isContextLost()` at once, the event a moment later. */
function loseContext(gpu: FakeGpu): void {
  gpu.lost = true;
  gpu.canvas.dispatchEvent(new Event('webglcontextlost'));
}

/** A scheduler on a fresh test-gpu instance, supervised, training a colour from a flat 2×2 dataset, the loop running offline. */
async function setup(steps: number) {
  gone = false;
  await tf.setBackend(GPU);
  const { storage } = await openTestStorage();
  const id = await storage.createDataset({ name: 'Flat', width: 2, height: 2 });
  const frame = new Uint8Array(12).map((_, i) => [255, 51, 102][i % 3]!);
  await storage.appendFrames(id, [frame, frame]);
  let supervisor: BackendWatch | undefined;
  const scheduler = new Scheduler({ tf, registry, models: storage, datasets: storage, nodeTiming: 'dispatch', backendLost: () => supervisor?.lost ?? false });
  supervisor = superviseBackend(tf, scheduler, [GPU, 'cpu']);
  const events: SchedulerEvent[] = [];
  scheduler.on((event) => events.push(event));
  const graph = new GraphBuilder(4).node('data', 'test/dataset', { id }).node('learn', 'test/learn-color', { steps }).edge('data.dataset', 'learn.dataset').build();
  await scheduler.load(graph);
  await scheduler.step();
  scheduler.setMode('offline');
  scheduler.run();
  return { scheduler, events, supervisor, gpu: gpus.at(-1)! };
}

/** Loses `gpu` right after training step `step` (checkpoints every 5 steps). */
function loseAtStep(scheduler: Scheduler, gpu: FakeGpu, step: number): void {
  const off = scheduler.on((event) => {
    if (event.type === 'trainingprogress' && event.report.step === step) {
      off();
      loseContext(gpu);
    }
  });
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
  await scheduler.pause();
  const unwatch = scheduler.watch('learn');
  await scheduler.step();
  const image = await scheduler.snapshot('learn');
  unwatch();
  return [...image!.data.slice(0, 3)];
}

const stepsOf = (events: readonly SchedulerEvent[]) => events.flatMap((e) => (e.type === 'trainingprogress' ? [e.report.step] : []));
const framesAfter = (events: readonly SchedulerEvent[], type: SchedulerEvent['type']) =>
  events.slice(events.findIndex((e) => e.type === type)).filter((e) => e.type === 'framecompleted').length;

describe('surviving a lost GPU', () => {
  it('rebuilds a lost WebGL context, re-creates the nodes, runs the loop again and resumes training from the last checkpoint', async () => {
    const { scheduler, events, supervisor, gpu } = await setup(20);
    const finished = untilStatus(scheduler, 'finished', 'failed');
    loseAtStep(scheduler, gpu, 8);
    await scheduler.training.start('learn');
    expect(await finished).toBe('finished');

    expect(events.find((e) => e.type === 'backendlost')).toEqual({ type: 'backendlost', backend: GPU, reason: `the ${GPU} context was lost` });
    expect(events.find((e) => e.type === 'backendrestored')).toEqual({ type: 'backendrestored', backend: GPU, lost: GPU });
    expect(gpus.at(-1)).not.toBe(gpu);
    // Steps 6–8 ran after the checkpoint at step 5 and are done again: at most one interval lost.
    expect(stepsOf(events)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, ...Array.from({ length: 15 }, (_, i) => i + 6)]);
    const messages = events.flatMap((e) => (e.type === 'trainingchanged' && e.message ? [e.message] : []));
    expect(messages).toContain(`Training paused: the ${GPU} context was lost. It resumes from the checkpoint at step 5 once the backend is rebuilt.`);
    expect(messages).toContain(`The GPU was lost at step 8; training resumed on ${GPU} from the checkpoint at step 5.`);
    expect(framesAfter(events, 'backendrestored')).toBeGreaterThan(1);
    expect(scheduler.state).toBe('running');
    // Nothing of the dead instance is held: every tensor on it was disposed before it was dropped.
    expect(gpu.numDataIds()).toBe(0);
    expect(await learntColor(scheduler)).toEqual([255, 51, 102]);
    supervisor.dispose();
    await scheduler.stop();
  });

  it('falls back to the next backend when the GPU stays gone', async () => {
    const { scheduler, events, supervisor, gpu } = await setup(12);
    const finished = untilStatus(scheduler, 'finished', 'failed');
    const off = scheduler.on((event) => { if (event.type === 'backendlost') gone = true; });
    loseAtStep(scheduler, gpu, 7);
    await scheduler.training.start('learn');
    expect(await finished).toBe('finished');
    off();
    expect(events.find((e) => e.type === 'backendrestored')).toEqual({ type: 'backendrestored', backend: 'cpu', lost: GPU });
    expect(tf.getBackend()).toBe('cpu');
    expect(stepsOf(events).slice(7, 9)).toEqual([6, 7]);
    expect(gpu.numDataIds()).toBe(0);
    expect(await learntColor(scheduler)).toEqual([255, 51, 102]);
    supervisor.dispose();
    await scheduler.stop();
  });

  it('restarts from step 0 when the GPU is lost before the first checkpoint', async () => {
    const { scheduler, events, supervisor, gpu } = await setup(12);
    const finished = untilStatus(scheduler, 'finished', 'failed');
    loseAtStep(scheduler, gpu, 3);
    await scheduler.training.start('learn');
    expect(await finished).toBe('finished');
    expect(stepsOf(events)).toEqual([1, 2, 3, ...Array.from({ length: 12 }, (_, i) => i + 1)]);
    expect(await learntColor(scheduler)).toEqual([255, 51, 102]);
    supervisor.dispose();
    await scheduler.stop();
  });

  it('reports a WebGPU device loss with its message, once', async () => {
    let resolveLost!: (info: { message: string; reason: string }) => void;
    const lost = new Promise<{ message: string; reason: string }>((resolve) => (resolveLost = resolve));
    const reasons: string[] = [];
    const fakeTf = { backend: () => ({ device: { lost } }), getBackend: () => 'webgpu' } as unknown as typeof tf;
    const watch = watchBackendLoss(fakeTf, (reason) => reasons.push(reason));
    expect(watch.lost).toBe(false);
    resolveLost({ message: 'Device was destroyed.', reason: 'destroyed' });
    await lost;
    await Promise.resolve();
    expect(reasons).toEqual(['the webgpu device was lost: Device was destroyed.']);
    expect(watch.lost).toBe(true);
  });
});
