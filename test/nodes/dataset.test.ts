import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { emptyGraph, NodeRegistry, noAssetSource, parseGraphFile, Scheduler, toGraphJson } from '../../src/core';
import type { Graph } from '../../src/core';
import { builtInNodes } from '../../src/nodes';
import { dataset } from '../../src/nodes/dataset';

const size = { width: 8, height: 8 };

function output(id: string): unknown {
  // Cast: the context grows fields this node does not read.
  return dataset.process({ nodeId: 'd', params: { dataset: id }, size, tf, assets: noAssetSource, state: undefined, frame: 0, time: 0, inputs: {} } as never).dataset;
}

function graphWith(id: string): Graph {
  return { ...emptyGraph('g'), nodes: [{ id: 'd', type: 'dataset', typeVersion: 1, params: { dataset: id }, position: { x: 0, y: 0 } }] };
}

describe('Dataset node', () => {
  it('outputs a reference to the picked dataset, never its frames', () => {
    expect(output('0b6f3c1e-6a8f-4f8e-9a59-3c1d2e4f5a6b')).toEqual({ kind: 'dataset', id: '0b6f3c1e-6a8f-4f8e-9a59-3c1d2e4f5a6b' });
  });

  it('outputs an empty reference when none is picked, and the loop keeps running', async () => {
    expect(output('')).toEqual({ kind: 'dataset', id: '' });
    const registry = new NodeRegistry();
    registry.registerAll(builtInNodes);
    const scheduler = new Scheduler({ tf, registry });
    await scheduler.load(graphWith(''));
    expect(await scheduler.step()).toBe(true);
    expect(scheduler.nodeStats('d')?.status).toBe('ok');
    await scheduler.stop();
  });

  it('is a built-in node, and graph files with a malformed dataset id are refused', () => {
    const registry = new NodeRegistry();
    registry.registerAll(builtInNodes);
    expect(registry.get('dataset')).toBe(dataset);
    expect(parseGraphFile(toGraphJson(graphWith('abc-123')), registry).ok).toBe(true);
    const bad = parseGraphFile(toGraphJson(graphWith('not an id!')), registry);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toMatch(/Dataset: expected a dataset id or "" for none/);
  });
});
