import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { generatorSteps } from '../../tools/eval/loop-variants';
import type { ScoringInputs } from '../../tools/eval/loop-variants';
import type { EvalRequest } from '../../tools/eval/eval-types';
import type { FrameStep } from '../../tools/eval/score';
import { createUNet, disposeUNet, unetConfig } from '../../src/nodes/unet/unet';

const SIZE = 32;

/** Only what generatorSteps reads. */
function inputs(dropoutInLoop: boolean): ScoringInputs {
  return { tf, request: { seed: 5, dropoutInLoop } as EvalRequest } as ScoringInputs;
}

function run(step: FrameStep, frame: tf.Tensor4D): Float32Array {
  return tf.tidy(() => step(frame).dataSync() as Float32Array);
}

describe("the eval's loop steps", () => {
  const frame = tf.randomUniform([1, SIZE, SIZE, 3], 0, 1, 'float32', 3) as tf.Tensor4D;

  it('loop as one step scores when dropout stays off', () => {
    const net = createUNet(tf, unetConfig('tiny', SIZE), 11);
    const steps = generatorSteps(inputs(false), net);
    expect(steps.loop).toBe(steps.oneStep);
    disposeUNet(net);
  });

  it('with --dropout-in-loop, draw a new seeded mask every frame; one step keeps dropout off', () => {
    const net = createUNet(tf, unetConfig('tiny', SIZE), 11);
    const before = tf.memory().numTensors;
    const first = generatorSteps(inputs(true), net);
    const again = generatorSteps(inputs(true), net);
    const frames = [run(first.loop, frame), run(first.loop, frame)];
    // A new mask each frame: the same input gives another output.
    expect(frames[1]).not.toEqual(frames[0]);
    // Seeded: another rollout (the other model's) sees the same masks in the same order.
    expect(run(again.loop, frame)).toEqual(frames[0]);
    expect(run(again.loop, frame)).toEqual(frames[1]);
    // One step is the network's best guess, the same every call.
    expect(run(first.oneStep, frame)).toEqual(run(first.oneStep, frame));
    expect(run(first.oneStep, frame)).not.toEqual(frames[0]);
    expect(tf.memory().numTensors).toBe(before);
    disposeUNet(net);
  });
});
