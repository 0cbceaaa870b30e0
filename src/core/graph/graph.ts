/** A graph is plain JSON data: no class instances, so it serialises and diffs trivially. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface PortRef { readonly node: string; readonly port: string }

export interface GraphNode {
  readonly id: string;
  readonly type: string;
  /** The node type's version these params were written for. */
  readonly typeVersion: number;
  readonly params: Readonly<Record<string, JsonValue>>;
  readonly position: { readonly x: number; readonly y: number };
  /** User-given name shown instead of the type title. */
  readonly label?: string;
  /** Free data owned by the node's UI or plugin; kept verbatim. */
  readonly data?: JsonValue;
}

export interface GraphEdge {
  readonly id: string;
  readonly from: PortRef;
  readonly to: PortRef;
}

export interface GraphSettings {
  /** Frame size of every `frame` tensor in the graph. */
  readonly width: number;
  readonly height: number;
  /** Frames per second: the realtime cap and the logical clock (time = frame / fps). */
  readonly fps: number;
}

export interface ModelEntry { readonly id: string; readonly sha256: string; readonly name: string; readonly bytes: number }
export interface PluginEntry { readonly id: string; readonly version: string; readonly sha256: string }

export interface Graph {
  readonly name: string;
  readonly settings: GraphSettings;
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  readonly models: readonly ModelEntry[];
  readonly plugins: readonly PluginEntry[];
}

export const DEFAULT_SETTINGS: GraphSettings = { width: 128, height: 128, fps: 30 };

export function emptyGraph(name = 'Untitled'): Graph {
  return { name, settings: DEFAULT_SETTINGS, nodes: [], edges: [], models: [], plugins: [] };
}

/** How a node is named in messages: its label, else its type, plus its id. */
export function describeNode(node: Pick<GraphNode, 'id' | 'type' | 'label'>): string {
  return `"${node.label ?? node.type}" (${node.id})`;
}
