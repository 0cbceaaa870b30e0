import type { NodeEditor } from 'rete';
import { AreaExtensions } from 'rete-area-plugin';
import type { AreaPlugin } from 'rete-area-plugin';
import { ClassicFlow, getSourceTarget } from 'rete-connection-plugin';
import type { ConnectionPlugin, SocketData } from 'rete-connection-plugin';
import type { SveltePlugin } from 'rete-svelte-plugin/5';
import type { Graph, PortRef } from '../../core';
import type { ClientPoint } from './canvas-link';
import type { CanvasState } from './node-state.svelte';
import { PORT_COLORS } from './port-style';
import type { SocketType } from './port-style';
import type { AreaExtra, Schemes } from './schemes';
import { wirePath } from './wire-path';

type Position = { x: number; y: number };

export interface GestureDeps {
  readonly container: HTMLElement;
  readonly editor: NodeEditor<Schemes>;
  readonly area: AreaPlugin<Schemes, AreaExtra>;
  readonly connection: ConnectionPlugin<Schemes, AreaExtra>;
  readonly render: SveltePlugin<Schemes, AreaExtra>;
  readonly canvasState: CanvasState;
  getGraph(): Graph;
  getSelection(): readonly string[];
  onSelect(ids: readonly string[]): void;
  onRefuse(reason: string, at?: ClientPoint): void;
  tryConnect(from: PortRef, to: PortRef, at?: ClientPoint): boolean;
  /** The user pulled a wire off an input (rete already removed it from the view). */
  onRemoveEdge(edgeId: string): void;
  /** A drag ended: where the moved nodes now are. */
  onMoved(positions: Map<string, Position>): void;
  onMenu(point: ClientPoint): void;
}

/**
 * Turns rete gestures into requests for document edits: wiring (mouse and keyboard),
 * pulling a wire off, drag ends, selection and right clicks. Nothing here changes the view
 * by itself; the view changes when the document does.
 */
export function installGestures(deps: GestureDeps) {
  const { container, editor, area, connection, render, canvasState } = deps;
  /** Connection ids the view sync removes itself: not user gestures. */
  const expectedRemovals = new Set<string>();
  // Only the primary button selects: rete would treat a right click (opening the menu) as a
  // background click and clear the selection the menu is about to act on.
  area.addPipe((context) => {
    if (!context || typeof context !== 'object' || !('type' in context)) return context;
    if ((context.type === 'pointerdown' || context.type === 'pointerup') && context.data.event.button > 0) return undefined;
    return context;
  });
  const selector = AreaExtensions.selector();
  const modifiers = pickWatch(deps.getSelection, (id) => deps.onSelect([id]));
  const selectable = AreaExtensions.selectableNodes(area, selector, { accumulating: modifiers });
  let pointer: ClientPoint | undefined;
  /** Area presses are background presses (a press on a node stops before the area). */
  let backgroundPress = false;

  const portTypeOf = (nodeId: string, side: 'input' | 'output', key: string): SocketType => {
    const node = editor.getNode(nodeId);
    return (side === 'input' ? node?.inputs[key] : node?.outputs[key])?.socket.portType ?? 'unknown';
  };

  connection.addPreset(() => new ClassicFlow<Schemes, AreaExtra[]>({
    // Releasing on the socket the wire started from keeps it: click one socket, then another.
    canMakeConnection: (from, to) => from.element !== to.element,
    makeConnection: (from: SocketData, to: SocketData) => {
      const [source, target] = getSourceTarget(from, to) ?? [];
      if (!source || !target) {
        deps.onRefuse(`Connect an output to an input: both ends of this wire are ${from.side}s.`, pointer);
        return false;
      }
      return deps.tryConnect({ node: source.nodeId, port: source.key }, { node: target.nodeId, port: target.key }, pointer);
    },
  }));

  connection.addPipe((context) => {
    if (!context || typeof context !== 'object' || !('type' in context)) return context;
    if (context.type === 'connectionpick') {
      const { nodeId, side, key } = context.data.socket;
      const portType = portTypeOf(nodeId, side, key);
      canvasState.connecting = { nodeId, side, port: key, portType, keyboard: false };
      container.style.setProperty('--connecting-color', PORT_COLORS[portType]);
    } else if (context.type === 'connectiondrop') {
      canvasState.connecting = undefined;
    }
    return context;
  });

  editor.addPipe((context) => {
    if (context.type === 'connectionremoved' && !expectedRemovals.has(context.data.id)) deps.onRemoveEdge(context.data.id);
    return context;
  });

  render.addPipe((context) => {
    if (!context || typeof context !== 'object' || !('type' in context)) return context;
    if (context.type === 'connectionpath' && context.data.points.length === 2) {
      const [start, end] = context.data.points as [Position, Position];
      // The wire being dragged follows the pointer as a plain curve; placed wires may arc.
      const placed = !(context.data.payload as { isPseudo?: boolean }).isPseudo;
      return { ...context, data: { ...context.data, path: wirePath(start, end, placed) } };
    }
    return context;
  });

  // Added after selectableNodes: by the time these run, rete's selection is up to date.
  area.addPipe((context) => {
    if (!context || typeof context !== 'object' || !('type' in context)) return context;
    switch (context.type) {
      case 'pointerdown':
        backgroundPress = true;
        break;
      case 'pointermove':
      case 'pointerup':
        pointer = { clientX: context.data.event.clientX, clientY: context.data.event.clientY };
        // A click on the background has just cleared rete's selection.
        if (context.type === 'pointerup' && backgroundPress) reportSelection();
        if (context.type === 'pointerup') backgroundPress = false;
        break;
      case 'nodepicked':
        reportSelection();
        break;
      case 'nodedragged':
        commitMoves(context.data.id);
        break;
      case 'contextmenu':
        deps.onMenu({ clientX: context.data.event.clientX, clientY: context.data.event.clientY });
        break;
    }
    return context;
  });

  function selectedIds(): string[] {
    return [...selector.entities.values()].filter((e) => e.label === 'node' && editor.getNode(e.id)).map((e) => e.id);
  }

  function reportSelection(): void {
    const ids = selectedIds();
    if (!sameMembers(ids, deps.getSelection())) deps.onSelect(ids);
  }

  function commitMoves(draggedId: string): void {
    const graph = deps.getGraph();
    const positions = new Map<string, Position>();
    for (const id of new Set([draggedId, ...selectedIds()])) {
      const node = graph.nodes.find((n) => n.id === id);
      const at = area.nodeViews.get(id)?.position;
      if (node && at && (Math.round(at.x) !== node.position.x || Math.round(at.y) !== node.position.y)) positions.set(id, { ...at });
    }
    if (positions.size > 0) deps.onMoved(positions);
  }

  async function applySelection(ids: readonly string[]): Promise<void> {
    const wanted = new Set(ids.filter((id) => editor.getNode(id)));
    for (const id of selectedIds()) if (!wanted.has(id)) await selectable.unselect(id);
    const have = new Set(selectedIds());
    for (const id of wanted) if (!have.has(id)) await selectable.select(id, true);
  }

  function activateSocket(nodeId: string, side: 'input' | 'output', port: string): void {
    const pending = canvasState.connecting;
    if (pending?.keyboard && pending.nodeId === nodeId && pending.side === side && pending.port === port) {
      canvasState.connecting = undefined;
      return;
    }
    if (!pending?.keyboard || pending.side === side) {
      canvasState.connecting = { nodeId, side, port, portType: portTypeOf(nodeId, side, port), keyboard: true };
      return;
    }
    canvasState.connecting = undefined;
    const here = { node: nodeId, port };
    const there = { node: pending.nodeId, port: pending.port };
    const element = container.querySelector(`[data-node-id="${CSS.escape(nodeId)}"][data-side="${side}"][data-port="${CSS.escape(port)}"]`);
    const box = element?.getBoundingClientRect();
    const at = box ? { clientX: box.left + box.width / 2, clientY: box.top + box.height / 2 } : undefined;
    if (side === 'input') deps.tryConnect(there, here, at);
    else deps.tryConnect(here, there, at);
  }

  return {
    expectedRemovals,
    applySelection,
    activateSocket,
    /** Runs programmatic moves with rete's "picked" node released, so they drag no other selected node. */
    async withoutPick(move: () => Promise<void>): Promise<void> {
      const picked = selector.pickId;
      selector.pickId = null;
      try {
        await move();
      } finally {
        selector.pickId ??= picked;
      }
    },
    /** Drops a node about to leave the view from rete's selection. */
    async forget(nodeId: string): Promise<void> {
      await selectable.unselect(nodeId);
    },
    destroy(): void {
      modifiers.destroy();
    },
  };
}

/**
 * When a press adds to rete's selection instead of replacing it: with Ctrl, Cmd or Shift
 * held, or on a node that is already part of a multiple selection (so dragging it moves the
 * whole selection). A press-and-release without movement on such a node then selects it
 * alone, as in other node editors.
 */
function pickWatch(getSelection: () => readonly string[], selectOnly: (nodeId: string) => void) {
  let accumulate = false;
  let press: { id: string; x: number; y: number } | undefined;
  const down = (event: PointerEvent) => {
    const modifier = event.ctrlKey || event.metaKey || event.shiftKey;
    const card = event.target instanceof Element ? event.target.closest<HTMLElement>('[role="group"][data-node-id]') : null;
    const id = card?.dataset.nodeId;
    const selection = getSelection();
    const keep = !modifier && event.button === 0 && id !== undefined && selection.length > 1 && selection.includes(id);
    accumulate = modifier || keep;
    press = keep ? { id, x: event.clientX, y: event.clientY } : undefined;
  };
  const up = (event: PointerEvent) => {
    if (press && Math.hypot(event.clientX - press.x, event.clientY - press.y) < 4) selectOnly(press.id);
    press = undefined;
  };
  window.addEventListener('pointerdown', down, true);
  window.addEventListener('pointerup', up, true);
  return {
    active: () => accumulate,
    destroy: () => {
      window.removeEventListener('pointerdown', down, true);
      window.removeEventListener('pointerup', up, true);
    },
  };
}

function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id) => b.includes(id));
}
