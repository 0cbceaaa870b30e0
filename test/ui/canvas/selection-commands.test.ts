import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { compilePlan, isFeedbackEdge } from '../../../src/core';
import type * as SelectionCommands from '../../../src/ui/canvas/selection-commands';
import { chain, closeHarnesses, harness, joins, loop, node, registry } from './selection-kit';

// The clipboard is module state: each test gets a fresh copy of the module, so none sees another's copy.
let commands: typeof SelectionCommands;
beforeEach(async () => {
  vi.resetModules();
  commands = await import('../../../src/ui/canvas/selection-commands');
});

afterEach(closeHarnesses);

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
