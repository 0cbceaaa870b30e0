import * as tf from '@tensorflow/tfjs';
import type { Tensor3D } from '@tensorflow/tfjs';
import { defineNode, NodeRegistry, Scheduler } from '../../../src/core';
import type { Graph } from '../../../src/core';
import { builtInNodes } from '../../../src/nodes';
import { MonitorStore } from '../../../src/nodes/monitor/monitor-store';
import { constFrame } from '../../helpers/test-nodes';

/**
 * A horizontal ramp, value(x) = ((x − shift − speed·frame) mod W) / W · scale + offset per
 * channel, with the first `nans` values NaN: frames whose metrics are known by hand.
 */
export const rampFrame = defineNode({
  type: 'test/ramp', version: 1, title: 'Ramp', category: 'Test', volatile: true, inputs: [],
  outputs: [{ name: 'out', type: 'frame' }],
  params: {
    shift: { kind: 'number', label: 'Shift', default: 0 },
    speed: { kind: 'number', label: 'Pixels per frame', default: 0 },
    scale: { kind: 'number', label: 'Scale', default: 1 },
    offsetR: { kind: 'number', label: 'R offset', default: 0 },
    offsetG: { kind: 'number', label: 'G offset', default: 0 },
    offsetB: { kind: 'number', label: 'B offset', default: 0 },
    nans: { kind: 'number', label: 'NaN values', default: 0 },
  },
  process: ({ params, size, frame }) => ({ out: rampTensor(size.width, size.height, params.shift + params.speed * frame, params) }),
});

export function rampTensor(width: number, height: number, shift: number, options: { scale?: number; offsetR?: number; offsetG?: number; offsetB?: number; nans?: number } = {}): Tensor3D {
  const { scale = 1, offsetR = 0, offsetG = 0, offsetB = 0, nans = 0 } = options;
  const offsets = [offsetR, offsetG, offsetB];
  const values = new Float32Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = ((((x - shift) % width) + width) % width) / width;
      for (let c = 0; c < 3; c++) values[(y * width + x) * 3 + c] = v * scale + offsets[c]!;
    }
  }
  values.fill(Number.NaN, 0, nans);
  return tf.tensor3d(values, [height, width, 3]);
}

export function monitorRegistry(): NodeRegistry {
  const registry = new NodeRegistry();
  registry.registerAll([...builtInNodes, constFrame, rampFrame]);
  return registry;
}

/** A scheduler on `graph` with `watched` nodes kept for `frameOf`. */
/** The app's monitor history as the composition root keeps it: every scheduler started here feeds it. */
export const testMonitors = new MonitorStore();

export async function startScheduler(graph: Graph, watched: readonly string[] = []): Promise<Scheduler> {
  const scheduler = new Scheduler({ tf, registry: monitorRegistry() });
  testMonitors.listen(scheduler.host);
  await scheduler.load(graph);
  for (const id of watched) scheduler.watch(id);
  return scheduler;
}

/** The latest frame of a watched node, as a flat array. */
export async function frameOf(scheduler: Scheduler, nodeId: string): Promise<Float32Array> {
  let values: Float32Array = new Float32Array();
  await scheduler.withLatestFrame(nodeId, (frame) => { values = Float32Array.from(frame.dataSync()); });
  return values;
}

/** Per-channel mean and standard deviation of an [H·W·3] array. */
export function channelStats(values: Float32Array): { mean: number[]; std: number[] } {
  const n = values.length / 3;
  const mean = [0, 1, 2].map((c) => { let s = 0; for (let i = c; i < values.length; i += 3) s += values[i]!; return s / n; });
  const std = [0, 1, 2].map((c) => { let s = 0; for (let i = c; i < values.length; i += 3) s += (values[i]! - mean[c]!) ** 2; return Math.sqrt(s / n); });
  return { mean, std };
}
