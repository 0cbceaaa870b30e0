import * as tf from '@tensorflow/tfjs';
import type { Tensor3D } from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { defaultParams, NodeRegistry, Scheduler } from '../../src/core';
import type { AnyNodeDefinition } from '../../src/core';
import { builtInNodes } from '../../src/nodes';
import { blurSharpen, gaussianBlur } from '../../src/nodes/blur-sharpen';
import { colourAdjust, colourMap } from '../../src/nodes/colour-adjust';
import { mix } from '../../src/nodes/mix';
import { noise } from '../../src/nodes/noise';
import { GraphBuilder } from '../helpers/graph-builder';
import { constFrame } from '../helpers/test-nodes';
import { bareContext } from '../helpers/node-context';

const N = 16;
const size = { width: N, height: N };

/** One instance of a frame node, stepped as the scheduler steps it (process inside tidy). */
function instance(definition: AnyNodeDefinition, params: Record<string, unknown> = {}) {
  const all = { ...defaultParams(definition.params), ...params } as never;
  const context = { nodeId: 'n', params: all, size, ...bareContext() };
  const state = definition.create?.(context);
  return {
    at: (frame: number, inputs: Record<string, Tensor3D>) =>
      tf.tidy(() => definition.process({ ...context, state, frame, time: frame / 30, inputs }).frame as Tensor3D),
    dispose: () => definition.dispose?.(state),
  };
}

const once = (definition: AnyNodeDefinition, params: Record<string, unknown>, inputs: Record<string, Tensor3D>, frame = 0) => {
  const node = instance(definition, params);
  const out = node.at(frame, inputs);
  node.dispose();
  return out;
};

const randomFrame = (seed: number, low = 0, high = 1) => tf.randomUniform([N, N, 3], low, high, 'float32', seed) as Tensor3D;
const grey = (level = 0.5) => tf.fill([N, N, 3], level) as Tensor3D;
const scalar = (t: tf.Tensor) => tf.tidy(() => t.dataSync()[0]!);
const std = (t: tf.Tensor) => tf.tidy(() => Math.sqrt(tf.moments(t).variance.dataSync()[0]!));
const maxDifference = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);

describe('noise', () => {
  it('passes the frame through at amount 0', () => {
    const frame = grey();
    expect(once(noise, { amount: 0 }, { frame })).toBe(frame);
    frame.dispose();
  });

  it('adds grain of the given strength, the same in every render, new every frame', () => {
    const frame = grey();
    const node = instance(noise, { amount: 0.05, seed: 3 });
    const [a, b] = [node.at(4, { frame }), node.at(5, { frame })];
    const again = once(noise, { amount: 0.05, seed: 3 }, { frame }, 4);
    const otherSeed = once(noise, { amount: 0.05, seed: 4 }, { frame }, 4);
    expect(Array.from(again.dataSync())).toEqual(Array.from(a.dataSync()));
    expect(maxDifference(a, b)).toBeGreaterThan(0.01);
    expect(maxDifference(a, otherSeed)).toBeGreaterThan(0.01);
    const added = tf.sub(a, frame);
    expect(std(added)).toBeGreaterThan(0.04);
    expect(std(added)).toBeLessThan(0.06);
    node.dispose();
    tf.dispose([frame, a, b, again, otherSeed, added]);
  });

  it('keeps one grain while not animated', () => {
    const frame = grey();
    const node = instance(noise, { amount: 0.05, animated: false });
    const [a, b] = [node.at(0, { frame }), node.at(9, { frame })];
    expect(maxDifference(a, b)).toBe(0);
    node.dispose();
    tf.dispose([frame, a, b]);
  });

  it('adds the same grain to every channel in monochrome, and different grain in colour', () => {
    const frame = grey();
    const channelSpread = (out: Tensor3D) => tf.tidy(() => tf.max(tf.sub(tf.max(out, 2), tf.min(out, 2))).dataSync()[0]!);
    const mono = once(noise, { amount: 0.05, colour: 'monochrome' }, { frame }, 2);
    const colour = once(noise, { amount: 0.05, colour: 'colour' }, { frame }, 2);
    expect(channelSpread(mono)).toBe(0);
    expect(channelSpread(colour)).toBeGreaterThan(0.01);
    tf.dispose([frame, mono, colour]);
  });

  it('makes coarser, smoother grain at a larger grain size', () => {
    const frame = grey();
    const roughness = (out: Tensor3D) => tf.tidy(() => scalar(tf.mean(tf.abs(tf.sub(tf.slice(out, [0, 1, 0], [-1, -1, -1]), tf.slice(out, [0, 0, 0], [-1, N - 1, -1]))))));
    const fine = once(noise, { amount: 0.05, grain: 1 }, { frame }, 1);
    const coarse = once(noise, { amount: 0.05, grain: 4 }, { frame }, 1);
    expect(coarse.shape).toEqual([N, N, 3]);
    expect(roughness(coarse)).toBeLessThan(roughness(fine) / 2);
    tf.dispose([frame, fine, coarse]);
  });

  it('draws new grain every frame over a still input the scheduler would otherwise cache', async () => {
    const registry = new NodeRegistry();
    registry.registerAll([...builtInNodes, constFrame]);
    const graph = new GraphBuilder(N).node('still', 'test/const', { value: 0.5 }).node('grain', 'noise', { amount: 0.05 })
      .node('out', 'preview').edge('still.out', 'grain.frame').edge('grain.frame', 'out.frame').build();
    const scheduler = new Scheduler({ tf, registry });
    await scheduler.load(graph);
    scheduler.watch('out');
    const frames: number[][] = [];
    for (let f = 0; f < 2; f++) {
      await scheduler.renderFrames(1);
      await scheduler.withLatestFrame('out', (frame) => { frames.push(Array.from(frame.dataSync())); });
    }
    expect(frames[1]).not.toEqual(frames[0]);
    await scheduler.stop();
  });

  it('keeps its tensor count flat over many frames, and releases its field on dispose', () => {
    const frame = grey();
    const before = tf.memory().numTensors;
    const node = instance(noise, { amount: 0.1, grain: 2.5 });
    const counts: number[] = [];
    for (let f = 0; f < 30; f++) {
      tf.dispose(node.at(f, { frame }));
      counts.push(tf.memory().numTensors);
    }
    expect(new Set(counts)).toEqual(new Set([before + 1]));
    node.dispose();
    expect(tf.memory().numTensors).toBe(before);
    frame.dispose();
  });
});

describe('blur / sharpen', () => {
  it('leaves a flat frame flat at every amount, the edges too', () => {
    const frame = grey(0.4);
    for (const amount of [-1, -0.3, 0.5, 1]) {
      const out = once(blurSharpen, { amount, radius: 3 }, { frame });
      expect(maxDifference(out, frame)).toBeLessThan(1e-6);
      out.dispose();
    }
    frame.dispose();
  });

  it('blurs below 0 and sharpens above it', () => {
    const frame = randomFrame(5, 0.3, 0.7);
    const blurred = once(blurSharpen, { amount: -1, radius: 1 }, { frame });
    const sharpened = once(blurSharpen, { amount: 0.5, radius: 1 }, { frame });
    expect(std(blurred)).toBeLessThan(std(frame) * 0.7);
    expect(std(sharpened)).toBeGreaterThan(std(frame) * 1.2);
    expect(once(blurSharpen, { amount: 0 }, { frame })).toBe(frame);
    tf.dispose([frame, blurred, sharpened]);
  });

  it('spreads a dot into a symmetric, normalised Gaussian', () => {
    const impulse = new Float32Array(N * N * 3);
    impulse.fill(1, (8 * N + 8) * 3, (8 * N + 8) * 3 + 3);
    const dot = tf.tensor3d(impulse, [N, N, 3]);
    const spread = tf.tidy(() => gaussianBlur(tf, dot, 1.5));
    const values = spread.arraySync();
    expect(tf.tidy(() => tf.sum(spread).dataSync()[0]!)).toBeCloseTo(3, 4);
    expect(values[8]![7]![0]).toBeCloseTo(values[8]![9]![0]!, 6);
    expect(values[7]![8]![1]).toBeCloseTo(values[9]![8]![1]!, 6);
    expect(values[8]![8]![0]).toBeGreaterThan(values[8]![9]![0]!);
    tf.dispose([dot, spread]);
  });

  it('takes a radius wider than the frame', () => {
    const frame = randomFrame(6);
    const out = once(blurSharpen, { amount: -1, radius: 16 }, { frame });
    expect(out.shape).toEqual([N, N, 3]);
    expect(std(out)).toBeLessThan(std(frame));
    tf.dispose([frame, out]);
  });
});

describe('colour adjust', () => {
  it('leaves the frame as it was at its defaults', () => {
    const frame = randomFrame(7);
    const out = once(colourAdjust, {}, { frame });
    expect(maxDifference(out, frame)).toBeLessThan(1e-6);
    tf.dispose([frame, out]);
  });

  it('turns red to green at a hue shift of 120°, keeping greys grey', () => {
    const { matrix } = colourMap({ hue: 120, saturation: 1, contrast: 1, brightness: 0 });
    const apply = (rgb: number[]) => matrix.map((row) => row.reduce((sum, v, j) => sum + v * rgb[j]!, 0));
    apply([1, 0, 0]).forEach((v, i) => expect(v).toBeCloseTo([0, 1, 0][i]!, 12));
    apply([0.3, 0.3, 0.3]).forEach((v) => expect(v).toBeCloseTo(0.3, 12));
  });

  it('desaturates to the Rec. 709 luma at saturation 0', () => {
    const { matrix } = colourMap({ hue: 0, saturation: 0, contrast: 1, brightness: 0 });
    for (const row of matrix) [0.2126, 0.7152, 0.0722].forEach((v, j) => expect(row[j]).toBeCloseTo(v, 12));
  });

  it('applies contrast about mid-grey, then brightness, then gamma', () => {
    const frame = grey(0.25);
    const flat = once(colourAdjust, { contrast: 0 }, { frame });
    const brighter = once(colourAdjust, { brightness: 0.1 }, { frame });
    const lifted = once(colourAdjust, { gamma: 2 }, { frame });
    const contrasted = once(colourAdjust, { contrast: 2, brightness: 0.1 }, { frame });
    expect(scalar(flat)).toBeCloseTo(0.5, 6);
    expect(scalar(brighter)).toBeCloseTo(0.35, 6);
    expect(scalar(lifted)).toBeCloseTo(0.5, 6);
    expect(scalar(contrasted)).toBeCloseTo(0.1, 6);
    tf.dispose([frame, flat, brighter, lifted, contrasted]);
  });
});

describe('mix', () => {
  it('crossfades from a to b by the amount', () => {
    const a = grey(0.2);
    const b = grey(0.6);
    expect(once(mix, { amount: 0 }, { a, b })).toBe(a);
    expect(once(mix, { amount: 1 }, { a, b })).toBe(b);
    const quarter = once(mix, { amount: 0.25 }, { a, b });
    expect(scalar(quarter)).toBeCloseTo(0.3, 6);
    tf.dispose([a, b, quarter]);
  });
});

describe('the toolkit in a feedback loop', () => {
  /** Train Window → Feedback → Transform 2D → Noise → Blur/Sharpen → Colour → Mix (with the source) → back into Feedback. */
  function loopGraph() {
    return new GraphBuilder(N)
      .node('source', 'train-window-source', { seed: 3 }).node('fb', 'feedback')
      .node('warp', 'transform-2d', { zoom: 1.05, angle: 3, border: 'wrap' })
      .node('grain', 'noise', { amount: 0.03, grain: 2, colour: 'colour' })
      .node('sharp', 'blur-sharpen', { amount: 0.2 })
      .node('grade', 'colour-adjust', { hue: 2, saturation: 1.02 })
      .node('mix', 'mix', { amount: 0.1 }).node('out', 'preview')
      .edge('source.frame', 'fb.seed').edge('fb.out', 'warp.frame').edge('warp.frame', 'grain.frame')
      .edge('grain.frame', 'sharp.frame').edge('sharp.frame', 'grade.frame').edge('grade.frame', 'mix.a')
      .edge('source.frame', 'mix.b').edge('mix.frame', 'fb.in').edge('mix.frame', 'out.frame')
      .build();
  }

  async function render(frames: number, counts?: number[]): Promise<Float32Array> {
    const registry = new NodeRegistry();
    registry.registerAll(builtInNodes);
    const scheduler = new Scheduler({ tf, registry });
    await scheduler.load(loopGraph());
    scheduler.watch('out');
    expect(await scheduler.renderFrames(frames, () => { counts?.push(tf.memory().numTensors); })).toBe(true);
    let pixels: Float32Array = new Float32Array(0);
    await scheduler.withLatestFrame('out', (frame) => { pixels = frame.dataSync() as Float32Array; });
    await scheduler.stop();
    return pixels;
  }

  it('keeps the tensor count flat over 40 frames and releases everything on stop', async () => {
    const baseline = tf.memory().numTensors;
    const counts: number[] = [];
    await render(40, counts);
    expect(new Set(counts.slice(2))).toEqual(new Set([counts[2]]));
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('renders byte-identical frames twice', async () => {
    const first = await render(25);
    expect(first.length).toBe(N * N * 3);
    expect(Array.from(await render(25))).toEqual(Array.from(first));
  });
});
