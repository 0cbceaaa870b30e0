import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GraphEdge, GraphNode } from '../../../src/core';
import type * as SelectionCommands from '../../../src/ui/canvas/selection-commands';
import { build, chain, closeHarnesses, harness, joins, node } from './selection-kit';

// The clipboard is module state: each test gets a fresh copy of the module, so none sees another's copy.
let commands: typeof SelectionCommands;
beforeEach(async () => {
  vi.resetModules();
  commands = await import('../../../src/ui/canvas/selection-commands');
});

afterEach(async () => {
  vi.unstubAllGlobals();
  await closeHarnesses();
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
