import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { resizeConvolutionKernel } from '../../../src/nodes/unet/resize-convolution';
import { checkUNetConfig, createUNet, disposeUNet, encoderChannels, predictNextFrame, runUNet, unetConfig, upsamplingOf, variantOf } from '../../../src/nodes/unet/unet';
import type { UNetConfig } from '../../../src/nodes/unet/unet';
import { parameterCount } from '../../../src/core/training-kit/weights';

const small: UNetConfig = { size: 16, levels: 3, baseChannels: 4, maxChannels: 8, dropoutBlocks: 1 };

describe('U-Net generator', () => {
  const net = createUNet(tf, small, 1);
  const x = tf.randomUniform([2, 16, 16, 3], -1, 1, 'float32', 2) as tf.Tensor4D;
  afterAll(() => disposeUNet(net));

  it('makes standard at 256 the 8-level pix2pix unet_256, down to a 1×1 bottleneck', () => {
    const config = unetConfig('standard', 256);
    expect(config).toEqual({ size: 256, levels: 8, baseChannels: 64, maxChannels: 512, dropoutBlocks: 3 });
    expect(encoderChannels(config)).toEqual([64, 128, 256, 512, 512, 512, 512, 512]);
  });

  it('gives smaller frames fewer levels, so the bottleneck never shrinks below 1×1', () => {
    expect(unetConfig('standard', 64).levels).toBe(6);
    expect(unetConfig('tiny', 64).levels).toBe(4);
    expect(unetConfig('tiny', 8)).toMatchObject({ levels: 3, dropoutBlocks: 1 });
  });

  it('has the 54.4 M parameters of pix2pix with 4×4 kernels at standard 256', () => {
    // Counted without creating the variables: 54.4 M floats would slow the test down.
    const channels = encoderChannels(unetConfig('standard', 256));
    let count = 0;
    channels.forEach((out, i) => { count += 16 * (i === 0 ? 3 : channels[i - 1]!) * out + (i === 0 || i === 7 ? out : 2 * out); });
    for (let j = 7; j >= 1; j--) count += 16 * (j === 7 ? 512 : 2 * channels[j]!) * channels[j - 1]! + 2 * channels[j - 1]!;
    count += 16 * 128 * 3 + 3;
    expect(count).toBe(54_414_531);
    const tiny = createUNet(tf, unetConfig('tiny', 16), 0);
    expect(parameterCount(tiny.weights)).toBe(256_755);
    disposeUNet(tiny);
  });

  it('maps frames to frames of the same shape, inside tanh range', () => {
    const y = runUNet(tf, net, x);
    expect(y.shape).toEqual([2, 16, 16, 3]);
    const values = y.dataSync();
    expect(Math.max(...values)).toBeLessThanOrEqual(1);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(-1);
  });

  it('initialises the same weights from the same seed, and different ones from another', () => {
    const again = createUNet(tf, small, 1);
    const other = createUNet(tf, small, 2);
    expect(runUNet(tf, again, x).dataSync()).toEqual(runUNet(tf, net, x).dataSync());
    expect(runUNet(tf, other, x).dataSync()).not.toEqual(runUNet(tf, net, x).dataSync());
    const kernel = net.weights['enc1/kernel']!;
    const { mean, variance } = tf.moments(kernel);
    expect(Math.abs(mean.dataSync()[0]!)).toBeLessThan(0.01);
    expect(Math.sqrt(variance.dataSync()[0]!)).toBeCloseTo(0.02, 2);
    disposeUNet(again);
    disposeUNet(other);
  });

  it('is deterministic without dropout, and reproducible with seeded dropout', () => {
    const plain = runUNet(tf, net, x).dataSync();
    expect(runUNet(tf, net, x).dataSync()).toEqual(plain);
    const dropped = runUNet(tf, net, x, { dropout: true, dropoutSeed: 5 }).dataSync();
    expect(dropped).not.toEqual(plain);
    expect(runUNet(tf, net, x, { dropout: true, dropoutSeed: 5 }).dataSync()).toEqual(dropped);
    expect(runUNet(tf, net, x, { dropout: true, dropoutSeed: 6 }).dataSync()).not.toEqual(dropped);
  });

  it('predicts app frames in [0, 1] through the [-1, 1] network', () => {
    const frame = tf.randomUniform([16, 16, 3], 0, 1, 'float32', 3) as tf.Tensor3D;
    const next = predictNextFrame(tf, net, frame);
    expect(next.shape).toEqual([16, 16, 3]);
    const direct = runUNet(tf, net, tf.sub(tf.mul(frame.expandDims(0), 2), 1) as tf.Tensor4D);
    expect(Math.max(...tf.abs(tf.sub(next, tf.mul(tf.add(direct.squeeze([0]), 1), 0.5))).dataSync())).toBeLessThan(1e-6);
  });

  it('refuses frame sizes its levels cannot halve', () => {
    expect(() => createUNet(tf, { ...small, size: 12 }, 0)).toThrow(/not divisible by 2\^3/);
  });
});

describe('U-Net predicting the change (residual)', () => {
  const config = unetConfig('tiny', 16, { output: 'change' });

  it('is the plain shape plus the residual flag, and only when asked', () => {
    expect(config).toEqual({ ...unetConfig('tiny', 16), residual: true });
    expect(unetConfig('tiny', 16)).not.toHaveProperty('residual');
  });

  it('starts as copy-last: an untrained network returns its input (saturated pixels included)', () => {
    const net = createUNet(tf, config, 3);
    const frame = tf.tidy(() => tf.concat([tf.randomUniform([16, 15, 3], 0, 1, 'float32', 4), tf.ones([16, 1, 3])], 1)) as tf.Tensor3D;
    const next = predictNextFrame(tf, net, frame);
    const bytes = (t: tf.Tensor) => Array.from(t.dataSync(), (v) => Math.round(v * 255));
    expect(bytes(next)).toEqual(bytes(frame));
    tf.dispose([frame, next]);
    disposeUNet(net);
  });

  it('moves away from the input once its output layer has weights, staying inside tanh range', () => {
    const net = createUNet(tf, config, 3);
    net.weights['out/kernel']!.assign(tf.randomNormal(net.weights['out/kernel']!.shape, 0, 0.05, 'float32', 5));
    const x = tf.randomUniform([1, 16, 16, 3], -1, 1, 'float32', 6) as tf.Tensor4D;
    const y = runUNet(tf, net, x);
    expect(tf.max(tf.abs(tf.sub(y, x))).dataSync()[0]).toBeGreaterThan(0.01);
    expect(tf.max(tf.abs(y)).dataSync()[0]).toBeLessThanOrEqual(1);
    tf.dispose([x, y]);
    disposeUNet(net);
  });
});

/** Nearest-neighbour ×2, the plain way: each pixel repeated across, each row repeated down. */
function nearestDouble(x: tf.Tensor4D): tf.Tensor4D {
  const [n, height, width, channels] = x.shape;
  return tf.tidy(() => {
    const across = tf.reshape(tf.concat([x, x], 3), [n, height, 2 * width, channels]);
    return tf.reshape(tf.concat([across, across], 2), [n, 2 * height, 2 * width, channels]);
  });
}

describe('U-Net upsampling by resize-convolution', () => {
  const config = unetConfig('tiny', 16, { output: 'change', upsampling: 'resize' });

  it('is the plain shape plus the upsample field, and only when asked', () => {
    expect(config).toEqual({ ...unetConfig('tiny', 16, { output: 'change' }), upsample: 'resize' });
    expect(unetConfig('tiny', 16, { output: 'change' })).not.toHaveProperty('upsample');
    expect([upsamplingOf(config), upsamplingOf(unetConfig('tiny', 16))]).toEqual(['resize', 'transposed']);
    expect(() => checkUNetConfig({ ...config, upsample: 'bilinear' as 'resize' })).toThrow(/"upsample" is "resize" or absent/);
  });

  it('stores 3×3 decoder kernels [3, 3, in, out] where pix2pix stores 4×4 transposed ones [4, 4, out, in]', () => {
    const resized = createUNet(tf, config, 1);
    const transposed = createUNet(tf, unetConfig('tiny', 16, { output: 'change' }), 1);
    expect(resized.weights['dec1/kernel']!.shape).toEqual([3, 3, 64, 16]);
    expect(transposed.weights['dec1/kernel']!.shape).toEqual([4, 4, 16, 64]);
    expect(resized.weights['out/kernel']!.shape).toEqual([3, 3, 32, 3]);
    disposeUNet(resized);
    disposeUNet(transposed);
  });

  it('runs the folded kernel as exactly nearest ×2 then the 3×3 convolution, borders included', () => {
    const [direct, folded] = tf.tidy(() => {
      const x = tf.randomNormal([2, 5, 6, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
      const kernel = tf.randomNormal([3, 3, 3, 4], 0, 1, 'float32', 2) as tf.Tensor4D;
      return [tf.conv2d(nearestDouble(x), kernel, 1, 'same'), tf.conv2dTranspose(x, resizeConvolutionKernel(tf, kernel), [2, 10, 12, 4], 2, 'same')];
    });
    expect(folded.shape).toEqual([2, 10, 12, 4]);
    expect(tf.max(tf.abs(tf.sub(direct, folded))).dataSync()[0]).toBeLessThan(1e-5);
    tf.dispose([direct, folded]);
  });

  it('maps a flat map to a flat one inside the borders, where a random transposed kernel leaves a 2-pixel grid', () => {
    const spread = (kernel: tf.Tensor4D) => tf.tidy(() => {
      const interior = tf.slice(tf.conv2dTranspose(tf.ones([1, 6, 6, 2]) as tf.Tensor4D, kernel, [1, 12, 12, 3], 2, 'same'), [0, 2, 2, 0], [1, 8, 8, 3]);
      return tf.sub(tf.max(interior, [1, 2]), tf.min(interior, [1, 2])).max().dataSync()[0]!;
    });
    const kernel3 = tf.randomNormal([3, 3, 2, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
    const kernel4 = tf.randomNormal([4, 4, 3, 2], 0, 1, 'float32', 4) as tf.Tensor4D;
    const folded = resizeConvolutionKernel(tf, kernel3);
    expect(spread(folded)).toBeLessThan(1e-5);
    expect(spread(kernel4)).toBeGreaterThan(0.1);
    tf.dispose([kernel3, kernel4, folded]);
  });

  it('starts as copy-last too, and its gradients reach the 3×3 kernels', () => {
    const net = createUNet(tf, config, 3);
    const x = tf.randomUniform([1, 16, 16, 3], -1, 1, 'float32', 6) as tf.Tensor4D;
    const y = runUNet(tf, net, x);
    expect(tf.max(tf.abs(tf.sub(y, x))).dataSync()[0]).toBeLessThan(1e-4);
    const { grads, value } = tf.variableGrads(() => tf.mean(tf.square(tf.sub(runUNet(tf, net, x), tf.reverse(x, 2)))) as tf.Scalar);
    const outKernel = grads[net.weights['out/kernel']!.name];
    expect(outKernel?.shape).toEqual([3, 3, 32, 3]);
    expect(tf.max(tf.abs(outKernel!)).dataSync()[0]).toBeGreaterThan(0);
    tf.dispose([x, y, value, ...Object.values(grads)]);
    disposeUNet(net);
  });
});

describe('U-Net with a full-resolution skip', () => {
  const config = unetConfig('tiny', 16, { output: 'change', fullResolutionSkip: true });

  it('is the plain shape plus the skip field, only when asked, and reads back as the variant asked for', () => {
    expect(config).toEqual({ ...unetConfig('tiny', 16, { output: 'change' }), fullResolutionSkip: true });
    expect(unetConfig('tiny', 16, { fullResolutionSkip: false })).toEqual(unetConfig('tiny', 16));
    expect(variantOf(config)).toEqual({ output: 'change', upsampling: 'transposed', fullResolutionSkip: true });
    expect(variantOf(unetConfig('tiny', 16))).toEqual({ output: 'frame', upsampling: 'transposed', fullResolutionSkip: false });
    expect(() => checkUNetConfig({ ...config, fullResolutionSkip: false as unknown as true })).toThrow(/"fullResolutionSkip" is true or absent/);
  });

  it('adds exactly a 3×3 convolution of the input to the change, and starts at zero (copy-last)', () => {
    const net = createUNet(tf, config, 3);
    expect(net.weights['skip/kernel']!.shape).toEqual([3, 3, 3, 3]);
    const x = tf.randomUniform([1, 16, 16, 3], -0.9, 0.9, 'float32', 6) as tf.Tensor4D;
    const untrained = runUNet(tf, net, x);
    expect(tf.max(tf.abs(tf.sub(untrained, x))).dataSync()[0]).toBeLessThan(1e-4);
    const kernel = tf.randomNormal([3, 3, 3, 3], 0, 0.1, 'float32', 7) as tf.Tensor4D;
    net.weights['skip/kernel']!.assign(kernel);
    const y = runUNet(tf, net, x);
    const expected = tf.tidy(() => tf.tanh(tf.add(tf.atanh(x), tf.conv2d(x, kernel, 1, 'same'))));
    expect(tf.max(tf.abs(tf.sub(y, expected))).dataSync()[0]).toBeLessThan(1e-4);
    tf.dispose([x, untrained, kernel, y, expected]);
    disposeUNet(net);
  });
});
