import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { Graph } from '../../src/core';
import { addNode, emptyGraph, NodeRegistry, Scheduler, setParam } from '../../src/core';
import { builtInNodes } from '../../src/nodes';
import { GraphDocument } from '../../src/ui/graph-document.svelte';

const registry = new NodeRegistry();
registry.registerAll(builtInNodes);

function documentWithNode() {
  const scheduler = new Scheduler({ tf, registry });
  const document = new GraphDocument(registry, scheduler, emptyGraph('doc'));
  const added = addNode(document.graph, registry, 'shift-blend', { x: 0, y: 0 });
  if (!added.ok) throw new Error(added.reason);
  document.apply(added.graph, 'structure');
  return { document, scheduler };
}

function mix(graph: Graph): unknown {
  return graph.nodes[0]!.params.mix;
}

describe('GraphDocument', () => {
  it('starts another graph at frame 0, while an edit keeps the loop where it is', async () => {
    const { document, scheduler } = documentWithNode();
    await scheduler.renderFrames(3);
    const edited = setParam(document.graph, registry, 'shift-blend-1', 'mix', 0.3);
    if (edited.ok) document.apply(edited.graph, 'params');
    await scheduler.renderFrames(1);
    expect(scheduler.frame).toBe(4);
    document.replace({ ...emptyGraph('another'), nodes: document.graph.nodes });
    await scheduler.renderFrames(1);
    expect(scheduler.frame).toBe(1);
    await scheduler.stop();
  });

  it('undoes and redoes a structural edit', () => {
    const { document } = documentWithNode();
    document.undo();
    expect(document.graph.nodes).toHaveLength(0);
    expect(document.canRedo).toBe(true);
    document.redo();
    expect(document.graph.nodes).toHaveLength(1);
  });

  it('undoes a run of param edits with the same key as one step', () => {
    const { document } = documentWithNode();
    for (const value of [0.2, 0.3, 0.4]) {
      const result = setParam(document.graph, registry, 'shift-blend-1', 'mix', value);
      if (result.ok) document.apply(result.graph, 'params', 'param:shift-blend-1:mix');
    }
    expect(mix(document.graph)).toBe(0.4);
    document.undo();
    expect(mix(document.graph)).toBe(0.1);
  });

  it('forgets redo once a new edit is made', () => {
    const { document } = documentWithNode();
    document.undo();
    document.apply(emptyGraph('other'), 'structure');
    expect(document.canRedo).toBe(false);
  });

  it('is dirty until saved and dirty again after an edit', () => {
    const { document } = documentWithNode();
    expect(document.dirty).toBe(true);
    document.markSaved('id-1', 1, document.graph);
    expect(document.dirty).toBe(false);
    const result = setParam(document.graph, registry, 'shift-blend-1', 'mix', 0.9);
    if (result.ok) document.apply(result.graph, 'params');
    expect(document.dirty).toBe(true);
  });

  it('hands every non-layout edit to the scheduler', async () => {
    const { document, scheduler } = documentWithNode();
    await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
    expect(scheduler.graph).toBe(document.graph);
    await scheduler.stop();
  });

  it('drops deleted nodes from the selection', () => {
    const { document } = documentWithNode();
    document.select(['shift-blend-1']);
    document.undo();
    expect(document.selection).toEqual([]);
  });
});

describe('GraphDocument gestures', () => {
  it('merges a slow drag into one undo step while the gesture is open, and starts afresh after it', async () => {
    const { document } = documentWithNode();
    const set = (value: number) => {
      const result = setParam(document.graph, registry, 'shift-blend-1', 'mix', value);
      if (result.ok) document.apply(result.graph, 'params', 'param:shift-blend-1:mix');
    };
    document.beginGesture();
    set(0.2);
    await new Promise((r) => setTimeout(r, 700));
    set(0.3);
    document.endGesture();
    set(0.4);
    document.undo();
    expect(mix(document.graph)).toBe(0.3);
    document.undo();
    expect(mix(document.graph)).toBe(0.1);
  });
});
