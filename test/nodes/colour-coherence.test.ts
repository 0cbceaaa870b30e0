import * as tf from '@tensorflow/tfjs';
import type { Tensor3D } from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { defaultParams, defineNode, NodeRegistry, Scheduler } from '../../src/core';
import type { DatasetSource, InputsOf, PortValue } from '../../src/core';
import { builtInNodes } from '../../src/nodes';
import { colourCoherence, DATASET_SAMPLE_FRAMES } from '../../src/nodes/colour-coherence';
import type { ColourCoherenceState } from '../../src/nodes/colour-coherence';
import { colourStatisticsOfBytes, labStatistics } from '../../src/nodes/colour/colour-match';
import { histogramDistance, softHistogram } from '../../src/nodes/monitor/metrics';
import { migrateNode } from '../../src/core/graph-file';
import type { ColourStatistics } from '../../src/nodes/colour/colour-match';
import { GraphBuilder } from '../helpers/graph-builder';
import { bareContext } from '../helpers/node-context';
import { rampFrame, rampTensor } from './monitor/monitor-graph';

const size = { width: 16, height: 16 };

/** A random frame in [low, high] with its channels scaled by `tint`, reproducible. */
function frameOf(seed: number, tint: [number, number, number] = [1, 1, 1], low = 0.3, high = 0.7): Tensor3D {
  return tf.tidy(() => tf.mul(tf.randomUniform([size.height, size.width, 3], low, high, 'float32', seed), tf.tensor1d(tint))) as Tensor3D;
}

/**
 * Lab statistics agree within `tolerance` (Lab units; a just-noticeable difference is about 1).
 * The frames are mid-range and the casts moderate so that matching keeps them in the sRGB
 * gamut: clipping the pixels that leave it would move the statistics a little.
 */
function expectStatisticsClose(actual: ColourStatistics, expected: ColourStatistics, tolerance = 0.1): void {
  for (let c = 0; c < 3; c++) {
    expect(Math.abs(actual.mean[c]! - expected.mean[c]!)).toBeLessThan(tolerance);
    expect(Math.abs(actual.std[c]! - expected.std[c]!)).toBeLessThan(tolerance);
  }
}

/** Drives one node instance frame by frame as the scheduler does: `prepare`, then `process` inside tidy. */
function instance(params: Record<string, unknown>, datasets?: DatasetSource) {
  // The tests below that name no match measure the Lab match; the histogram tests name theirs.
  const all = { ...defaultParams(colourCoherence.params), match: 'Lab mean and spread', ...params } as never;
  const context = { nodeId: 'cc', params: all, size, ...bareContext(datasets ? { datasets } : {}) };
  const state = colourCoherence.create!(context) as ColourCoherenceState;
  let frame = 0;
  return {
    state,
    async step(inputs: InputsOf<typeof colourCoherence>): Promise<Tensor3D> {
      const time = frame / 30;
      await colourCoherence.prepare!({ ...context, state, frame, time });
      const out = tf.tidy(() => colourCoherence.process({ ...context, state, frame, time, inputs }).frame as Tensor3D);
      frame++;
      return out;
    },
    dispose: () => colourCoherence.dispose!(state),
  };
}

/** A dataset source holding `frames` (RGB bytes) under id 'clip', counting its reads. */
function fakeDatasets(frames: Uint8Array[]) {
  const reads = { getDataset: 0, readFrames: 0 };
  const source: DatasetSource = {
    getDataset: async (id) => {
      reads.getDataset++;
      return id === 'clip' ? { name: 'clip', width: size.width, height: size.height, channels: 3, frameCount: frames.length } : undefined;
    },
    readFrames: async (_id, start, count) => { reads.readFrames++; return frames.slice(start, start + count); },
  };
  return { source, reads };
}

function bytesOf(frame: Tensor3D): Uint8Array {
  return Uint8Array.from(tf.tidy(() => tf.round(tf.mul(frame, 255))).dataSync());
}

describe('colour coherence', () => {
  it('leaves the frame unchanged at strength 0, within 1e-5', async () => {
    const node = instance({ strength: 0 });
    const seed = frameOf(1);
    const cast = frameOf(2, [1, 0.9, 0.75]);
    await node.step({ frame: seed });
    const out = await node.step({ frame: cast });
    expect(tf.max(tf.abs(tf.sub(out, cast))).dataSync()[0]).toBeLessThan(1e-5);
    node.dispose();
    tf.dispose([seed, cast, out]);
  });

  it('holds on to the first frame it sees: later frames take its Lab mean and std at strength 1', async () => {
    const node = instance({ strength: 1, reference: 'first frame' });
    const seed = frameOf(1);
    const later = [frameOf(2, [1, 0.9, 0.75]), frameOf(3, [0.8, 0.85, 1], 0.35, 0.55)];
    tf.dispose(await node.step({ frame: seed }));
    for (const frame of later) {
      const out = await node.step({ frame });
      expectStatisticsClose(labStatistics(tf, out), labStatistics(tf, seed));
      out.dispose();
    }
    node.dispose();
    tf.dispose([seed, ...later]);
  });

  it('pulls a colour cast back towards the reference input', async () => {
    const node = instance({ strength: 1, reference: 'reference input' });
    const reference = frameOf(4);
    const cast = frameOf(5, [1.1, 0.95, 0.7]);
    const out = await node.step({ frame: cast, reference });
    const meanRgb = (t: Tensor3D) => tf.tidy(() => Array.from(tf.mean(t, [0, 1]).dataSync()));
    const castDistance = Math.hypot(...meanRgb(cast).map((v, c) => v - meanRgb(reference)[c]!));
    const outDistance = Math.hypot(...meanRgb(out).map((v, c) => v - meanRgb(reference)[c]!));
    expect(outDistance).toBeLessThan(castDistance / 5);
    expectStatisticsClose(labStatistics(tf, out), labStatistics(tf, reference));
    node.dispose();
    tf.dispose([reference, cast, out]);
  });

  it('falls back to the first frame when the reference input is not wired', async () => {
    const node = instance({ strength: 1, reference: 'reference input' });
    const seed = frameOf(6);
    const cast = frameOf(7, [0.8, 1, 1]);
    tf.dispose(await node.step({ frame: seed }));
    const out = await node.step({ frame: cast });
    expectStatisticsClose(labStatistics(tf, out), labStatistics(tf, seed));
    node.dispose();
    tf.dispose([seed, cast, out]);
  });

  it('matches a wired dataset’s colours from the frame after it is seen, measured once', async () => {
    const clip = [frameOf(8, [1, 0.9, 0.7]), frameOf(9, [1, 0.9, 0.7])];
    const bytes = clip.map(bytesOf);
    const { source, reads } = fakeDatasets(bytes);
    const node = instance({ strength: 1, reference: 'dataset' }, source);
    const dataset = { kind: 'dataset', id: 'clip' } as const;
    const frames = [frameOf(10), frameOf(11, [0.7, 0.8, 1]), frameOf(12)];
    // Frame 0: the dataset is only noted, so the frame is matched to itself.
    const first = await node.step({ frame: frames[0]!, dataset });
    expect(tf.max(tf.abs(tf.sub(first, frames[0]!))).dataSync()[0]).toBeLessThan(1e-5);
    for (const frame of frames.slice(1)) {
      const out = await node.step({ frame, dataset });
      expectStatisticsClose(labStatistics(tf, out), colourStatisticsOfBytes(bytes));
      out.dispose();
    }
    expect(reads).toEqual({ getDataset: 1, readFrames: 2 });
    node.dispose();
    tf.dispose([...clip, ...frames, first]);
  });

  it('falls back to the first frame when the wired dataset is not found', async () => {
    const node = instance({ strength: 1, reference: 'dataset' }, fakeDatasets([]).source);
    const seed = frameOf(13);
    const cast = frameOf(14, [1, 1, 0.75]);
    const dataset = { kind: 'dataset', id: 'gone' } as const;
    tf.dispose(await node.step({ frame: seed, dataset }));
    const out = await node.step({ frame: cast, dataset });
    expect(node.state.dataset).toEqual({ id: 'gone', statistics: undefined });
    expectStatisticsClose(labStatistics(tf, out), labStatistics(tf, seed));
    node.dispose();
    tf.dispose([seed, cast, out]);
  });

  it(`measures a long dataset on ${DATASET_SAMPLE_FRAMES} frames spread over it`, async () => {
    const long = Array.from({ length: 100 }, (_, i) => new Uint8Array(size.width * size.height * 3).fill(i));
    const { source, reads } = fakeDatasets(long);
    const node = instance({ reference: 'dataset' }, source);
    const frame = frameOf(15);
    for (let i = 0; i < 2; i++) tf.dispose(await node.step({ frame, dataset: { kind: 'dataset', id: 'clip' } }));
    expect(reads.readFrames).toBe(DATASET_SAMPLE_FRAMES);
    node.dispose();
    frame.dispose();
  });

  it('keeps the tensor count flat over 50 frames of process, and releases its state on dispose', async () => {
    const before = tf.memory().numTensors;
    const reference = frameOf(16);
    const node = instance({ strength: 0.5, reference: 'reference input' });
    const counts: number[] = [];
    for (let i = 0; i < 50; i++) {
      const frame = frameOf(100 + i, [1, 0.9, 0.8]);
      tf.dispose([frame, await node.step({ frame, reference })]);
      counts.push(tf.memory().numTensors);
    }
    expect(new Set(counts)).toEqual(new Set([counts[0]]));
    // What outlives a frame: the reference and the first frame (its statistics are measured
    // only when a match falls back to it, which a wired reference never does).
    expect(counts[0]! - before).toBe(2);
    node.dispose();
    reference.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('keeps the count flat in a feedback loop across a reset', async () => {
    const registry = new NodeRegistry();
    registry.registerAll([...builtInNodes, rampFrame]);
    const graph = new GraphBuilder(16)
      .node('source', 'test/ramp', { speed: 1, offsetB: 0.1 }).node('fb', 'feedback').node('shift', 'shift-blend', { dx: -1, gain: 0.97, mix: 0 })
      .node('cc', 'colour-coherence', { strength: 0.5 }).node('out', 'preview')
      .edge('source.out', 'fb.seed').edge('fb.out', 'shift.frame').edge('shift.frame', 'cc.frame').edge('cc.frame', 'fb.in').edge('cc.frame', 'out.frame')
      .build();
    const baseline = tf.memory().numTensors;
    const scheduler = new Scheduler({ tf, registry });
    await scheduler.load(graph);
    scheduler.watch('out');
    const counts: number[] = [];
    expect(await scheduler.renderFrames(50, () => { counts.push(tf.memory().numTensors); })).toBe(true);
    await scheduler.reset();
    expect(await scheduler.renderFrames(50, () => { counts.push(tf.memory().numTensors); })).toBe(true);
    expect(new Set(counts.slice(2))).toEqual(new Set([counts[2]]));
    await scheduler.stop();
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('takes the first frame after a reset as its new reference', async () => {
    let level = 0.3;
    const brightness = defineNode({
      type: 'test/brightness', version: 1, title: 'Brightness', category: 'Test', volatile: true, inputs: [],
      outputs: [{ name: 'out', type: 'frame' }], params: {},
      process: ({ size: s }) => ({ out: tf.add(rampTensor(s.width, s.height, 0, { scale: 0.2 }), level) as Tensor3D }),
    });
    const registry = new NodeRegistry();
    registry.registerAll([...builtInNodes, brightness]);
    const graph = new GraphBuilder(16).node('source', 'test/brightness').node('cc', 'colour-coherence', { strength: 1 })
      .edge('source.out', 'cc.frame').build();
    const scheduler = new Scheduler({ tf, registry });
    await scheduler.load(graph);
    scheduler.watch('cc');
    const meanOut = async () => {
      let mean = 0;
      await scheduler.withLatestFrame('cc', (frame) => { mean = tf.tidy(() => tf.mean(frame).dataSync()[0]!); });
      return mean;
    };
    await scheduler.renderFrames(1);
    level = 0.6;
    await scheduler.renderFrames(1);
    expect(await meanOut()).toBeCloseTo(0.3 + 0.1 * (15 / 16), 2);
    await scheduler.reset();
    await scheduler.renderFrames(2);
    expect(await meanOut()).toBeCloseTo(0.6 + 0.1 * (15 / 16), 2);
    await scheduler.stop();
  });
});

describe('colour coherence by colour histogram (the default)', () => {
  const histogramDistanceOf = (a: Tensor3D, b: Tensor3D) => tf.tidy(() => histogramDistance(tf, softHistogram(tf, a), softHistogram(tf, b)).dataSync()[0]!);

  it('is the default, and gives later frames the first frame’s histograms at strength 1', async () => {
    expect(defaultParams(colourCoherence.params).match).toBe('colour histogram');
    const node = instance({ strength: 1, match: 'colour histogram' });
    const seed = frameOf(20, [1, 1, 1], 0.2, 0.8);
    const drifted = frameOf(21, [1, 0.7, 0.5], 0.4, 0.6);
    tf.dispose(await node.step({ frame: seed }));
    const out = await node.step({ frame: drifted });
    expect(histogramDistanceOf(drifted, seed)).toBeGreaterThan(0.5);
    expect(histogramDistanceOf(out, seed)).toBeLessThan(0.08);
    node.dispose();
    tf.dispose([seed, drifted, out]);
  });

  it('matches a wired dataset’s histograms from the frame after it is seen', async () => {
    const clip = [frameOf(22, [1, 0.9, 0.7], 0.1, 0.9), frameOf(23, [1, 0.9, 0.7], 0.1, 0.9)];
    const { source } = fakeDatasets(clip.map(bytesOf));
    const node = instance({ strength: 1, reference: 'dataset', match: 'colour histogram' }, source);
    const dataset = { kind: 'dataset', id: 'clip' } as const;
    const frame = frameOf(24, [0.7, 0.8, 1], 0.4, 0.6);
    tf.dispose(await node.step({ frame, dataset }));
    const out = await node.step({ frame, dataset });
    expect(histogramDistanceOf(out, clip[0]!)).toBeLessThan(0.1);
    node.dispose();
    tf.dispose([...clip, frame, out]);
  });

  it('keeps the tensor count flat over 50 frames matched to the first frame', async () => {
    const before = tf.memory().numTensors;
    const node = instance({ strength: 0.7, match: 'colour histogram' });
    const counts: number[] = [];
    for (let i = 0; i < 50; i++) {
      const frame = frameOf(200 + i, [1, 0.9, 0.8]);
      tf.dispose([frame, await node.step({ frame })]);
      counts.push(tf.memory().numTensors);
    }
    expect(new Set(counts)).toEqual(new Set([counts[0]]));
    // The first frame and its quantiles.
    expect(counts[0]! - before).toBe(2);
    node.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('opens a version-1 node with the Lab match it was made with', () => {
    const node = { id: 'cc', type: colourCoherence.type, typeVersion: 1, params: { strength: 0.5, reference: 'dataset' }, position: { x: 0, y: 0 } };
    expect(migrateNode(node, colourCoherence)).toMatchObject({ ok: true, node: { typeVersion: 2, params: { strength: 0.5, reference: 'dataset', match: 'Lab mean and spread' } } });
  });
});
