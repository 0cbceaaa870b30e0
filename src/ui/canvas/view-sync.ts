import type { NodeEditor } from 'rete';
import type { AreaPlugin } from 'rete-area-plugin';
import { isFeedbackEdge, storedNodeType } from '../../core';
import type { Graph, GraphNode, NodeRegistry } from '../../core';
import { NodeState } from './node-state.svelte';
import { edgeSignature, edgeType, portsOf, portsSignature } from './node-ports';
import { CanvasConnection, CanvasNode } from './schemes';
import type { AreaExtra, NodePorts, NodeServices, Schemes } from './schemes';

export interface ViewSyncDeps {
  readonly editor: NodeEditor<Schemes>;
  readonly area: AreaPlugin<Schemes, AreaExtra>;
  readonly registry: NodeRegistry;
  readonly services: NodeServices;
  /** Connection ids this sync removes itself, so the canvas does not mistake them for user gestures. */
  readonly expectedRemovals: Set<string>;
  /** Runs `move` with the selection's "picked" node released, so a programmatic move drags no other node. */
  readonly withoutPick: (move: () => Promise<void>) => Promise<void>;
  /** Called before a node leaves the view (to drop it from rete's selection). */
  readonly beforeRemoveNode: (id: string) => Promise<void>;
  /** Called after each pass, with whether it was a full rebuild. */
  readonly synced: (rebuilt: boolean) => void;
}

interface Wanted { readonly node: GraphNode; readonly ports: NodePorts; readonly signature: string }

/**
 * Makes the rete view show a graph, by diffing: nodes and connections are matched by id,
 * added, removed, patched or (when their ports changed) rebuilt. Passes never overlap: a
 * request during a pass is remembered and run after it, with the newest graph only.
 */
export class ViewSync {
  readonly #deps: ViewSyncDeps;
  #shown = new Map<string, GraphNode>();
  #generation: number | undefined;
  #running = false;
  #next: { graph: Graph; generation: number } | undefined;
  #destroyed = false;

  constructor(deps: ViewSyncDeps) {
    this.#deps = deps;
  }

  request(graph: Graph, generation: number): void {
    this.#next = { graph, generation };
    if (!this.#running) void this.#drain();
  }

  /** Re-reads the registry (a plugin was installed or removed) for the last graph. */
  refresh(graph: Graph): void {
    this.request(graph, this.#generation ?? 0);
  }

  destroy(): void {
    this.#destroyed = true;
  }

  async #drain(): Promise<void> {
    this.#running = true;
    try {
      while (this.#next && !this.#destroyed) {
        const { graph, generation } = this.#next;
        this.#next = undefined;
        const rebuild = generation !== this.#generation;
        this.#generation = generation;
        await this.#apply(graph, rebuild);
        if (!this.#destroyed) this.#deps.synced(rebuild);
      }
    } catch (error) {
      console.error('Canvas sync failed', error);
    } finally {
      this.#running = false;
    }
  }

  async #apply(graph: Graph, rebuild: boolean): Promise<void> {
    const { editor, area, registry } = this.#deps;
    if (rebuild) this.#shown = new Map();
    const wanted = new Map<string, Wanted>();
    for (const node of graph.nodes) {
      const definition = registry.get(node.type);
      const ports = portsOf(graph, node, definition);
      wanted.set(node.id, { node, ports, signature: portsSignature(ports, definition) });
    }
    const dropNodes = new Set(
      editor.getNodes().filter((n) => rebuild || wanted.get(n.id)?.signature !== n.signature).map((n) => n.id),
    );
    const edges = new Map(graph.edges.map((e) => [e.id, e]));
    for (const connection of editor.getConnections()) {
      const edge = edges.get(connection.id);
      const stale = !edge || edgeSignature(edge) !== connection.signature || dropNodes.has(connection.source) || dropNodes.has(connection.target);
      if (stale) await this.#removeConnection(connection.id);
    }
    for (const id of dropNodes) {
      await this.#deps.beforeRemoveNode(id);
      await editor.removeNode(id);
      this.#shown.delete(id);
    }

    const moves: [string, GraphNode][] = [];
    for (const [id, want] of wanted) {
      const existing = editor.getNode(id);
      if (!existing) {
        const definition = registry.get(want.node.type);
        const node = new CanvasNode(new NodeState(want.node, definition, storedNodeType(graph, want.node.type)?.title), want.ports, want.signature, this.#deps.services);
        await editor.addNode(node);
        moves.push([id, want.node]);
      } else if (this.#shown.get(id) !== want.node) {
        existing.state.node = want.node;
        existing.state.definition = registry.get(want.node.type);
        existing.state.storedTitle = storedNodeType(graph, want.node.type)?.title;
        existing.label = existing.state.title;
        moves.push([id, want.node]);
      }
      this.#shown.set(id, want.node);
    }
    await this.#deps.withoutPick(async () => {
      for (const [id, node] of moves) {
        const at = area.nodeViews.get(id)?.position;
        if (at && (at.x !== node.position.x || at.y !== node.position.y)) await area.translate(id, node.position);
      }
    });

    for (const edge of graph.edges) {
      if (editor.getConnection(edge.id)) continue;
      const source = editor.getNode(edge.from.node);
      const target = editor.getNode(edge.to.node);
      if (!source?.outputs[edge.from.port] || !target?.inputs[edge.to.port]) continue;
      await editor.addConnection(new CanvasConnection(source, edge.from.port, target, edge.to.port, {
        id: edge.id,
        portType: edgeType(wanted.get(source.id)?.ports, wanted.get(target.id)?.ports, edge),
        feedback: isFeedbackEdge(graph, registry, edge),
        signature: edgeSignature(edge),
      }));
    }
  }

  async #removeConnection(id: string): Promise<void> {
    this.#deps.expectedRemovals.add(id);
    try {
      await this.#deps.editor.removeConnection(id);
    } finally {
      this.#deps.expectedRemovals.delete(id);
    }
  }
}
