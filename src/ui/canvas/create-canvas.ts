import { NodeEditor } from 'rete';
import { AreaExtensions, AreaPlugin } from 'rete-area-plugin';
import { ConnectionPlugin } from 'rete-connection-plugin';
import { ContextMenuPlugin } from 'rete-context-menu-plugin';
import { MinimapPlugin } from 'rete-minimap-plugin';
import { Presets, SveltePlugin } from 'rete-svelte-plugin/5';
import { addNode, connect, moveNodes, removeEdges, setLabel } from '../../core';
import type { Graph, JsonValue, NodeRegistry, PortRef } from '../../core';
import type { EditKind } from '../graph-document.svelte';
import { createArranger } from './auto-arrange';
import { setParams } from './canvas-link';
import type { ClientPoint } from './canvas-link';
import { installGestures } from './canvas-gestures';
import { contextMenuPreset, menuItems } from './context-menu';
import Edge from './Edge.svelte';
import NodeCard from './NodeCard.svelte';
import { CanvasState } from './node-state.svelte';
import { estimateCardHeight } from './node-layout';
import { freeSpot } from './node-placement';
import { viewGeometry } from './view-geometry';
import { NODE_WIDTH } from './schemes';
import type { AreaExtra, NodeServices, Schemes } from './schemes';
import SocketDot from './SocketDot.svelte';
import { ViewSync } from './view-sync';

export interface CanvasOptions {
  readonly registry: NodeRegistry;
  getGraph(): Graph;
  getSelection(): readonly string[];
  onEdit(graph: Graph, kind: EditKind, coalesce?: string): void;
  onSelect(ids: readonly string[]): void;
  /** A gesture was refused (e.g. an incompatible wire): show why, near `at` when given. */
  onRefuse(reason: string, at?: ClientPoint): void;
  readonly nodeServices: Pick<NodeServices, 'stats' | 'liveParams' | 'isSelected' | 'frameSize' | 'thumbnail' | 'isViewer'>;
  /** Selection commands for the context menu; they act on the document's selection. */
  readonly commands: { remove(): void; duplicate(): void; copy(): void; paste(): void; canPaste(): boolean };
}

export interface CanvasHandle {
  /** Shows `graph`; a new `generation` (another graph opened) rebuilds the view and fits it. */
  update(graph: Graph, generation: number): void;
  /** Re-reads node definitions, after a plugin was installed or removed. */
  refresh(): void;
  setSelection(ids: readonly string[]): void;
  /** `params` are set in the same undoable edit (a dropped clip lands with its file set). */
  addNodeAt(type: string, at?: ClientPoint, params?: Readonly<Record<string, JsonValue>>): string | undefined;
  zoomToFit(): Promise<void>;
  autoArrange(): Promise<void>;
  destroy(): void;
}

/**
 * The node canvas: a rete v2 editor that shows the document's graph and turns gestures
 * into document edits. The document stays the single source of truth: rete never changes
 * the graph by itself, and the view only ever follows `update`.
 *
 * @example
 * const canvas = createCanvas(div, { registry, getGraph: () => doc.graph, onEdit: (g, k) => doc.apply(g, k), … });
 * canvas.update(doc.graph, doc.generation);
 */
export function createCanvas(container: HTMLElement, options: CanvasOptions): CanvasHandle {
  const { registry } = options;
  const editor = new NodeEditor<Schemes>();
  const area = new AreaPlugin<Schemes, AreaExtra>(container);
  const connection = new ConnectionPlugin<Schemes, AreaExtra>();
  const render = new SveltePlugin<Schemes, AreaExtra>();
  const canvasState = new CanvasState();
  let menuPoint: ClientPoint | undefined;
  let fitAfterSync = true;
  /** A node just added: once shown, the view zooms out if it is not fully visible. */
  let reveal: string | undefined;
  let destroyed = false;

  const edit = (graph: Graph, kind: EditKind, coalesce?: string) => options.onEdit(graph, kind, coalesce);
  const tryConnect = (from: PortRef, to: PortRef, at?: ClientPoint): boolean => {
    const result = connect(options.getGraph(), registry, from, to);
    if (!result.ok) {
      options.onRefuse(result.reason, at);
      return false;
    }
    edit(result.graph, 'structure');
    return true;
  };

  const services: NodeServices = {
    ...options.nodeServices,
    canvas: canvasState,
    rename: (nodeId, label) => edit(setLabel(options.getGraph(), nodeId, label), 'params'),
    activateSocket: (nodeId, side, port) => gestures.activateSocket(nodeId, side, port),
    cancelConnecting: () => (canvasState.connecting = undefined),
    select: (nodeId, accumulate) => {
      const current = options.getSelection();
      options.onSelect(accumulate ? [...current.filter((id) => id !== nodeId), nodeId] : [nodeId]);
    },
    resized: (nodeId, width, height) => {
      const node = editor.getNode(nodeId);
      if (!node || (node.width === width && node.height === height)) return;
      node.width = width;
      node.height = height;
      void area.emit({ type: 'noderesized', data: { id: nodeId, size: { width, height } } });
    },
  };

  render.addPreset(Presets.classic.setup({ customize: { node: () => NodeCard, socket: () => SocketDot, connection: () => Edge } }));
  render.addPreset(contextMenuPreset());
  render.addPreset(Presets.minimap.setup({ size: 140 }));

  const contextMenu = new ContextMenuPlugin<Schemes>({
    items: menuItems(registry, {
      addNode: (type) => void addNodeAt(type, menuPoint),
      paste: () => options.commands.paste(),
      canPaste: () => options.commands.canPaste(),
      focusNode: (nodeId) => {
        if (!options.getSelection().includes(nodeId)) options.onSelect([nodeId]);
      },
      rename: (nodeId) => {
        const node = editor.getNode(nodeId);
        if (node) node.state.renaming = true;
      },
      duplicate: () => options.commands.duplicate(),
      copy: () => options.commands.copy(),
      remove: () => options.commands.remove(),
      removeEdge: (edgeId) => edit(removeEdges(options.getGraph(), [edgeId]), 'structure'),
      fit: () => void zoomToFit(),
    }),
  });

  editor.use(area);
  area.use(connection);
  area.use(render);
  // Gestures go first, so they see a right click before the menu plugin asks for its items.
  const gestures = installGestures({
    container, editor, area, connection, render, canvasState,
    getGraph: options.getGraph, getSelection: options.getSelection, onSelect: options.onSelect, onRefuse: options.onRefuse,
    tryConnect,
    onRemoveEdge: (edgeId) => {
      const graph = options.getGraph();
      if (graph.edges.some((e) => e.id === edgeId)) edit(removeEdges(graph, [edgeId]), 'structure');
    },
    onMoved: (positions) => {
      const ids = [...positions.keys()].sort().join(',');
      edit(moveNodes(options.getGraph(), positions), 'layout', `move:${ids}`);
    },
    onMenu: (point) => (menuPoint = point),
  });
  area.use(contextMenu);
  area.use(new MinimapPlugin<Schemes>({ boundViewport: true }));
  AreaExtensions.simpleNodesOrder(area);
  area.addPipe((context) => {
    if (context.type === 'translated' || context.type === 'zoomed') paintGrid();
    return context;
  });
  AreaExtensions.restrictor(area, { scaling: () => ({ min: 0.15, max: 2 }) });

  const arranger = createArranger(editor, area);
  const { clientToArea, isVisible } = viewGeometry(container, editor, area);
  const sync = new ViewSync({
    editor, area, registry, services,
    expectedRemovals: gestures.expectedRemovals,
    withoutPick: gestures.withoutPick,
    beforeRemoveNode: gestures.forget,
    synced: (rebuilt) => {
      void gestures.applySelection(options.getSelection());
      const show = reveal;
      reveal = undefined;
      if (rebuilt || fitAfterSync) {
        fitAfterSync = false;
        // Two frames: the cards have been laid out and have reported their sizes.
        requestAnimationFrame(() => requestAnimationFrame(() => void zoomToFit()));
      } else if (show) {
        requestAnimationFrame(() => requestAnimationFrame(() => {
          if (!isVisible(show)) void zoomToFit();
        }));
      }
    },
  });

  /** The dot grid behind the nodes follows pan and zoom. */
  function paintGrid(): void {
    const { x, y, k } = area.area.transform;
    container.style.backgroundPosition = `${x}px ${y}px`;
    container.style.backgroundSize = `${24 * k}px ${24 * k}px`;
  }

  function addNodeAt(type: string, dropAt?: ClientPoint, params: Readonly<Record<string, JsonValue>> = {}): string | undefined {
    const box = container.getBoundingClientRect();
    // A file dropped on another panel lands in view, as if the palette entry had been clicked.
    const at = dropAt && isInside(dropAt, box) ? dropAt : undefined;
    const point = clientToArea(at ?? { clientX: box.left + box.width / 2, clientY: box.top + box.height / 2 });
    const dropped = { x: point.x - NODE_WIDTH / 2, y: point.y - 20 };
    // A drop lands where the user let go. A palette click goes right of the one selected
    // node (adding nodes in order builds a left-to-right chain), else near the centre, and
    // then to the nearest spot where it covers nothing.
    const selected = options.getSelection();
    const after = selected.length === 1 ? editor.getNode(selected[0]!) : undefined;
    const afterAt = after && area.nodeViews.get(after.id)?.position;
    const wanted = at || !after || !afterAt ? dropped : { x: afterAt.x + after.width + 60, y: afterAt.y };
    const definition = registry.get(type);
    const height = estimateCardHeight(Math.max(definition?.inputs.length ?? 0, definition?.outputs.length ?? 0), true);
    const corners = [clientToArea({ clientX: box.left, clientY: box.top }), clientToArea({ clientX: box.right, clientY: box.bottom })] as const;
    const taken = editor.getNodes().flatMap((n) => {
      const p = area.nodeViews.get(n.id)?.position;
      return p ? [{ x: p.x, y: p.y, width: n.width, height: n.height }] : [];
    });
    // Continuing a chain may leave the view: the view then zooms out to show it (after sync).
    const view = after ? { topLeft: { x: -Infinity, y: -Infinity }, bottomRight: { x: Infinity, y: Infinity } } : { topLeft: corners[0], bottomRight: corners[1] };
    const position = at ? wanted : freeSpot(wanted, { width: NODE_WIDTH, height }, taken, view);
    const result = addNode(options.getGraph(), registry, type, position);
    if (!result.ok) {
      options.onRefuse(result.reason, at);
      return undefined;
    }
    const set = setParams(result.graph, registry, result.node.id, params);
    if (!set.ok) {
      options.onRefuse(set.reason, at);
      return undefined;
    }
    reveal = result.node.id;
    edit(set.graph, 'structure');
    options.onSelect([result.node.id]);
    return result.node.id;
  }

  function isInside(point: ClientPoint, box: DOMRect): boolean {
    return point.clientX >= box.left && point.clientX <= box.right && point.clientY >= box.top && point.clientY <= box.bottom;
  }

  async function zoomToFit(): Promise<void> {
    if (destroyed) return;
    const nodes = editor.getNodes();
    if (nodes.length > 0) return AreaExtensions.zoomAt(area, nodes, { scale: 0.85 });
    await area.area.zoom(1, 0, 0);
    await area.area.translate(container.clientWidth / 2 - NODE_WIDTH / 2, container.clientHeight / 3);
  }

  async function autoArrange(): Promise<void> {
    const found = await arranger.positions();
    const graph = options.getGraph();
    const placed = graph.nodes.filter((n) => found.has(n.id));
    if (placed.length === 0) return;
    // Keep the graph where it was: the arranged layout starts at the old top-left corner.
    const left = Math.min(...placed.map((n) => n.position.x));
    const top = Math.min(...placed.map((n) => n.position.y));
    const minX = Math.min(...placed.map((n) => found.get(n.id)!.x));
    const minY = Math.min(...placed.map((n) => found.get(n.id)!.y));
    const positions = new Map(placed.map((n) => [n.id, { x: found.get(n.id)!.x - minX + left, y: found.get(n.id)!.y - minY + top }]));
    fitAfterSync = true;
    edit(moveNodes(graph, positions), 'layout');
  }

  return {
    update: (graph, generation) => sync.request(graph, generation),
    refresh: () => sync.refresh(options.getGraph()),
    setSelection: (ids) => void gestures.applySelection(ids),
    addNodeAt,
    zoomToFit,
    autoArrange,
    destroy() {
      destroyed = true;
      sync.destroy();
      gestures.destroy();
      area.destroy();
    },
  };
}
