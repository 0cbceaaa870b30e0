import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FrameStore } from '../../../src/core/training-kit/frame-store';
import { splitDataset } from '../../../src/nodes/generator/held-out';
import { heldOutLoopCheck, heldOutStatistics, LOOP_CHECK_FRAMES, loopDistance } from '../../../src/nodes/generator/loop-check';
import { createUNet, disposeUNet, unetConfig } from '../../../src/nodes/unet/unet';
import { gradientEnergy as bytesGradientEnergy, meanAbsoluteChange as bytesMeanAbsoluteChange } from '../../../tools/eval/metrics';

afterEach(() => vi.restoreAllMocks());

const SIZE = 16;
/** `count` frames of a diagonal ramp sliding `speed` pixels a frame; speed 0 is a still clip. */
function ramp(count: number, speed: number): Uint8Array[] {
  return Array.from({ length: count }, (_, n) => Uint8Array.from({ length: SIZE * SIZE * 3 }, (_, i) => {
    const x = Math.floor(i / 3) % SIZE;
    const y = Math.floor(i / 3 / SIZE);
    return ((x + 2 * y + n * speed) * 13 + (i % 3) * 40) % 256;
  }));
}
const noDropout = () => ({});

describe('the loop check', () => {
  it('scores an explosion and a freeze by the same yardstick, and a frozen or NaN loop as far off, not infinitely', () => {
    expect(loopDistance(1, 1)).toBe(0);
    expect(loopDistance(10, 1)).toBeCloseTo(Math.log(10), 12);
    expect(loopDistance(0.1, 1)).toBeCloseTo(Math.log(10), 12);
    expect(loopDistance(2, 0.5)).toBeCloseTo(2 * Math.log(2), 12);
    expect(loopDistance(1, 0)).toBeCloseTo(Math.log(1000), 12);
    expect(loopDistance(Number.NaN, 1)).toBeCloseTo(Math.log(1000), 12);
  });

  it("measures the held-out frames' detail and motion as the eval metrics do", async () => {
    const bytes = ramp(40, 1);
    const frames = FrameStore.of('ramp', SIZE, bytes);
    const split = splitDataset('ramp', 40, 25, 2);
    const stats = await heldOutStatistics(tf, frames, split, 2);
    const shape = { width: SIZE, height: SIZE };
    const detail = split.heldOutStarts.reduce((sum, n) => sum + bytesGradientEnergy(bytes[n]!, shape), 0) / split.heldOutStarts.length;
    const motion = split.heldOutStarts.reduce((sum, n) => sum + bytesMeanAbsoluteChange(bytes[n]!, bytes[n + 2]!), 0) / split.heldOutStarts.length;
    expect(stats!.detail).toBeCloseTo(detail, 5);
    expect(stats!.motion).toBeCloseTo(motion, 5);
    expect(await heldOutStatistics(tf, frames, splitDataset('ramp', 40, 0, 1), 1)).toBeUndefined();
  });

  it('finds a copy-last network a frozen loop: the clip detail it starts from, no motion at all', async () => {
    // Predicting the change, a new network adds nothing: its loop repeats the first held-out frame.
    const net = createUNet(tf, unetConfig('tiny', SIZE, { output: 'change' }), 1);
    const frames = FrameStore.of('ramp', SIZE, ramp(40, 1));
    const split = splitDataset('ramp', 40, 25, 1);
    const reference = (await heldOutStatistics(tf, frames, split, 1))!;
    const read: number[] = [];
    const frame = FrameStore.prototype.frame;
    vi.spyOn(FrameStore.prototype, 'frame').mockImplementation(function (this: FrameStore, index: number) {
      read.push(index);
      return frame.call(this, index);
    });
    const before = tf.memory().numTensors;
    const check = await heldOutLoopCheck(tf, net, frames, split, reference, noDropout);
    expect(tf.memory().numTensors).toBe(before);
    expect(read).toEqual([30]);
    expect(check!.motionRatio).toBe(0);
    expect(check!.detailRatio).toBeCloseTo(1, 1);
    expect(check!.distance).toBeCloseTo(Math.log(1000) + Math.abs(Math.log(check!.detailRatio)), 10);
    expect(await heldOutLoopCheck(tf, net, frames, splitDataset('ramp', 40, 0, 1), reference, noDropout)).toBeUndefined();
    disposeUNet(net);
  });

  it('calls a frozen loop of a still clip a perfect match, and asks for run options once per loop frame', async () => {
    const net = createUNet(tf, unetConfig('tiny', SIZE, { output: 'change' }), 1);
    const frames = FrameStore.of('still', SIZE, ramp(40, 0));
    const split = splitDataset('still', 40, 25, 1);
    const reference = (await heldOutStatistics(tf, frames, split, 1))!;
    expect(reference.motion).toBe(0);
    const options = vi.fn(noDropout);
    const check = await heldOutLoopCheck(tf, net, frames, split, reference, options);
    expect(check).toEqual({ detailRatio: expect.closeTo(1, 5), motionRatio: 1, distance: expect.closeTo(0, 5) });
    expect(options).toHaveBeenCalledTimes(LOOP_CHECK_FRAMES);
    disposeUNet(net);
  });
});
