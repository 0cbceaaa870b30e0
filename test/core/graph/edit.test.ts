import { describe, expect, it } from 'vitest';
import type { Graph } from '../../../src/core';
import {
  addNode, connect, copyFragment, emptyGraph, isFeedbackEdge, moveNodes, NodeRegistry, pasteFragment, removeNodes, setLabel, setParam,
} from '../../../src/core';
import { builtInNodes } from '../../../src/nodes';

const registry = new NodeRegistry();
registry.registerAll(builtInNodes);

function must<T extends { ok: boolean }>(result: T): Extract<T, { ok: true }> {
  if (!result.ok) throw new Error((result as unknown as { reason: string }).reason);
  return result as Extract<T, { ok: true }>;
}

function demoLoop(): Graph {
  let g = emptyGraph('t');
  for (const [type, x] of [['train-window-source', 0], ['feedback', 200], ['shift-blend', 400]] as const) g = must(addNode(g, registry, type, { x, y: 0 })).graph;
  return g;
}

describe('graph edits', () => {
  it('adds a node with default params and a readable unique id', () => {
    const first = must(addNode(emptyGraph(), registry, 'shift-blend', { x: 10.4, y: 20.6 }));
    const second = must(addNode(first.graph, registry, 'shift-blend', { x: 0, y: 0 }));
    expect(first.node).toMatchObject({ id: 'shift-blend-1', typeVersion: 1, params: { dx: -2, dy: 0, gain: 1, mix: 0.1 }, position: { x: 10, y: 21 } });
    expect(second.node.id).toBe('shift-blend-2');
  });

  it('refuses to add a type that is not installed', () => {
    expect(addNode(emptyGraph(), registry, 'nope', { x: 0, y: 0 })).toEqual({ ok: false, reason: 'node type "nope" is not installed' });
  });

  it('connects matching ports and replaces the edge already feeding an input', () => {
    const g = demoLoop();
    const once = must(connect(g, registry, { node: 'train-window-source-1', port: 'frame' }, { node: 'shift-blend-1', port: 'frame' }));
    const twice = must(connect(once.graph, registry, { node: 'feedback-1', port: 'out' }, { node: 'shift-blend-1', port: 'frame' }));
    expect(twice.graph.edges).toHaveLength(1);
    expect(twice.graph.edges[0]!.from.node).toBe('feedback-1');
  });

  it('refuses an edge that closes a loop without a Feedback node, naming the nodes', () => {
    let g = demoLoop();
    g = must(addNode(g, registry, 'shift-blend', { x: 600, y: 0 })).graph;
    g = must(connect(g, registry, { node: 'shift-blend-1', port: 'frame' }, { node: 'shift-blend-2', port: 'frame' })).graph;
    const result = connect(g, registry, { node: 'shift-blend-2', port: 'frame' }, { node: 'shift-blend-1', port: 'frame' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain('would close a loop without a Feedback node');
    expect(!result.ok && result.reason).toContain('(shift-blend-1)');
  });

  it('accepts the same loop through a Feedback node and marks that edge as feedback', () => {
    let g = demoLoop();
    g = must(connect(g, registry, { node: 'feedback-1', port: 'out' }, { node: 'shift-blend-1', port: 'frame' })).graph;
    const closing = must(connect(g, registry, { node: 'shift-blend-1', port: 'frame' }, { node: 'feedback-1', port: 'in' }));
    expect(isFeedbackEdge(closing.graph, registry, closing.edge)).toBe(true);
    expect(isFeedbackEdge(closing.graph, registry, closing.graph.edges[0]!)).toBe(false);
  });

  it('removes nodes together with their edges', () => {
    let g = demoLoop();
    g = must(connect(g, registry, { node: 'feedback-1', port: 'out' }, { node: 'shift-blend-1', port: 'frame' })).graph;
    const after = removeNodes(g, ['feedback-1']);
    expect(after.nodes.map((n) => n.id)).toEqual(['train-window-source-1', 'shift-blend-1']);
    expect(after.edges).toEqual([]);
  });

  it('validates param edits against the schema and leaves the graph untouched when refused', () => {
    const g = demoLoop();
    expect(must(setParam(g, registry, 'shift-blend-1', 'mix', 0.5)).graph.nodes[2]!.params.mix).toBe(0.5);
    expect(setParam(g, registry, 'shift-blend-1', 'mix', 3)).toEqual({ ok: false, reason: 'Source mix: must be ≤ 1' });
    expect(setParam(g, registry, 'shift-blend-1', 'toString', 1)).toEqual({ ok: false, reason: 'no parameter "toString" on node "shift-blend-1"' });
    expect(g.nodes[2]!.params.mix).toBe(0.1);
  });

  it('asks the node type about a value its schema allows: Keyframes refuses a malformed schedule with the position', () => {
    const g = must(addNode(emptyGraph(), registry, 'keyframes', { x: 0, y: 0 })).graph;
    expect(setParam(g, registry, 'keyframes-1', 'schedule', '0:(1.0), 120:(1.04')).toEqual({
      ok: false, reason: 'Schedule: position 19: expected ")", found the end',
    });
    expect(g.nodes[0]!.params.schedule).toBe('0:(1.0), 120:(1.04)');
    expect(must(setParam(g, registry, 'keyframes-1', 'schedule', '0:(0) ease-in, 60:(1 + sin(t))')).graph.nodes[0]!.params.schedule).toBe('0:(0) ease-in, 60:(1 + sin(t))');
    // Other params of the type are not its business.
    expect(must(setParam(g, registry, 'keyframes-1', 'easing', 'hold')).graph.nodes[0]!.params.easing).toBe('hold');
  });

  it('refuses a value, with the reason, when a node type\'s check throws', () => {
    const faulty = new NodeRegistry();
    faulty.register({
      type: 'test/faulty-check', version: 1, title: 'Faulty', category: 'Test', inputs: [], outputs: [], process: () => ({}),
      params: { text: { kind: 'string', label: 'Text', default: '' } },
      checkParam: () => { throw new Error('boom'); },
    });
    const { graph: g, node } = must(addNode(emptyGraph(), faulty, 'test/faulty-check', { x: 0, y: 0 }));
    expect(setParam(g, faulty, node.id, 'text', 'a')).toEqual({ ok: false, reason: 'Text: the node type\'s check failed: boom' });
  });

  it('moves nodes and sets or clears labels', () => {
    const g = moveNodes(demoLoop(), new Map([['feedback-1', { x: 5, y: 6 }]]));
    expect(g.nodes[1]!.position).toEqual({ x: 5, y: 6 });
    expect(setLabel(g, 'feedback-1', ' Loop ').nodes[1]!.label).toBe('Loop');
    expect('label' in setLabel(setLabel(g, 'feedback-1', 'Loop'), 'feedback-1', '').nodes[1]!).toBe(false);
  });

  it('pastes a copied fragment with fresh ids and its internal edges only', () => {
    let g = demoLoop();
    g = must(connect(g, registry, { node: 'feedback-1', port: 'out' }, { node: 'shift-blend-1', port: 'frame' })).graph;
    g = must(connect(g, registry, { node: 'train-window-source-1', port: 'frame' }, { node: 'feedback-1', port: 'seed' })).graph;
    const pasted = must(pasteFragment(g, copyFragment(g, ['feedback-1', 'shift-blend-1']), { x: 40, y: 40 }));
    expect(pasted.nodeIds).toEqual(['feedback-2', 'shift-blend-2']);
    expect(pasted.graph.edges).toHaveLength(3);
    expect(pasted.graph.edges[2]).toMatchObject({ from: { node: 'feedback-2' }, to: { node: 'shift-blend-2' } });
    expect(pasted.graph.nodes.find((n) => n.id === 'shift-blend-2')!.position).toEqual({ x: 440, y: 40 });
  });
});
