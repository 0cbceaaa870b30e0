import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { addNode, compilePlan, connect, emptyGraph, isFeedbackEdge, NodeRegistry, PluginHost, Scheduler } from '../../../src/core';
import type { Graph, GraphEdge, GraphNode } from '../../../src/core';
import { builtInNodes } from '../../../src/nodes';
import type * as SelectionCommands from '../../../src/ui/canvas/selection-commands';
import { TrainingState } from '../../../src/ui/training/training-state.svelte';
import type { EditorApp } from '../../../src/ui/editor-app';
import { GraphDocument } from '../../../src/ui/graph-document.svelte';
import { SchedulerState } from '../../../src/ui/scheduler-state.svelte';
import { RecordingStore } from '../../../src/nodes/media/recordings';

const registry = new NodeRegistry();
registry.registerAll(builtInNodes);

/** Builds a graph with the real edit functions: `nodes` as [type, x, y], `edges` as ['node.port', 'node.port']. */
function build(nodes: [string, number, number][], edges: [string, string][]): Graph {
  let graph = emptyGraph('selection');
  for (const [type, x, y] of nodes) {
    const added = addNode(graph, registry, type, { x, y });
    if (!added.ok) throw new Error(added.reason);
    graph = added.graph;
  }
  for (const [from, to] of edges) {
    const [fn, fp] = from.split('.') as [string, string];
    const [tn, tp] = to.split('.') as [string, string];
    const joined = connect(graph, registry, { node: fn, port: fp }, { node: tn, port: tp });
    if (!joined.ok) throw new Error(joined.reason);
    graph = joined.graph;
  }
  return graph;
}

/** solid-color-1 → shift-blend-1 → preview-1, left to right. */
function chain(): Graph {
  return build(
    [['solid-color', 0, 0], ['shift-blend', 300, 0], ['preview', 600, 0]],
    [['solid-color-1.frame', 'shift-blend-1.frame'], ['shift-blend-1.frame', 'preview-1.frame']],
  );
}

/** A feedback loop through shift-blend-1, seeded by solid-color-1 and shown by preview-1. */
function loop(): Graph {
  return build(
    [['solid-color', 0, 0], ['feedback', 300, 0], ['shift-blend', 600, 0], ['preview', 900, 0]],
    [
      ['solid-color-1.frame', 'feedback-1.seed'], ['feedback-1.out', 'shift-blend-1.frame'],
      ['shift-blend-1.frame', 'feedback-1.in'], ['shift-blend-1.frame', 'preview-1.frame'],
    ],
  );
}

const opened: { scheduler: Scheduler; studio: SchedulerState }[] = [];

/** The editor app as main.ts wires it, less the DOM: real registry, scheduler, document and studio state. */
function harness(graph: Graph) {
  const scheduler = new Scheduler({ tf, registry });
  const studio = new SchedulerState(scheduler, registry);
  const document = new GraphDocument(registry, scheduler, graph);
  const app: EditorApp = { document, registry, scheduler, studio, storage: undefined, backend: { backend: 'cpu', skipped: [] }, tf, recordings: new RecordingStore(),
    training: new TrainingState(scheduler, () => undefined), plugins: new PluginHost({ registry }) };
  opened.push({ scheduler, studio });
  return { app, document, scheduler, studio };
}

function node(graph: Graph, id: string): GraphNode {
  const found = graph.nodes.find((n) => n.id === id);
  if (!found) throw new Error(`no node ${id}`);
  return found;
}

function joins(edges: readonly GraphEdge[]): string[] {
  return edges.map((e) => `${e.from.node}.${e.from.port}>${e.to.node}.${e.to.port}`).sort();
}

// The clipboard is module state: each test gets a fresh copy of the module, so none sees another's copy.
let commands: typeof SelectionCommands;
beforeEach(async () => {
  vi.resetModules();
  commands = await import('../../../src/ui/canvas/selection-commands');
});

afterEach(async () => {
  vi.unstubAllGlobals();
  for (const { scheduler, studio } of opened.splice(0)) {
    studio.dispose();
    await scheduler.stop();
  }
});

describe('deleteSelection', () => {
  it('does nothing and records no undo step when nothing is selected', () => {
    const { app, document } = harness(chain());
    const before = document.graph;
    expect(commands.deleteSelection(app)).toBe(false);
    expect(document.graph).toBe(before);
    expect(document.canUndo).toBe(false);
  });

  it('removes the selected nodes and every edge touching them', () => {
    const { app, document } = harness(chain());
    document.select(['shift-blend-1']);
    expect(commands.deleteSelection(app)).toBe(true);
    expect(document.graph.nodes.map((n) => n.id)).toEqual(['solid-color-1', 'preview-1']);
    expect(document.graph.edges).toEqual([]);
  });

  it('keeps the edges between nodes that stay', () => {
    const { app, document } = harness(chain());
    document.select(['preview-1']);
    commands.deleteSelection(app);
    expect(joins(document.graph.edges)).toEqual(['solid-color-1.frame>shift-blend-1.frame']);
  });

  it('clears the selection', () => {
    const { app, document } = harness(chain());
    document.select(['solid-color-1', 'preview-1']);
    commands.deleteSelection(app);
    expect(document.selection).toEqual([]);
  });

  it('is one undo step, however many nodes it removes', () => {
    const { app, document } = harness(chain());
    const before = document.graph;
    document.select(['solid-color-1', 'shift-blend-1', 'preview-1']);
    commands.deleteSelection(app);
    expect(document.graph.nodes).toEqual([]);
    document.undo();
    expect(document.graph).toBe(before);
    expect(document.canUndo).toBe(false);
  });
});

describe('copySelection and pasteClipboard', () => {
  it('has nothing to paste before anything is copied', () => {
    const { app, document } = harness(chain());
    const before = document.graph;
    expect(commands.hasClipboard()).toBe(false);
    expect(commands.pasteClipboard(app)).toBe(false);
    expect(document.graph).toBe(before);
  });

  it('refuses to copy an empty selection and leaves the clipboard empty', () => {
    const { app } = harness(chain());
    expect(commands.copySelection(app)).toBe(false);
    expect(commands.hasClipboard()).toBe(false);
  });

  it('copy leaves the graph and its history untouched', () => {
    const { app, document } = harness(chain());
    const before = document.graph;
    document.select(['shift-blend-1']);
    expect(commands.copySelection(app)).toBe(true);
    expect(commands.hasClipboard()).toBe(true);
    expect(document.graph).toBe(before);
    expect(document.canUndo).toBe(false);
  });

  it('copy then paste creates fresh ids offset by 40 px and selects them', () => {
    const { app, document } = harness(chain());
    const before = document.graph;
    document.select(['solid-color-1', 'shift-blend-1']);
    commands.copySelection(app);
    expect(commands.pasteClipboard(app)).toBe(true);

    const added = document.graph.nodes.filter((n) => !before.nodes.some((o) => o.id === n.id));
    expect(added).toHaveLength(2);
    expect(document.selection).toEqual(added.map((n) => n.id));
    const originals = ['solid-color-1', 'shift-blend-1'].map((id) => node(before, id));
    added.forEach((copy, i) => {
      const original = originals[i]!;
      expect(copy.type).toBe(original.type);
      expect(copy.params).toEqual(original.params);
      expect(copy.position).toEqual({ x: original.position.x + commands.PASTE_OFFSET, y: original.position.y + commands.PASTE_OFFSET });
    });
    expect(commands.PASTE_OFFSET).toBe(40);
  });

  it('paste leaves the original nodes and edges as they were', () => {
    const { app, document } = harness(chain());
    const before = document.graph;
    document.select(['solid-color-1', 'shift-blend-1']);
    commands.copySelection(app);
    commands.pasteClipboard(app);
    for (const original of before.nodes) expect(node(document.graph, original.id)).toEqual(original);
    for (const edge of before.edges) expect(document.graph.edges).toContainEqual(edge);
  });

  it('paste copies the edges between the copied nodes but not those to nodes left behind', () => {
    const { app, document } = harness(chain());
    document.select(['solid-color-1', 'shift-blend-1']);
    commands.copySelection(app);
    commands.pasteClipboard(app);
    const [color, blend] = document.selection;
    expect(joins(document.graph.edges)).toEqual(joins([
      ...chain().edges,
      { id: 'new', from: { node: color!, port: 'frame' }, to: { node: blend!, port: 'frame' } },
    ]));
    expect(new Set(document.graph.edges.map((e) => e.id)).size).toBe(document.graph.edges.length);
  });

  it('paste is one undo step', () => {
    const { app, document } = harness(chain());
    document.select(['solid-color-1', 'shift-blend-1']);
    commands.copySelection(app);
    const before = document.graph;
    commands.pasteClipboard(app);
    document.undo();
    expect(document.graph).toBe(before);
    expect(document.canUndo).toBe(false);
  });

  it('lands each further paste of the same copy another 40 px along', () => {
    const { app, document } = harness(chain());
    document.select(['preview-1']);
    commands.copySelection(app);
    commands.pasteClipboard(app);
    const first = node(document.graph, document.selection[0]!);
    commands.pasteClipboard(app);
    const second = node(document.graph, document.selection[0]!);
    expect(second.id).not.toBe(first.id);
    expect(first.position).toEqual({ x: 640, y: 40 });
    expect(second.position).toEqual({ x: 680, y: 80 });
  });

  it('starts again at 40 px after a new copy', () => {
    const { app, document } = harness(chain());
    document.select(['preview-1']);
    commands.copySelection(app);
    commands.pasteClipboard(app);
    commands.pasteClipboard(app);
    document.select(['solid-color-1']);
    commands.copySelection(app);
    commands.pasteClipboard(app);
    expect(node(document.graph, document.selection[0]!).position).toEqual({ x: 40, y: 40 });
  });

  it('pastes the nodes as they were when copied, even after the originals are deleted', () => {
    const { app, document } = harness(chain());
    const original = node(document.graph, 'shift-blend-1');
    document.select(['shift-blend-1']);
    commands.copySelection(app);
    commands.deleteSelection(app);
    expect(commands.pasteClipboard(app)).toBe(true);
    const pasted = node(document.graph, document.selection[0]!);
    expect(pasted.type).toBe('shift-blend');
    expect(pasted.params).toEqual(original.params);
    expect(pasted.position).toEqual({ x: 340, y: 40 });
  });

  it('pastes into another document than the one copied from', () => {
    const source = harness(chain());
    const target = harness(build([['shift-blend', 0, 0]], []));
    source.document.select(['shift-blend-1']);
    commands.copySelection(source.app);
    expect(commands.pasteClipboard(target.app)).toBe(true);
    expect(target.document.graph.nodes.map((n) => n.id)).toEqual(['shift-blend-1', 'shift-blend-2']);
    expect(target.document.selection).toEqual(['shift-blend-2']);
    expect(source.document.graph.nodes).toHaveLength(3);
  });

  it('puts the copied nodes and edges on the system clipboard as a tagged fragment', () => {
    const writeText = vi.fn((_text: string) => Promise.resolve());
    vi.stubGlobal('navigator', { clipboard: { writeText } });
    const { app, document } = harness(chain());
    document.select(['solid-color-1', 'shift-blend-1']);
    commands.copySelection(app);
    expect(writeText).toHaveBeenCalledOnce();
    const written = JSON.parse(writeText.mock.calls[0]![0]) as { format: string; version: number; nodes: GraphNode[]; edges: GraphEdge[] };
    expect(written.format).toBe(commands.FRAGMENT_FORMAT);
    expect(written.version).toBe(1);
    expect(written.nodes.map((n) => n.id)).toEqual(['solid-color-1', 'shift-blend-1']);
    expect(joins(written.edges)).toEqual(['solid-color-1.frame>shift-blend-1.frame']);
  });

  it('still copies and pastes when the system clipboard refuses the write', async () => {
    vi.stubGlobal('navigator', { clipboard: { writeText: () => Promise.reject(new Error('not allowed')) } });
    const { app, document } = harness(chain());
    document.select(['preview-1']);
    expect(commands.copySelection(app)).toBe(true);
    await new Promise((r) => setTimeout(r, 0));
    expect(commands.pasteClipboard(app)).toBe(true);
    expect(document.graph.nodes).toHaveLength(4);
  });

  it('still copies and pastes when the system clipboard throws outright', () => {
    vi.stubGlobal('navigator', { clipboard: { writeText: () => { throw new Error('no focus'); } } });
    const { app, document } = harness(chain());
    document.select(['preview-1']);
    expect(commands.copySelection(app)).toBe(true);
    expect(commands.pasteClipboard(app)).toBe(true);
    expect(document.graph.nodes).toHaveLength(4);
  });
});

describe('duplicateSelection', () => {
  it('refuses an empty selection and changes nothing', () => {
    const { app, document } = harness(chain());
    const before = document.graph;
    expect(commands.duplicateSelection(app)).toBe(false);
    expect(document.graph).toBe(before);
    expect(document.canUndo).toBe(false);
  });

  it('copies the selection 40 px along with fresh ids and selects the copies', () => {
    const { app, document } = harness(chain());
    document.select(['shift-blend-1', 'preview-1']);
    expect(commands.duplicateSelection(app)).toBe(true);
    expect(document.selection).toHaveLength(2);
    const copies = document.selection.map((id) => node(document.graph, id));
    expect(copies.map((n) => n.type)).toEqual(['shift-blend', 'preview']);
    expect(copies.map((n) => n.position)).toEqual([{ x: 340, y: 40 }, { x: 640, y: 40 }]);
    for (const id of document.selection) expect(chain().nodes.map((n) => n.id)).not.toContain(id);
  });

  it('keeps internal edges and drops those to nodes outside the selection', () => {
    const { app, document } = harness(chain());
    document.select(['shift-blend-1', 'preview-1']);
    commands.duplicateSelection(app);
    const [blend, preview] = document.selection;
    const added = document.graph.edges.filter((e) => !chain().edges.some((o) => o.id === e.id));
    expect(joins(added)).toEqual([`${blend}.frame>${preview}.frame`]);
  });

  it('is one undo step', () => {
    const { app, document } = harness(chain());
    const before = document.graph;
    document.select(['shift-blend-1', 'preview-1']);
    commands.duplicateSelection(app);
    document.undo();
    expect(document.graph).toBe(before);
  });

  it('leaves the clipboard alone', () => {
    const { app, document } = harness(chain());
    document.select(['preview-1']);
    commands.copySelection(app);
    document.select(['solid-color-1']);
    commands.duplicateSelection(app);
    commands.pasteClipboard(app);
    const pasted = node(document.graph, document.selection[0]!);
    expect(pasted.type).toBe('preview');
    expect(pasted.position).toEqual({ x: 640, y: 40 });
  });

  it('is not counted as a paste: the next paste still lands 40 px along', () => {
    const { app, document } = harness(chain());
    document.select(['preview-1']);
    commands.copySelection(app);
    commands.duplicateSelection(app);
    commands.pasteClipboard(app);
    expect(node(document.graph, document.selection[0]!).position).toEqual({ x: 640, y: 40 });
  });

  it('keeps a feedback loop closed through its delayed edge, so the copy still runs', async () => {
    const { app, document, scheduler, studio } = harness(loop());
    document.select(['feedback-1', 'shift-blend-1']);
    commands.duplicateSelection(app);
    const [feedback, blend] = document.selection;
    const added = document.graph.edges.filter((e) => !loop().edges.some((o) => o.id === e.id));
    expect(joins(added)).toEqual([`${blend}.frame>${feedback}.in`, `${feedback}.out>${blend}.frame`].sort());
    const loopEdge = added.find((e) => e.to.node === feedback)!;
    expect(isFeedbackEdge(document.graph, registry, loopEdge)).toBe(true);
    expect(() => compilePlan(document.graph, registry)).not.toThrow();
    await scheduler.load(document.graph);
    expect(studio.errors).toEqual([]);
  });
});
