import type { Graph, GraphEdge, GraphNode, JsonValue } from '../../src/core';
import { emptyGraph } from '../../src/core';

/** Terse graph construction for tests: `g.node('a', 'const', { value: 1 }).edge('a.out', 'b.in')`. */
export class GraphBuilder {
  readonly #nodes: GraphNode[] = [];
  readonly #edges: GraphEdge[] = [];
  constructor(private readonly size = 8) {}

  node(id: string, type: string, params: Record<string, JsonValue> = {}, label?: string): this {
    this.#nodes.push({ id, type, typeVersion: 1, params, position: { x: 0, y: 0 }, ...(label ? { label } : {}) });
    return this;
  }

  /** `from` and `to` are `node.port`. */
  edge(from: string, to: string): this {
    const [fn, fp] = from.split('.') as [string, string];
    const [tn, tp] = to.split('.') as [string, string];
    this.#edges.push({ id: `e${this.#edges.length}`, from: { node: fn, port: fp }, to: { node: tn, port: tp } });
    return this;
  }

  build(): Graph {
    return { ...emptyGraph('test'), settings: { width: this.size, height: this.size, fps: 30 }, nodes: [...this.#nodes], edges: [...this.#edges] };
  }
}
