import * as tf from '@tensorflow/tfjs';
import type { Tensor3D } from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Upscaler from 'upscaler';
import esrganSlimX2 from '@upscalerjs/esrgan-slim/2x';
import esrganSlimX4 from '@upscalerjs/esrgan-slim/4x';
import { UPSCALE_FACTORS, UPSCALER_MODEL_NAMES, scaleProblem, servedModelUrl } from '../../../src/nodes/upscaler/catalog';
import { TILE_CONTEXT, tileSpans } from '../../../src/nodes/upscaler/tiles';
import { loadUpscalerModel, upscaleWithModel } from '../../../src/nodes/upscaler/upscaler-network';
import { foldUpscaler, phaseKernel } from '../../../src/nodes/upscaler/folded-network';
import type { UpscalerNetwork } from '../../../src/nodes/upscaler/folded-network';
import { serveUpscalerWeights } from './served-weights';

/** A smooth random picture with some edges: values in [0, 1]. */
function picture(height: number, width: number, seed = 1): Tensor3D {
  return tf.tidy(() => {
    const coarse = tf.randomUniform([Math.ceil(height / 4), Math.ceil(width / 4), 3], 0, 1, 'float32', seed) as Tensor3D;
    const smooth = tf.image.resizeBilinear(coarse, [height, width]);
    const edges = tf.greater(tf.randomUniform([height, width, 1], 0, 1, 'float32', seed + 1), 0.8);
    return tf.clipByValue(tf.add(smooth, tf.mul(tf.cast(edges, 'float32'), 0.3)), 0, 1) as Tensor3D;
  });
}

function maxAbsDiff(a: Tensor3D, b: Tensor3D): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}

describe('tile spans', () => {
  it('cover the axis exactly once with windows of one size and enough context inside the image', () => {
    for (const [total, tile] of [[100, 16], [97, 32], [48, 12], [64, 64]] as const) {
      const spans = tileSpans(total, tile, TILE_CONTEXT);
      const covered = new Array<number>(total).fill(0);
      for (const s of spans) {
        expect(s.start).toBeGreaterThanOrEqual(0);
        expect(s.start + s.size).toBeLessThanOrEqual(total);
        expect(s.size).toBe(spans[0]!.size);
        const keepFrom = s.start + s.keepStart;
        for (let i = keepFrom; i < keepFrom + s.keepSize; i++) covered[i]!++;
        // Context before and after the kept part: the full amount, or up to the image border.
        expect(Math.min(s.keepStart, keepFrom)).toBeGreaterThanOrEqual(Math.min(TILE_CONTEXT, keepFrom));
        expect(s.size - s.keepStart - s.keepSize).toBeGreaterThanOrEqual(Math.min(TILE_CONTEXT, total - keepFrom - s.keepSize));
      }
      expect(covered.every((n) => n === 1)).toBe(true);
    }
  });
});

describe('upscaling with the UpscalerJS weights', () => {
  let x2: UpscalerNetwork;
  let x4: UpscalerNetwork;
  beforeAll(async () => {
    serveUpscalerWeights();
    x2 = await loadUpscalerModel(tf, 'esrgan-slim', 2);
    x4 = await loadUpscalerModel(tf, 'esrgan-slim', 4);
  });
  afterAll(() => { x2?.dispose(); x4?.dispose(); });

  it('matches the upscaler library on the same image and weights (×2 and ×4), within 1/255', async () => {
    const image = picture(20, 24);
    for (const [definition, model, scale] of [[esrganSlimX2, x2, 2], [esrganSlimX4, x4, 4]] as const) {
      // The library would fetch from a CDN; `path` points it at the same served weights.
      const library = new Upscaler({ model: { ...definition, path: servedModelUrl('esrgan-slim', scale) } });
      const pixels = tf.mul(image, 255) as Tensor3D;
      const theirs = await library.execute(pixels, { output: 'tensor' }) as Tensor3D;
      const ours = tf.tidy(() => upscaleWithModel(tf, model, image, 128));
      expect(ours.shape).toEqual([20 * scale, 24 * scale, 3]);
      expect(theirs.shape).toEqual(ours.shape);
      const theirsUnit = tf.div(theirs, 255) as Tensor3D;
      expect(maxAbsDiff(ours, theirsUnit)).toBeLessThanOrEqual(1 / 255);
      // Clipped: the raw network overshoots, the output does not.
      const [min, max] = tf.tidy(() => [tf.min(ours).dataSync()[0]!, tf.max(ours).dataSync()[0]!]);
      expect(min).toBeGreaterThanOrEqual(0);
      expect(max).toBeLessThanOrEqual(1);
      tf.dispose([pixels, theirs, ours, theirsUnit]);
      await library.dispose();
    }
    image.dispose();
  });

  it('gives the whole-image result when tiled (within 2/255), where tiles without context show seams', () => {
    // 40 rows in four 36-row windows (12 kept + context); the columns fit one window.
    const image = picture(40, 20, 7);
    const before = tf.memory().numTensors;
    const whole = tf.tidy(() => upscaleWithModel(tf, x2, image, 128));
    const tiled = tf.tidy(() => upscaleWithModel(tf, x2, image, 12));
    expect(tiled.shape).toEqual([80, 40, 3]);
    expect(maxAbsDiff(whole, tiled)).toBeLessThanOrEqual(2 / 255);
    // The check can fail: cutting the same tiles without context leaves visible seams.
    const seams = tf.tidy(() => {
      const cut = (t: Tensor3D) => tf.squeeze(x2.run(tf.expandDims(t, 0) as tf.Tensor4D), [0]);
      const top = cut(tf.slice(image, [0, 0, 0], [20, 20, 3]));
      const bottom = cut(tf.slice(image, [20, 0, 0], [20, 20, 3]));
      return tf.clipByValue(tf.concat([top, bottom], 0), 0, 1) as Tensor3D;
    });
    expect(maxAbsDiff(whole, seams)).toBeGreaterThan(8 / 255);
    tf.dispose([whole, tiled, seams]);
    expect(tf.memory().numTensors).toBe(before);
    image.dispose();
  });

  it('runs every catalog model, rewritten, as the original network computes it (÷ 255, unclipped), tensor count flat', async () => {
    const image = picture(12, 16, 3);
    const cases = UPSCALER_MODEL_NAMES.flatMap((n) => UPSCALE_FACTORS.filter((s) => !scaleProblem(n, s)).map((s) => [n, s] as const));
    expect(cases.length).toBe(3);
    for (const [name, scale] of cases) {
      const raw = await tf.loadLayersModel(servedModelUrl(name, scale));
      const withoutFolded = tf.memory().numTensors;
      const folded = await loadUpscalerModel(tf, name, scale);
      expect(folded.scale).toBe(scale);
      const before = tf.memory().numTensors;
      const [expected, actual] = tf.tidy(() => [
        tf.div(raw.predict(tf.expandDims(tf.mul(image, 255), 0)) as tf.Tensor4D, 255),
        folded.run(tf.expandDims(image, 0) as tf.Tensor4D),
      ]);
      expect(actual!.shape).toEqual([1, 12 * scale, 16 * scale, 3]);
      // Borders included: the phase kernels' zero padding is the upsampled picture's.
      expect(tf.tidy(() => tf.max(tf.abs(tf.sub(expected!, actual!))).dataSync()[0]!), `${name} ×${scale}`).toBeLessThan(1e-4);
      tf.dispose([expected!, actual!]);
      expect(tf.memory().numTensors).toBe(before);
      // Its weights, phase kernel and bias all go with it.
      folded.dispose();
      expect(tf.memory().numTensors).toBe(withoutFolded);
      raw.dispose();
    }
    image.dispose();
  });

  it('refuses to rewrite a network of another shape, naming it', () => {
    const input = tf.input({ shape: [8, 8, 3] });
    const dense = tf.layers.dense({ units: 3, name: 'not_a_conv' }).apply(input) as tf.SymbolicTensor;
    const network = tf.model({ inputs: input, outputs: dense, name: 'odd_net' });
    expect(() => foldUpscaler(tf, network)).toThrow(/odd_net network does not start with one conv/);
    network.dispose();
  });
});

describe('phase kernel', () => {
  it('equals nearest upsampling then the 3×3 conv, on a random kernel at ×3, borders included', () => {
    const [cin, cout, scale] = [2, 3, 3];
    const high = tf.randomNormal([3, 3, cin, cout], 0, 1, 'float32', 5) as tf.Tensor4D;
    const x = tf.randomUniform([1, 5, 4, cin], 0, 1, 'float32', 6) as tf.Tensor4D;
    const phases = tf.tensor4d(phaseKernel(high.dataSync() as Float32Array, cin, cout, scale), [3, 3, cin, scale * scale * cout]);
    const viaUpsampling = tf.tidy(() => tf.div(tf.conv2d(tf.image.resizeNearestNeighbor(x, [15, 12]), high, 1, 'same'), 255));
    const viaPhases = tf.tidy(() => tf.depthToSpace(tf.conv2d(x, phases, 1, 'same'), scale));
    expect(viaPhases.shape).toEqual([1, 15, 12, cout]);
    expect(tf.tidy(() => tf.max(tf.abs(tf.sub(viaUpsampling, viaPhases))).dataSync()[0]!)).toBeLessThan(1e-6);
    tf.dispose([high, x, phases, viaUpsampling, viaPhases]);
  });
});
