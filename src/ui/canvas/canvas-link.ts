import { addNode, setParam } from '../../core';
import type { EditResult, Graph, JsonValue, NodeRegistry } from '../../core';
import { sessionKey } from '../app-sessions';
import type { EditorApp } from '../editor-app';

/** The drag-and-drop type of a palette entry; its data is the node type id. File drops ignore it. */
export const NODE_TYPE_MIME = 'application/x-nfp-node-type';

/** A point on screen, in client pixels (as in a MouseEvent). */
export interface ClientPoint {
  readonly clientX: number;
  readonly clientY: number;
}

/** What other panels may ask of the canvas showing an app's document. */
export interface CanvasLink {
  /** Adds a node of `type` (with `params` set) at a screen point, or at the centre of the view; returns its id. */
  addNodeAt(type: string, at?: ClientPoint, params?: Readonly<Record<string, JsonValue>>): string | undefined;
  /** Zooms and pans so every node is in view. */
  zoomToFit(): Promise<void>;
}

const LINK_KEY = sessionKey<CanvasLink>('canvas link');

/** Called by the canvas when it mounts; returns the disposer. */
export function linkCanvas(app: EditorApp, link: CanvasLink): () => void {
  app.sessions.set(LINK_KEY, link);
  return () => {
    if (app.sessions.peek(LINK_KEY) === link) app.sessions.set(LINK_KEY, undefined);
  };
}

/** Brings every node into view once the canvas has drawn the latest edit; nothing without a canvas. */
export function fitCanvasToGraph(app: EditorApp): void {
  const link = app.sessions.peek(LINK_KEY);
  // The canvas draws an edit on the next frames: fitting at once would measure the nodes before they exist.
  if (link) setTimeout(() => void link.zoomToFit(), 250);
}

/**
 * Adds a node where the user will see it: at `at`, or at the centre of the canvas. Without
 * a canvas (tests, a layout without one) it lands at the origin. The new node is selected.
 */
export function addNodeToCanvas(app: EditorApp, type: string, at?: ClientPoint, params: Readonly<Record<string, JsonValue>> = {}): string | undefined {
  const link = app.sessions.peek(LINK_KEY);
  if (link) return link.addNodeAt(type, at, params);
  const result = addNode(app.document.graph, app.registry, type, { x: 0, y: 0 });
  if (!result.ok) {
    app.studio.report('command', result.reason);
    return undefined;
  }
  const set = setParams(result.graph, app.registry, result.node.id, params);
  if (!set.ok) {
    app.studio.report('command', set.reason);
    return undefined;
  }
  app.document.apply(set.graph, 'structure');
  app.document.select([result.node.id]);
  return result.node.id;
}

/** Sets several params of one node; refused (with the first reason) if any value is. */
export function setParams(graph: Graph, registry: NodeRegistry, nodeId: string, params: Readonly<Record<string, JsonValue>>): EditResult {
  let next = graph;
  for (const [name, value] of Object.entries(params)) {
    const set = setParam(next, registry, nodeId, name, value);
    if (!set.ok) return set;
    next = set.graph;
  }
  return { ok: true, graph: next };
}
