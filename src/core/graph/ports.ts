import type { Tensor3D } from '@tensorflow/tfjs';

/**
 * The kinds of value that flow along edges.
 * - `frame`: an image tensor [H, W, 3], float32 in [0, 1], on the active tfjs backend, at the
 *   graph's size.
 * - `image`: the same at another size, known when the graph is compiled (an upscaled frame:
 *   see `NodeDefinition.imageSize`). Sinks that take any size (Preview, Encoder) take images.
 * - `number`: a plain JS number.
 * - `model`: a reference to weights stored in IndexedDB (content-addressed by sha-256).
 * - `dataset`: a reference to a stored set of training frames.
 */
export type PortType = 'frame' | 'image' | 'number' | 'model' | 'dataset';

export const PORT_TYPES: readonly PortType[] = ['frame', 'image', 'number', 'model', 'dataset'];

/** Port types whose values are image tensors [H, W, 3]. */
export function isImagePort(type: PortType): boolean {
  return type === 'frame' || type === 'image';
}

export interface ModelRef { readonly kind: 'model'; readonly sha256: string }
export interface DatasetRef { readonly kind: 'dataset'; readonly id: string }

/** What a port of each type carries at run time. */
export interface PortValueByType {
  frame: Tensor3D;
  image: Tensor3D;
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
  /**
   * An input read only on some frames: Feedback reads its seed while its loop input is empty
   * (frame 0, after a reset); Frame History reads real frames for its first frames. On frames
   * where `test` is false the scheduler leaves the branch feeding this input idle (scheduler/demand.ts),
   * and the node may receive `undefined` here. `test` must be cheap and pure; `description`
   * finishes "reads it only …" in the idle node's status.
   */
  readonly readWhen?: InputReadRule;
}

/** When an input with `readWhen` is read; see PortSpec.readWhen. */
export interface InputReadRule {
  readonly test: (at: InputReadFrame) => boolean;
  readonly description: string;
}

export interface InputReadFrame {
  /** Frames since the last reset. */
  readonly frame: number;
  readonly params: Readonly<Record<string, unknown>>;
  /** Whether a delayed input of the node holds a value carried from the previous frame. */
  readonly carried: (input: string) => boolean;
}

/**
 * Ports connect only when their types are equal, no implicit conversion hiding a mistake,
 * with one exception: a frame is an image of the graph's size, so it feeds image inputs.
 * An image never feeds a frame input (its size would break the frame's nodes).
 */
export function canConnect(from: PortType, to: PortType): boolean {
  return from === to || (from === 'frame' && to === 'image');
}
