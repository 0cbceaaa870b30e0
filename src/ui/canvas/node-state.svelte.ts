import type { AnyNodeDefinition, GraphNode } from '../../core';
import type { SocketType } from './port-style';

/**
 * What a node card shows and Svelte must notice when it changes. The canvas sync writes
 * these fields as the document changes; the card reads them.
 */
export class NodeState {
  node: GraphNode = $state.raw(undefined as unknown as GraphNode);
  /** Undefined for a node whose type is not installed (a missing plugin). */
  definition: AnyNodeDefinition | undefined = $state.raw(undefined);
  /** True while the title is an input field. */
  renaming: boolean = $state(false);
  /** A missing plugin's node: the title its graph file stored for the type. */
  storedTitle: string | undefined = $state.raw(undefined);

  constructor(node: GraphNode, definition: AnyNodeDefinition | undefined, storedTitle?: string) {
    this.node = node;
    this.definition = definition;
    this.storedTitle = storedTitle;
  }

  get title(): string {
    return this.node.label ?? this.definition?.title ?? this.storedTitle ?? this.node.type;
  }
}

/** One end of a connection being made, with the mouse or the keyboard. */
export interface PendingSocket {
  readonly nodeId: string;
  readonly side: 'input' | 'output';
  readonly port: string;
  readonly portType: SocketType;
  /** True when started with the keyboard: the next activated socket completes it. */
  readonly keyboard: boolean;
}

/** Canvas-wide view state the node cards react to. */
export class CanvasState {
  connecting: PendingSocket | undefined = $state.raw(undefined);
}
