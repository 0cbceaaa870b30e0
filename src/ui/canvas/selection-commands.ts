import { copyFragment, pasteFragment, removeNodes } from '../../core';
import type { GraphFragment } from '../../core';
import type { EditorApp } from '../editor-app';

/** How far each paste or duplicate lands from its original, in canvas pixels. */
export const PASTE_OFFSET = 40;

/** What `copySelection` puts on the system clipboard (best effort, for other windows). */
export const FRAGMENT_FORMAT = 'nfp-studio-fragment';

// In-memory, so paste works where the system clipboard is refused (no focus, no permission).
let clipboard: { fragment: GraphFragment; pastes: number } | undefined;

/** Removes the selected nodes and their edges, as one undo step. Returns false when nothing is selected. */
export function deleteSelection(app: EditorApp): boolean {
  const { document } = app;
  if (document.selection.length === 0) return false;
  document.apply(removeNodes(document.graph, document.selection), 'structure');
  document.select([]);
  return true;
}

/** Copies the selected nodes and the edges between them. Returns false when nothing is selected. */
export function copySelection(app: EditorApp): boolean {
  const fragment = copyFragment(app.document.graph, app.document.selection);
  if (fragment.nodes.length === 0) return false;
  clipboard = { fragment, pastes: 0 };
  const text = JSON.stringify({ format: FRAGMENT_FORMAT, version: 1, nodes: fragment.nodes, edges: fragment.edges });
  try {
    navigator.clipboard?.writeText(text).catch(() => undefined);
  } catch {
    // The system clipboard is optional: the in-memory copy is what paste uses.
  }
  return true;
}

/** Pastes the last copy, each paste 40px further along, and selects the new nodes. */
export function pasteClipboard(app: EditorApp): boolean {
  if (!clipboard) return false;
  clipboard.pastes++;
  return insert(app, clipboard.fragment, PASTE_OFFSET * clipboard.pastes);
}

/** Copies and pastes the selection in one step, without touching the clipboard. */
export function duplicateSelection(app: EditorApp): boolean {
  const fragment = copyFragment(app.document.graph, app.document.selection);
  if (fragment.nodes.length === 0) return false;
  return insert(app, fragment, PASTE_OFFSET);
}

export function hasClipboard(): boolean {
  return clipboard !== undefined;
}

function insert(app: EditorApp, fragment: GraphFragment, offset: number): boolean {
  const result = pasteFragment(app.document.graph, fragment, { x: offset, y: offset });
  if (!result.ok) {
    app.studio.report('command', result.reason);
    return false;
  }
  app.document.apply(result.graph, 'structure');
  app.document.select(result.nodeIds);
  return true;
}
