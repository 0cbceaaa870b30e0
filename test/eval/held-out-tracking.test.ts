import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { defaultParams, noCheckpointStore } from '../../src/core';
import type { TrainingJob } from '../../src/core';
import { HeldOutTracker } from '../../tools/eval/held-out-tracking';
import { disposeModel, trainModel, trainNodeOnFrames } from '../../tools/eval/train-model';
import type { TrainModelOptions } from '../../tools/eval/train-model';
import { unetStep } from '../../tools/eval/score';
import { nextFrameGenerator } from '../../src/nodes/next-frame-generator';

const SIZE = 32;
/** 24 frames of a diagonal ramp sliding one pixel a frame. */
const frames = Array.from({ length: 24 }, (_, n) => Uint8Array.from({ length: SIZE * SIZE * 3 }, (_, i) => {
  const x = Math.floor(i / 3) % SIZE;
  const y = Math.floor(i / 3 / SIZE);
  return ((x + y + n) * 8) % 256;
}));

const options: TrainModelOptions = {
  size: SIZE, preset: 'tiny', steps: 6, batch: 2, cycles: 1, driftDepth: 2, driftStarts: 2, longDrifts: 0, longDriftDepth: 2, seed: 3,
  feedbackPairs: false, predicts: 'frame', upsample: 'transposed', fullResSkip: false, jitter: false, frameLoss: 'L1', frameWeight: 100,
  adversarialWeight: 0, statisticsWeight: 0, heldOut: 25, heldOutEvery: 2, keepBest: true, bestBy: 'loss',
};
const quiet = () => Promise.resolve();

async function outputOf(net: Parameters<typeof unetStep>[1]): Promise<Float32Array> {
  const out = tf.tidy(() => unetStep(tf, net)(tf.tensor4d(frames[20]!, [1, SIZE, SIZE, 3], 'float32').div(255)));
  const values = (await out.data()) as Float32Array;
  out.dispose();
  return values;
}

describe('held-out tracking in the eval', () => {
  it('measures the held-out loss every N steps and at the end, and reports where it was lowest', async () => {
    const trained = await trainModel(tf, frames, { ...options, steps: 5 }, quiet);
    expect(trained.heldOut).toMatchObject({ percent: 25, every: 2 });
    const points = trained.heldOut!.points;
    expect(points.map((p) => p.step)).toEqual([2, 4, 5]);
    const lowest = points.reduce((a, b) => (b.loss < a.loss ? b : a));
    expect(trained.heldOut!.lowestAt).toBe(lowest.step);
    expect(trained.heldOut!.scoredStep).toBe(lowest.step);
    // The loop check rides along at every point, so either figure can pick the weights.
    expect(points.every((p) => p.loop !== undefined && p.loop >= 0)).toBe(true);
    const healthiest = points.reduce((a, b) => (b.loop! < a.loop! ? b : a));
    expect(trained.heldOut!.healthiestLoopAt).toBe(healthiest.step);
    // Copy-last's figure on the same pairs, for reading the points against.
    expect(trained.heldOut!.copyLastLoss).toBeGreaterThan(0);
    disposeModel(trained.state);
  }, 60_000);

  it('keeps the weights where the held-out loss was lowest: the model scored is the one training stopped there would give', async () => {
    // Held-out losses scripted so that step 2 is best; the weights are real.
    const scripted: Record<number, number> = { 2: 0.1, 4: 0.3, 6: 0.2 };
    const tracker = new HeldOutTracker(25, 2, true);
    const training = nextFrameGenerator.training!;
    const scriptedJob = (job: TrainingJob): TrainingJob => ({
      get totalSteps() { return job.totalSteps; },
      get stepsDone() { return job.stepsDone; },
      step: () => job.step(),
      save: () => job.save(),
      dispose: () => job.dispose(),
      validate: () => Promise.resolve({ 'held-out l1': scripted[job.stepsDone]! }),
    });
    const definition = { ...nextFrameGenerator, training: { ...training, start: async (context: never) => scriptedJob(await training.start(context)) } };
    const params = {
      ...defaultParams(nextFrameGenerator.params), size: '32' as const, steps: 6, batch: 2, seed: 3, feedbackPairs: false, frameLoss: 'L1' as const,
      adversarialWeight: 0, jitter: false, heldOut: 25, stochastic: false,
    };
    const before = tf.memory().numTensors;
    const trained = await trainNodeOnFrames(tf, definition, params, frames, SIZE, noCheckpointStore, quiet, false, tracker);
    const finalOutput = await outputOf(trained.state.net);
    const checkpoint = tracker.restoreBest(tf, trained.state.net, trained.checkpoint, 6);
    expect(checkpoint).not.toBe(trained.checkpoint);
    expect(tracker.report(6)).toEqual({
      percent: 25, every: 2, points: [{ step: 2, loss: 0.1 }, { step: 4, loss: 0.3 }, { step: 6, loss: 0.2 }], lowestAt: 2, healthiestLoopAt: null, bestBy: 'loss', scoredStep: 2, copyLastLoss: null,
    });
    const kept = await outputOf(trained.state.net);
    expect(kept).not.toEqual(finalOutput);

    // The same seed stopped at step 2 (real pairs only, so the first steps draw the same batches).
    const stopped = await trainNodeOnFrames(tf, nextFrameGenerator, { ...params, steps: 2 }, frames, SIZE, noCheckpointStore, quiet);
    expect(kept).toEqual(await outputOf(stopped.state.net));
    disposeModel(trained.state);
    disposeModel(stopped.state);
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);

  it('keeps the weights whose held-out loop was healthiest with bestBy "loop", whatever the loss says', async () => {
    const job = (losses: Record<string, number>, saved: string[]): TrainingJob => ({
      totalSteps: 6, stepsDone: 0, step: () => Promise.reject(new Error('not stepped')), dispose: () => {},
      save: () => { saved.push(JSON.stringify(losses)); return Promise.resolve({ modelTopology: {} }); },
    });
    const saved: string[] = [];
    const tracker = new HeldOutTracker(10, 2, true, 'loop');
    const figures = [[2, 0.1, 3], [4, 0.2, 0.5], [6, 0.3, 0.9]] as const;
    for (const [step, loss, loop] of figures) {
      const losses = { 'held-out l2': loss, 'held-out loop': loop };
      await tracker.onValidated(job(losses, saved), step, losses);
    }
    expect(tracker.report(6)).toMatchObject({ lowestAt: 2, healthiestLoopAt: 4, bestBy: 'loop', scoredStep: 4 });
    // Only the kept figure's winners were saved (step 2, then step 4), never the loss's.
    expect(saved).toEqual([JSON.stringify({ 'held-out l2': 0.1, 'held-out loop': 3 }), JSON.stringify({ 'held-out l2': 0.2, 'held-out loop': 0.5 })]);
  });
});
