import * as tf from '@tensorflow/tfjs';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Graph, SchedulerEvent, Tensor3D } from '../../../src/core';
import { connect, defineNode, removeEdges, Scheduler, setParam } from '../../../src/core';
import { wiredValue } from '../../../src/core/scheduler/param-wires';
import { GraphBuilder } from '../../helpers/graph-builder';
import { constFrame, affine, probe, probeValues, processCalls, resetRecorders } from '../../helpers/test-nodes';
import { NodeRegistry } from '../../../src/core';
import { feedback } from '../../../src/nodes/feedback';

/** A number that moves every frame: from + frame × step, or NaN on the frame `nanOn` names (a Math node dividing by zero). */
const ramp = defineNode({
  type: 'wire/ramp', version: 1, title: 'Ramp', category: 'Test', volatile: true, inputs: [],
  outputs: [{ name: 'value', type: 'number' }],
  params: {
    from: { kind: 'number', label: 'From', default: 0 }, step: { kind: 'number', label: 'Step', default: 1 }, nanOn: { kind: 'number', label: 'NaN on', default: -1 },
  },
  // `from +` keeps frame 0 at +0 for a negative step.
  process: ({ frame, params, nodeId }) => {
    processCalls.set(nodeId, (processCalls.get(nodeId) ?? 0) + 1);
    return { value: frame === params.nanOn ? Number.NaN : params.from + frame * params.step };
  },
});

/** A number that changes only with its param: static, so served from cache. */
const fixed = defineNode({
  type: 'wire/fixed', version: 1, title: 'Fixed', category: 'Test', inputs: [],
  outputs: [{ name: 'value', type: 'number' }], params: { value: { kind: 'number', label: 'Value', default: 0 } },
  process: ({ params, nodeId }) => { processCalls.set(nodeId, (processCalls.get(nodeId) ?? 0) + 1); return { value: params.value }; },
});

/** Multiplies a frame by `gain` (0…2); keeps state made in `create`, so re-creation shows. */
const created: string[] = [];
const disposed: string[] = [];
const seenGain = new Map<string, number[]>();
const seenShift = new Map<string, number[]>();
const gain = defineNode({
  type: 'wire/gain', version: 1, title: 'Gain', category: 'Test',
  inputs: [{ name: 'in', type: 'frame' }], outputs: [{ name: 'out', type: 'frame' }],
  params: {
    gain: { kind: 'number', label: 'Gain', default: 1, min: 0, max: 2 },
    shift: { kind: 'number', label: 'Shift', default: 0, min: -3, max: 3, integer: true },
  },
  create: ({ nodeId }) => { created.push(nodeId); return { nodeId }; },
  dispose: (state) => { disposed.push(state.nodeId); },
  process: ({ tf: t, inputs, params, nodeId }) => {
    processCalls.set(nodeId, (processCalls.get(nodeId) ?? 0) + 1);
    seenGain.set(nodeId, [...(seenGain.get(nodeId) ?? []), params.gain]);
    seenShift.set(nodeId, [...(seenShift.get(nodeId) ?? []), params.shift]);
    return { out: t.mul(inputs.in as Tensor3D, params.gain) as Tensor3D };
  },
});

const registry = new NodeRegistry();
registry.registerAll([ramp, fixed, gain, constFrame, affine, probe, feedback]);

/** k (static frame) → g (gain) → p; r (ramp) wired into g's Gain; an unrelated static branch k2 → heavy → hp. */
function wired(step = 0.5, extra: (b: GraphBuilder) => GraphBuilder = (b) => b): Graph {
  const builder = new GraphBuilder()
    .node('k', 'test/const', { value: 1 }).node('r', 'wire/ramp', { step }).node('g', 'wire/gain', { gain: 0.25 }).node('p', 'test/probe')
    .node('k2', 'test/const', { value: 2 }).node('heavy', 'test/affine', { scale: 3, offset: 1 }).node('hp', 'test/probe')
    .edge('k.out', 'g.in').edge('r.value', 'g.param:gain').edge('g.out', 'p.in').edge('k2.out', 'heavy.in').edge('heavy.out', 'hp.in');
  return extra(builder).build();
}

beforeEach(() => {
  resetRecorders();
  created.length = 0;
  disposed.length = 0;
  seenGain.clear();
  seenShift.clear();
});

describe('wired params', () => {
  it('take the wired value every frame, clamped to the param\'s range', async () => {
    const scheduler = new Scheduler({ tf, registry });
    await scheduler.load(wired(0.5));
    await scheduler.renderFrames(7);
    expect(seenGain.get('g')).toEqual([0, 0.5, 1, 1.5, 2, 2, 2]);
    expect(probeValues.get('p')).toEqual([0, 0.5, 1, 1.5, 2, 2, 2]);
    expect(scheduler.liveParams('g')).toEqual({ gain: { value: 2, received: 3, clamped: 'max' } });
    await scheduler.stop();
  });

  it('round integer params and clamp them to the range', async () => {
    const scheduler = new Scheduler({ tf, registry });
    await scheduler.load(wired(0.5, (b) => b.node('r2', 'wire/ramp', { step: -0.6 }).edge('r2.value', 'g.param:shift')));
    await scheduler.renderFrames(8);
    expect(seenShift.get('g')).toEqual([0, -1, -1, -2, -2, -3, -3, -3]);
    expect(scheduler.liveParams('g')?.['shift']).toEqual({ value: -3, received: -0.6 * 7, clamped: 'min' });
    await scheduler.stop();
  });

  it('fall back to the hand-set value on a frame the wire carries NaN', async () => {
    const scheduler = new Scheduler({ tf, registry });
    const graph = wired(0.5);
    await scheduler.load({ ...graph, nodes: graph.nodes.map((n) => (n.id === 'r' ? { ...n, params: { step: 0.5, nanOn: 2 } } : n)) });
    const live: unknown[] = [];
    scheduler.on((e: SchedulerEvent) => { if (e.type === 'paramsresolved' && e.nodeId === 'g') live.push(e.params['gain']); });
    await scheduler.renderFrames(4);
    expect(seenGain.get('g')).toEqual([0, 0.5, 0.25, 1.5]);
    expect(live).toEqual([
      { value: 0, received: 0 }, { value: 0.5, received: 0.5 }, { value: 0.25, received: Number.NaN, fallback: true }, { value: 1.5, received: 1.5 },
    ]);
    await scheduler.stop();
  });

  it('change per frame without re-creating the node, also when the wire is added to a running graph', async () => {
    const scheduler = new Scheduler({ tf, registry });
    const unwired = removeEdges(wired(), ['e1']);
    await scheduler.load(unwired);
    await scheduler.renderFrames(2);
    const joined = connect(unwired, registry, { node: 'r', port: 'value' }, { node: 'g', port: 'param:gain' });
    if (!joined.ok) throw new Error(joined.reason);
    await scheduler.load(joined.graph);
    await scheduler.renderFrames(10);
    // Unwired, the node is static: computed once, then cached.
    expect(seenGain.get('g')).toEqual([0.25, 1, 1.5, 2, 2, 2, 2, 2, 2, 2, 2]);
    expect(created).toEqual(['g']);
    expect(disposed).toEqual([]);
    await scheduler.stop();
  });

  it('leave cached the branches that do not depend on them, upstream and unrelated', async () => {
    const scheduler = new Scheduler({ tf, registry });
    await scheduler.load(wired());
    await scheduler.renderFrames(10);
    expect(processCalls.get('g')).toBe(10);
    expect(processCalls.get('k')).toBe(1);
    expect(processCalls.get('k2')).toBe(1);
    expect(processCalls.get('heavy')).toBe(1);
    await scheduler.stop();
  });

  it('from a static source, keep the node cached until that source changes', async () => {
    const scheduler = new Scheduler({ tf, registry });
    const graph = new GraphBuilder()
      .node('k', 'test/const', { value: 1 }).node('f', 'wire/fixed', { value: 1.5 }).node('g', 'wire/gain').node('p', 'test/probe')
      .edge('k.out', 'g.in').edge('f.value', 'g.param:gain').edge('g.out', 'p.in').build();
    await scheduler.load(graph);
    await scheduler.renderFrames(4);
    expect(processCalls.get('g')).toBe(1);
    const edited = setParam(graph, registry, 'f', 'value', 0.5);
    if (!edited.ok) throw new Error(edited.reason);
    await scheduler.load(edited.graph);
    await scheduler.renderFrames(3);
    expect(processCalls.get('f')).toBe(2);
    expect(processCalls.get('g')).toBe(2);
    expect(probeValues.get('p')).toEqual([1.5, 1.5, 1.5, 1.5, 0.5, 0.5, 0.5]);
    await scheduler.stop();
  });

  it('return to the hand-set value once the wire is removed (undo)', async () => {
    const scheduler = new Scheduler({ tf, registry });
    const graph = wired();
    await scheduler.load(graph);
    await scheduler.renderFrames(3);
    expect(scheduler.liveParams('g')).toBeDefined();
    await scheduler.load(removeEdges(graph, ['e1']));
    await scheduler.renderFrames(2);
    expect(seenGain.get('g')).toEqual([0, 0.5, 1, 0.25]);
    expect(scheduler.liveParams('g')).toBeUndefined();
    expect(created).toEqual(['g']);
    await scheduler.stop();
  });

  it('let their source rest with the node they feed (a Feedback seed branch)', async () => {
    const scheduler = new Scheduler({ tf, registry });
    const graph = new GraphBuilder()
      .node('k', 'test/const', { value: 1 }).node('r', 'wire/ramp', { from: 0.5 }).node('g', 'wire/gain').node('fb', 'feedback')
      .node('f', 'test/affine', { scale: 1, offset: 1 }).node('seen', 'test/probe')
      .edge('k.out', 'g.in').edge('r.value', 'g.param:gain').edge('g.out', 'fb.seed').edge('fb.out', 'f.in').edge('f.out', 'fb.in').edge('f.out', 'seen.in')
      .build();
    await scheduler.load(graph);
    await scheduler.renderFrames(4);
    expect(processCalls.get('r')).toBe(1);
    expect(processCalls.get('g')).toBe(1);
    expect(probeValues.get('seen')).toEqual([1.5, 2.5, 3.5, 4.5]);
    expect(scheduler.nodeStats('r')).toMatchObject({ status: 'idle' });
    await scheduler.stop();
  });

  it('keep the tensor count flat over frames', async () => {
    const scheduler = new Scheduler({ tf, registry });
    await scheduler.load(wired());
    await scheduler.renderFrames(2);
    const before = tf.memory().numTensors;
    await scheduler.renderFrames(10);
    expect(tf.memory().numTensors).toBe(before);
    await scheduler.stop();
  });
});

describe('wiredValue', () => {
  const schema = { kind: 'number', label: 'Zoom', default: 1, min: 0.5, max: 2 } as const;

  it('passes an in-range value through', () => {
    expect(wiredValue(schema, 1.25, 1)).toEqual({ value: 1.25, received: 1.25 });
  });

  it('clamps to each bound and says which', () => {
    expect(wiredValue(schema, 0.1, 1)).toEqual({ value: 0.5, received: 0.1, clamped: 'min' });
    expect(wiredValue(schema, 9, 1)).toEqual({ value: 2, received: 9, clamped: 'max' });
  });

  it('stands the hand value in for NaN, infinities and a missing value', () => {
    expect(wiredValue(schema, Number.NaN, 1.5)).toEqual({ value: 1.5, received: Number.NaN, fallback: true });
    expect(wiredValue(schema, Number.POSITIVE_INFINITY, 1.5)).toEqual({ value: 1.5, received: Number.POSITIVE_INFINITY, fallback: true });
    expect(wiredValue(schema, undefined, 1.5)).toEqual({ value: 1.5, received: Number.NaN, fallback: true });
  });
});
