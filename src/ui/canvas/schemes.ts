import { ClassicPreset } from 'rete';
import type { GetSchemes } from 'rete';
import type { Area2D } from 'rete-area-plugin';
import type { ContextMenuExtra } from 'rete-context-menu-plugin';
import type { MinimapExtra } from 'rete-minimap-plugin';
import type { SvelteArea2D } from 'rete-svelte-plugin/5';
import type { Attachment } from 'svelte/attachments';
import type { LiveParams, NodeStats } from '../../core';
import { isImagePort } from '../../core';
import type { CanvasState, NodeState } from './node-state.svelte';
import { estimateCardHeight } from './node-layout';
import type { SocketType } from './port-style';

/** A port as the canvas draws it: from the node definition, or guessed from edges for a missing type. */
export interface PortView {
  readonly name: string;
  readonly label: string;
  readonly type: SocketType;
  readonly optional: boolean;
  readonly delayed: boolean;
  /** A number param's port (`param:<name>`): a wire into it drives the param (see src/core/graph/param-ports.ts). */
  readonly param?: boolean;
}

export interface NodePorts {
  readonly inputs: readonly PortView[];
  readonly outputs: readonly PortView[];
}

/** What a node card needs from the app, passed down through the rete node it renders. */
export interface NodeServices {
  readonly canvas: CanvasState;
  /** Scheduler stats of a node; reactive. */
  stats(nodeId: string): NodeStats | undefined;
  /** What the node's wired params took on its last run; reactive. */
  liveParams(nodeId: string): LiveParams | undefined;
  /** Whether the document's selection holds the node; reactive. */
  isSelected(nodeId: string): boolean;
  /** The graph's frame size, for the thumbnail's aspect ratio; reactive. */
  frameSize(): { width: number; height: number };
  /** Whether a node type is a viewer sink (a Preview): its card shows a thumbnail though it has no image output. */
  isViewer(type: string): boolean;
  /** Draws the node's latest frame into a canvas. */
  thumbnail(nodeId: string): Attachment<HTMLCanvasElement>;
  rename(nodeId: string, label: string): void;
  /** Keyboard alternative to dragging a wire: activate one socket, then another. */
  activateSocket(nodeId: string, side: 'input' | 'output', port: string): void;
  cancelConnecting(): void;
  select(nodeId: string, accumulate: boolean): void;
  /** The card reports its rendered size (minimap, fit and auto-arrange use it). */
  resized(nodeId: string, width: number, height: number): void;
}

/** A rete socket that knows its port type, so wires and dots can be coloured by it. */
export class PortSocket extends ClassicPreset.Socket {
  readonly portType: SocketType;

  constructor(portType: SocketType) {
    super(portType);
    this.portType = portType;
  }
}

const SOCKETS = new Map<SocketType, PortSocket>();

export function socketFor(type: SocketType): PortSocket {
  let socket = SOCKETS.get(type);
  if (!socket) SOCKETS.set(type, (socket = new PortSocket(type)));
  return socket;
}

type Sockets = Record<string, PortSocket>;

/** Card width in px; the height follows the content and is measured. */
export const NODE_WIDTH = 200;

/**
 * The rete view of one graph node. Its id is the graph node's id, so view and document
 * never need a lookup table; everything the card shows lives in the reactive `state`.
 */
export class CanvasNode extends ClassicPreset.Node<Sockets, Sockets, Record<string, never>> {
  width = NODE_WIDTH;
  height: number;
  readonly state: NodeState;
  readonly ports: NodePorts;
  /** Changes when the ports change: the node is then rebuilt rather than patched. */
  readonly signature: string;
  readonly services: NodeServices;

  constructor(state: NodeState, ports: NodePorts, signature: string, services: NodeServices) {
    super(state.title);
    this.id = state.node.id;
    this.state = state;
    this.ports = ports;
    this.signature = signature;
    this.services = services;
    const thumbnail = state.definition?.outputs.some((p) => isImagePort(p.type)) || services.isViewer(state.node.type);
    this.height = estimateCardHeight(Math.max(ports.inputs.length, ports.outputs.length), Boolean(thumbnail));
    ports.inputs.forEach((port, index) => {
      // Multiple: the core's `connect` replaces the edge feeding an input itself, and only
      // once it has accepted the new one; rete must not remove it first.
      const input = new ClassicPreset.Input(socketFor(port.type), port.label, true);
      input.index = index;
      this.addInput(port.name, input);
    });
    ports.outputs.forEach((port, index) => {
      const output = new ClassicPreset.Output(socketFor(port.type), port.label, true);
      output.index = index;
      this.addOutput(port.name, output);
    });
  }
}

/** The rete view of one graph edge; its id is the edge's id. */
export class CanvasConnection extends ClassicPreset.Connection<CanvasNode, CanvasNode> {
  readonly portType: SocketType;
  /** Drawn dashed: an edge into a delayed input carries a value to the next frame. */
  readonly feedback: boolean;
  readonly signature: string;
  isPseudo?: boolean;

  constructor(source: CanvasNode, sourceOutput: string, target: CanvasNode, targetInput: string, options: { id: string; portType: SocketType; feedback: boolean; signature: string }) {
    super(source, sourceOutput, target, targetInput);
    this.id = options.id;
    this.portType = options.portType;
    this.feedback = options.feedback;
    this.signature = options.signature;
  }
}

export type Schemes = GetSchemes<CanvasNode, CanvasConnection>;
export type AreaExtra = Area2D<Schemes> | SvelteArea2D<Schemes> | ContextMenuExtra | MinimapExtra;
