import type { Tensor3D } from '@tensorflow/tfjs';

/**
 * The kinds of value that flow along edges.
 * - `frame`: an image tensor [H, W, 3], float32 in [0, 1], on the active tfjs backend.
 * - `number`: a plain JS number.
 * - `model`: a reference to weights stored in IndexedDB (content-addressed by sha-256).
 * - `dataset`: a reference to a stored set of training frames.
 */
export type PortType = 'frame' | 'number' | 'model' | 'dataset';

export const PORT_TYPES: readonly PortType[] = ['frame', 'number', 'model', 'dataset'];

export interface ModelRef { readonly kind: 'model'; readonly sha256: string }
export interface DatasetRef { readonly kind: 'dataset'; readonly id: string }

/** What a port of each type carries at run time. */
export interface PortValueByType {
  frame: Tensor3D;
  number: number;
  model: ModelRef;
  dataset: DatasetRef;
}
export type PortValue = PortValueByType[PortType];

export interface PortSpec {
  /** Stable name, used in graph files and edges. */
  readonly name: string;
  readonly type: PortType;
  readonly label?: string;
  /** An unconnected optional input reaches `process` as `undefined`; a required one blocks the node. */
  readonly optional?: boolean;
  /**
   * A delayed input receives the value its source produced on the *previous* frame
   * (`undefined` on frame 0 and after reset). Edges into delayed inputs are the only
   * edges allowed to close a cycle; this is what makes the Feedback node work.
   */
  readonly delayed?: boolean;
}

/** Ports connect only when their types are equal: no implicit conversion hides a mistake. */
export function canConnect(from: PortType, to: PortType): boolean {
  return from === to;
}
