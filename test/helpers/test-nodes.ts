import type { Tensor3D } from '@tensorflow/tfjs';
import { defineNode, NodeRegistry } from '../../src/core';
import { feedback } from '../../src/nodes/feedback';

/** Counts calls to process per node id, so tests can see cache hits. */
export const processCalls = new Map<string, number>();
function count(nodeId: string): void {
  processCalls.set(nodeId, (processCalls.get(nodeId) ?? 0) + 1);
}

/** A flat frame whose every pixel is `value`. Static: cached while params stay the same. */
export const constFrame = defineNode({
  type: 'test/const', version: 1, title: 'Const', category: 'Test', inputs: [],
  outputs: [{ name: 'out', type: 'frame' }],
  params: { value: { kind: 'number', label: 'Value', default: 0 } },
  process: ({ tf, params, size, nodeId }) => { count(nodeId); return { out: tf.fill([size.height, size.width, 3], params.value) as Tensor3D }; },
});

/** f(x) = x · scale + offset: a deterministic transform whose k-fold application is known. */
export const affine = defineNode({
  type: 'test/affine', version: 1, title: 'Affine', category: 'Test',
  inputs: [{ name: 'in', type: 'frame' }], outputs: [{ name: 'out', type: 'frame' }],
  params: { scale: { kind: 'number', label: 'Scale', default: 1 }, offset: { kind: 'number', label: 'Offset', default: 1 } },
  process: ({ tf, inputs, params, nodeId }) => { count(nodeId); return { out: tf.add(tf.mul(inputs.in as Tensor3D, params.scale), params.offset) as Tensor3D }; },
});

/** Adds the frame index: volatile, like a video source. */
export const clock = defineNode({
  type: 'test/clock', version: 1, title: 'Clock', category: 'Test', volatile: true, inputs: [],
  outputs: [{ name: 'out', type: 'frame' }], params: {},
  process: ({ tf, size, frame, nodeId }) => { count(nodeId); return { out: tf.fill([size.height, size.width, 3], frame) as Tensor3D }; },
});

/** Records the first pixel of what it receives, every frame (a readback: fine in a test, never in product nodes). */
export const probeValues = new Map<string, number[]>();
export const probe = defineNode({
  type: 'test/probe', version: 1, title: 'Probe', category: 'Test', volatile: true,
  inputs: [{ name: 'in', type: 'frame' }], outputs: [], params: {},
  process: ({ inputs, nodeId }) => {
    const list = probeValues.get(nodeId) ?? [];
    list.push((inputs.in as Tensor3D).dataSync()[0]!);
    probeValues.set(nodeId, list);
    return {};
  },
});

/** Throws on the frames listed in `failOn` (comma-separated), passes through otherwise. */
export const faulty = defineNode({
  type: 'test/faulty', version: 1, title: 'Faulty', category: 'Test',
  inputs: [{ name: 'in', type: 'frame' }], outputs: [{ name: 'out', type: 'frame' }],
  params: { failOn: { kind: 'string', label: 'Fail on frames', default: '' } },
  process: ({ tf, inputs, frame, params }) => {
    if (params.failOn.split(',').includes(String(frame))) throw new Error(`boom at frame ${frame}`);
    return { out: tf.mul(inputs.in as Tensor3D, 1) as Tensor3D };
  },
});

/** Returns a frame of the wrong shape. */
export const wrongShape = defineNode({
  type: 'test/wrong-shape', version: 1, title: 'Wrong shape', category: 'Test',
  inputs: [], outputs: [{ name: 'out', type: 'frame' }], params: {},
  process: ({ tf }) => ({ out: tf.zeros([3, 3, 1]) as Tensor3D }),
});

export function testRegistry(): NodeRegistry {
  const registry = new NodeRegistry();
  registry.registerAll([constFrame, affine, clock, probe, faulty, wrongShape, feedback]);
  return registry;
}

export function resetRecorders(): void {
  processCalls.clear();
  probeValues.clear();
}
