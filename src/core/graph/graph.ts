import type { ParamSchemas } from './params';
import type { PortSpec } from './ports';

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
/**
 * What a graph file keeps of a plugin node type, so a graph opened without that plugin still
 * shows the node with its sockets and param fields (a placeholder) and loses nothing.
 */
export interface PluginNodeType {
  readonly type: string;
  readonly version: number;
  readonly title: string;
  readonly category: string;
  readonly inputs: readonly PortSpec[];
  readonly outputs: readonly PortSpec[];
  readonly params: ParamSchemas;
}

/** A plugin a graph uses: the exact code (by SHA-256) and the schemas of the node types it uses. */
export interface PluginEntry {
  readonly id: string;
  readonly version: string;
  readonly sha256: string;
  /** The plugin's node types used in the graph; absent in files written before format version 2. */
  readonly nodeTypes?: readonly PluginNodeType[];
}

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
