import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { connect, defineNode, NodeRegistry, Scheduler } from '../../../src/core';
import type { FrameSize, Graph, JsonValue } from '../../../src/core';
import { builtInNodes } from '../../../src/nodes';
import { bicubicMatrix, cubicWeight } from '../../../src/nodes/upscaler/bicubic';
import { loadUpscalerModel, upscaleWithModel } from '../../../src/nodes/upscaler/upscaler-network';
import { GraphBuilder } from '../../helpers/graph-builder';
import { frameOf, rampFrame, rampTensor } from '../monitor/monitor-graph';
import { serveUpscalerWeights } from './served-weights';

const W = 8;

/** Records the input sizes its context announces, before any frame arrives. */
const announced = new Map<string, FrameSize | undefined>();
const sizeProbe = defineNode({
  type: 'test/size-probe', version: 1, title: 'Size probe', category: 'Test',
  inputs: [{ name: 'frame', type: 'image' }], outputs: [], params: {},
  create: ({ nodeId, inputSizes }) => { announced.set(nodeId, inputSizes?.['frame']); },
  process: () => ({}),
});

function registry(): NodeRegistry {
  const r = new NodeRegistry();
  r.registerAll([...builtInNodes, rampFrame, sizeProbe]);
  return r;
}

function upscaled(params: Record<string, JsonValue>): Graph {
  return new GraphBuilder(W).node('in', 'test/ramp', { speed: 1 }).node('up', 'upscaler', params).node('probe', 'test/size-probe')
    .edge('in.out', 'up.frame').edge('up.image', 'probe.frame').build();
}

async function started(graph: Graph): Promise<Scheduler> {
  const scheduler = new Scheduler({ tf, registry: registry() });
  await scheduler.load(graph);
  scheduler.watch('up');
  return scheduler;
}

beforeAll(() => serveUpscalerWeights());

describe('bicubic', () => {
  it('uses Keys\' cubic kernel: interpolating, rows summing to 1, linear ramps kept away from the border', () => {
    expect(cubicWeight(0)).toBe(1);
    expect(cubicWeight(1)).toBe(0);
    expect(cubicWeight(2)).toBe(0);
    expect(cubicWeight(0.5)).toBeCloseTo(0.5625, 12);
    expect(cubicWeight(1.5)).toBeCloseTo(-0.0625, 12);
    const m = bicubicMatrix(8, 16);
    for (let i = 0; i < 16; i++) expect(m.slice(i * 8, i * 8 + 8).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    const ramp = Array.from({ length: 8 }, (_, x) => x);
    const out = Array.from({ length: 16 }, (_, i) => ramp.reduce((sum, v, x) => sum + v * m[i * 8 + x]!, 0));
    // Output pixel i sits at source x = (i + 0.5) / 2 − 0.5.
    for (let i = 4; i < 12; i++) expect(out[i]).toBeCloseTo((i + 0.5) / 2 - 0.5, 5);
  });
});

describe('upscaler node', () => {
  it('declares its output size, which sinks see before the first frame; bicubic output at that size, clipped, tensor count flat', async () => {
    const scheduler = await started(upscaled({ method: 'bicubic', scale: '4' }));
    expect(announced.get('probe')).toEqual({ width: 4 * W, height: 4 * W });
    expect(await scheduler.renderFrames(2)).toBe(true);
    const counts: number[] = [];
    expect(await scheduler.renderFrames(4, () => { counts.push(tf.memory().numTensors); })).toBe(true);
    expect(new Set(counts).size).toBe(1);
    await scheduler.withLatestFrame('up', (image) => expect(image.shape).toEqual([4 * W, 4 * W, 3]));
    const values = await frameOf(scheduler, 'up');
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThanOrEqual(1);
    await scheduler.stop();
  });

  it('runs ESRGAN slim from the served weights: the same pixels as the network applied directly', async () => {
    const scheduler = await started(upscaled({ method: 'esrgan-slim', scale: '2' }));
    expect(await scheduler.renderFrames(1)).toBe(true);
    const fromNode = await frameOf(scheduler, 'up');
    await scheduler.stop();
    const model = await loadUpscalerModel(tf, 'esrgan-slim', 2);
    const direct = tf.tidy(() => {
      const frame = rampTensor(W, W, 0);
      return upscaleWithModel(tf, model, frame, 128).dataSync();
    });
    model.dispose();
    expect(fromNode).toHaveLength(2 * W * 2 * W * 3);
    expect(Math.max(...fromNode.map((v, i) => Math.abs(v - direct[i]!)))).toBeLessThan(1e-5);
  });

  it('refuses a scale its model lacks, naming the alternatives', async () => {
    const scheduler = await started(upscaled({ method: 'default-model', scale: '4' }));
    expect(await scheduler.renderFrames(1)).toBe(false);
    expect(scheduler.nodeStats('up')?.message).toMatch(/×2 only; pick ESRGAN slim or Bicubic for ×4/);
    await scheduler.stop();
  });

  it('feeds image inputs (Preview, Encoder) but never a frame input', () => {
    const graph = new GraphBuilder(W).node('in', 'test/ramp').node('up', 'upscaler').node('blend', 'shift-blend').node('rec', 'encoder')
      .edge('in.out', 'up.frame').build();
    const r = registry();
    expect(connect(graph, r, { node: 'up', port: 'image' }, { node: 'rec', port: 'frame' }).ok).toBe(true);
    const refused = connect(graph, r, { node: 'up', port: 'image' }, { node: 'blend', port: 'frame' });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.reason).toMatch(/image output cannot feed a frame input/);
  });
});

