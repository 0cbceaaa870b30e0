import type * as tfjs from '@tensorflow/tfjs';
import type { JsonValue } from './graph';
import type { PortSpec, PortValue, PortValueByType } from './ports';
import type { ParamSchemas, ParamValues } from './params';
import type { ParamPresets } from './presets';
import type { AssetSource } from './assets';
import type { DatasetSource, ModelSource, TrainingHook } from './training';
import type { NodeHost } from './node-host';

/** The tfjs namespace handed to nodes, so plugins use the app's one tfjs instance. */
export type Tf = typeof tfjs;

export interface FrameSize { readonly width: number; readonly height: number }

interface BaseContext<P extends ParamSchemas> {
  readonly nodeId: string;
  readonly params: ParamValues<P>;
  /** The graph's frame size: every `frame` value is [height, width, 3]. */
  readonly size: FrameSize;
  /** Files referenced by `asset` params (clips, images), by SHA-256. */
  readonly assets: AssetSource;
  /** Stored weights by SHA-256 (checkpoints, imported models). */
  readonly models: ModelSource;
  /** Stored frame datasets. */
  readonly datasets: DatasetSource;
  /**
   * Sizes of the connected `frame` and `image` inputs by port name, known when the graph is
   * compiled (an Encoder after an Upscaler sets up its file at the upscaled size before the
   * first frame). Contexts built outside the scheduler may leave it out: every input then has
   * the graph's size.
   */
  readonly inputSizes?: Readonly<Record<string, FrameSize>>;
  /**
   * The app around the node: publish plain data on a channel, ask for a pause (see NodeHost).
   * The scheduler always sets it; contexts built outside it (tests, scripts) may leave it out,
   * and then nobody listens.
   */
  readonly host?: NodeHost;
}

export interface CreateContext<P extends ParamSchemas> extends BaseContext<P> {
  readonly tf: Tf;
}

export interface FrameContext<P extends ParamSchemas, S> extends BaseContext<P> {
  readonly tf: Tf;
  readonly state: S;
  /** Frames since the last reset, starting at 0. */
  readonly frame: number;
  /** Logical time in seconds: frame / fps. Identical in realtime and offline mode. */
  readonly time: number;
}

/**
 * Input values typed from the declared ports: `frame` → Tensor3D, `number` → number, … An input
 * that can be absent (optional, delayed, or read only sometimes) may be `undefined`. Ports not
 * declared as a literal list (built at run time) give the untyped record.
 */
export type InputValues<I extends readonly PortSpec[]> = number extends I['length']
  ? Readonly<Record<string, PortValue | undefined>>
  : { readonly [K in I[number] as K extends MaybeAbsent ? never : K['name']]: PortValueByType[K['type']] }
    & { readonly [K in I[number] as K extends MaybeAbsent ? K['name'] : never]?: PortValueByType[K['type']] };

/** The typed inputs of a definition's `process`, e.g. for a test that calls it directly. */
export type InputsOf<D> = D extends { readonly inputs: infer I extends readonly PortSpec[] } ? InputValues<I> : never;

type MaybeAbsent = { readonly optional: true } | { readonly delayed: true } | { readonly readWhen: object };

export interface ProcessContext<P extends ParamSchemas, S, I extends readonly PortSpec[] = readonly PortSpec[]> extends FrameContext<P, S> {
  /** Input values by port name; unconnected optional and delayed-at-frame-0 inputs are `undefined`. */
  readonly inputs: InputValues<I>;
}

/**
 * A node type: one plain object, no subclassing. Register it through a plugin or the
 * built-in list; the scheduler calls its lifecycle.
 *
 * Tensor rules (the scheduler owns tensor lifetime):
 * - `process` runs inside `tf.tidy`; return new tensors, or pass an input tensor through.
 * - Never return a tensor kept in `state`: return `tf.clone(it)` instead, or the scheduler
 *   disposes it at the end of the frame.
 * - Tensors kept in `state` (weights) are created in `create` and disposed in `dispose`.
 *
 * @example
 * const invert = defineNode({
 *   type: 'example/invert', version: 1, title: 'Invert', category: 'Colour',
 *   inputs: [{ name: 'frame', type: 'frame' }], outputs: [{ name: 'frame', type: 'frame' }],
 *   params: {},
 *   process: ({ tf, inputs }) => ({ frame: tf.sub(1, inputs.frame) }),
 * });
 */
export interface NodeDefinition<P extends ParamSchemas = ParamSchemas, S = undefined, I extends readonly PortSpec[] = readonly PortSpec[]> {
  /** Globally unique id, e.g. `feedback` or `my-plugin/kaleidoscope`. */
  readonly type: string;
  /** Bumped whenever params change shape; `migrations` bring older graph files forward. */
  readonly version: number;
  readonly title: string;
  readonly category: string;
  readonly description?: string;
  readonly inputs: I;
  readonly outputs: readonly PortSpec[];
  readonly params: P;
  /**
   * Named sets of param values chosen in one enum param (see `ParamPresets`): `setParam`
   * applies a chosen preset whole and renames it when a hand edit leaves it.
   */
  readonly presets?: ParamPresets<NoInfer<P>>;
  /**
   * Why a hand-set `value` for param `name` is refused beyond what its schema checks (a
   * schedule that does not parse), or null to take it. `setParam` asks it, so the inspector
   * shows the reason under the field and the graph keeps its last good value while the loop
   * runs on. Files and undo are not checked: `process` must still fail on such a value. Runs
   * on every keystroke, so keep it cheap and pure.
   */
  checkParam?(name: string, value: JsonValue): string | null;
  /**
   * True when the outputs change from frame to frame even with equal inputs and params
   * (sources, clocks, noise). Volatile nodes, and everything downstream of them, are
   * recomputed every frame; everything else is cached until its inputs or params change.
   */
  readonly volatile?: boolean;
  /**
   * True when the state is learnt rather than per-run (weights): Reset restarts the loop
   * without rebuilding this node, so it keeps what it learnt.
   */
  readonly keepsStateOnReset?: boolean;
  /**
   * The size of this node's `image` outputs, from its params and the size of its first
   * connected frame or image input (the graph's size when it has none), e.g. an upscaler's
   * input size × its scale. Without it an image output has that input size. The scheduler
   * checks every image output against it.
   */
  imageSize?(params: ParamValues<P>, inputSize: FrameSize): FrameSize;
  /** Makes the node trainable: the scheduler's `training` runner drives the job between frames. */
  readonly training?: TrainingHook<ParamValues<P>, S>;
  /** Builds per-instance state (e.g. weights). Called when the graph is compiled. */
  create?(ctx: CreateContext<P>): S;
  /** Async work before the frame (e.g. decoding the next video frame). No tensors here. */
  prepare?(ctx: FrameContext<P, S>): Promise<void>;
  /** Computes the outputs, by port name. Synchronous, inside `tf.tidy`. */
  process(ctx: ProcessContext<P, S, I>): Readonly<Record<string, PortValue>>;
  /** Releases what `create` made. Called on recompile, reset of the graph, and stop. */
  dispose?(state: S): void;
  /**
   * Param migrations keyed by the version they migrate *to*: `{ 2: (p) => ({ ...p, gain: p.amount }) }`
   * turns version-1 params into version-2 params. Each step is applied in order.
   */
  readonly migrations?: Readonly<Record<number, (params: Record<string, unknown>) => Record<string, unknown>>>;
}

// Registries hold definitions of many param shapes, so they store this widened form.
export type AnyNodeDefinition = NodeDefinition<any, any, readonly PortSpec[]>;

/** Identity helper that infers a definition's param, state and input types (`process` gets typed inputs). */
export function defineNode<P extends ParamSchemas, S = undefined, const I extends readonly PortSpec[] = readonly PortSpec[]>(definition: NodeDefinition<P, S, I>): NodeDefinition<P, S, I> {
  return definition;
}
