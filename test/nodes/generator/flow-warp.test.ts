import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { warpBilinear } from '../../../src/nodes/unet/flow-warp';
import { createLiveNetwork } from '../../../src/nodes/unet/live-network';
import { createUNet, disposeUNet, outputOf, runUNet, unetConfig } from '../../../src/nodes/unet/unet';

/** A [1, 4, 5, 1] image whose pixel (y, x) holds 10·y + x. */
const image = () => tf.tensor4d(Array.from({ length: 20 }, (_, i) => 10 * Math.floor(i / 5) + (i % 5)), [1, 4, 5, 1]);
/** The same (x, y) displacement at every pixel. */
const uniformFlow = (x: number, y: number) => tf.tile(tf.tensor4d([x, y], [1, 1, 1, 2]), [1, 4, 5, 1]) as tf.Tensor4D;
const rows = (t: tf.Tensor) => (t.reshape([4, 5]).arraySync() as number[][]).map((row) => row.map((v) => Math.round(v * 1000) / 1000));

describe('bilinear flow warp', () => {
  it('returns the image for a zero flow, and moves whole pixels for whole-pixel flows, repeating the edge', () => {
    expect(rows(warpBilinear(tf, image(), uniformFlow(0, 0)))).toEqual(rows(image()));
    // Sampling one pixel to the right: each pixel takes its right neighbour's value; the last column repeats.
    expect(rows(warpBilinear(tf, image(), uniformFlow(1, 0)))[0]).toEqual([1, 2, 3, 4, 4]);
    expect(rows(warpBilinear(tf, image(), uniformFlow(0, -1))).map((row) => row[0])).toEqual([0, 0, 10, 20]);
  });

  it('blends the four nearest pixels for a fractional flow', () => {
    const warped = rows(warpBilinear(tf, image(), uniformFlow(0.25, 0.5)));
    // Pixel (1, 1) samples (1.5, 1.25): ¾·(11, 21) + ¼·(12, 22) averaged over the rows = 16.25.
    expect(warped[1]![1]).toBeCloseTo(16.25, 5);
  });

  it('has the gradient in the flow that finite differences give', () => {
    // Fractional and positive: no sample lands on a whole pixel or the left/top edge, where the warp has kinks.
    const flow = tf.tensor4d(Array.from({ length: 40 }, (_, i) => 0.3 + 0.2 * Math.sin(i)), [1, 4, 5, 2]);
    const weights = tf.tensor4d(Array.from({ length: 20 }, (_, i) => Math.cos(i)), [1, 4, 5, 1]);
    const loss = (f: tf.Tensor) => tf.sum(tf.mul(warpBilinear(tf, image(), f as tf.Tensor4D), weights)) as tf.Scalar;
    const analytic = tf.grad(loss)(flow).dataSync();
    const values = flow.dataSync();
    const h = 1e-3;
    for (const i of [0, 7, 13, 22, 31]) {
      const plus = Float32Array.from(values);
      const minus = Float32Array.from(values);
      plus[i]! += h;
      minus[i]! -= h;
      const numeric = (loss(tf.tensor4d(plus, [1, 4, 5, 2])).dataSync()[0]! - loss(tf.tensor4d(minus, [1, 4, 5, 2])).dataSync()[0]!) / (2 * h);
      expect(analytic[i]).toBeCloseTo(numeric, 2);
    }
  });

  it('passes the gradient back to the image pixels it sampled, summed where pixels are sampled twice', () => {
    // Every pixel samples one to the right: the last column is read by itself and its left neighbour.
    const weights = tf.tensor4d(Array.from({ length: 20 }, (_, i) => i + 1), [1, 4, 5, 1]);
    const grad = tf.grad((img: tf.Tensor) => tf.sum(tf.mul(warpBilinear(tf, img as tf.Tensor4D, uniformFlow(1, 0)), weights)))(image());
    expect(rows(grad)[0]).toEqual([0, 1, 2, 3, 4 + 5]);
  });

  it('makes a "motion" U-Net that starts as copy-last and learns through its flow', () => {
    const config = unetConfig('tiny', 16, { output: 'motion', fullResolutionSkip: true });
    expect(config).toMatchObject({ residual: true, flow: true });
    // The node's "Predicts" param reaches the network it builds.
    const live = createLiveNetwork(tf, { preset: 'tiny', size: '16', checkpoint: '', seed: 1, output: 'motion', fullResSkip: true });
    expect(live.net.config).toEqual(config);
    disposeUNet(live.net);
    expect(outputOf(config)).toBe('motion');
    const net = createUNet(tf, config, 2);
    const x = tf.randomUniform([2, 16, 16, 3], -0.9, 0.9, 'float32', 5) as tf.Tensor4D;
    expect(tf.max(tf.abs(tf.sub(runUNet(tf, net, x), x))).dataSync()[0]).toBeLessThan(1e-5);
    const target = tf.concat([tf.slice(x, [0, 0, 1, 0], [-1, -1, 15, -1]), tf.slice(x, [0, 0, 15, 0], [-1, -1, 1, -1])], 2);
    const grads = tf.variableGrads(() => tf.mean(tf.square(tf.sub(runUNet(tf, net, x), target))) as tf.Scalar).grads;
    // The output layer's flow channels (0, 1) get a gradient at once, though the layer starts at zero.
    const bias = Object.entries(grads).find(([name]) => name.endsWith('out/bias'))![1].dataSync();
    expect(Math.abs(bias[0]!) + Math.abs(bias[1]!)).toBeGreaterThan(0);
    tf.dispose(Object.values(grads));
    disposeUNet(net);
  });
});
