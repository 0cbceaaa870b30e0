import type { Tensor3D } from '@tensorflow/tfjs';
import type { Graph } from '../graph/graph';
import type { AssetSource } from '../graph/assets';
import type { DatasetSource, ModelSource } from '../graph/training';
import type { NodeHost } from '../graph/node-host';
import type { TrainedInstance } from './training-session';
import type { AnyNodeDefinition, FrameSize, Tf } from '../graph/node-definition';
import type { PortValue } from '../graph/ports';
import { isImagePort } from '../graph/ports';
import type { Clock } from './clock';
import type { NodeStats, SchedulerEvent } from './events';
import type { Plan, PlanStep } from './plan';
import { portKey } from './plan';
import type { ImageSizes } from './image-sizes';
import { imageSizes } from './image-sizes';
import { disposeTensors, TensorLedger } from './tensor-ledger';
import { LeakCheck, leakMessage } from './leak-check';
import { checkOutputs, errorMessage } from './outputs';
import { waitForBackend } from '../runtime/gpu-sync';
import { referenceInputs } from './reference-inputs';
import { idleNodes, readersOf } from './demand';
import type { Readers } from './demand';
import { RefCounts } from './ref-counts';
import { LiveParamValues } from './param-wires';
import type { LiveParams } from './events';

export type FrameResult = { readonly ok: true; readonly ms: number } | { readonly ok: false; readonly nodeId: string; readonly message: string };

/** `backend` waits for the backend after each node, so ms/frame includes GPU time. */
export type NodeTiming = 'dispatch' | 'backend';

interface Instance { readonly definition: AnyNodeDefinition; readonly state: unknown; readonly error?: string }
type Outputs = Readonly<Record<string, PortValue>>;

const EMA = 0.1;

/** What nodes read from storage, and their host (by node id). */
export interface NodeLibrary {
  readonly assets: AssetSource;
  readonly models: ModelSource;
  readonly datasets: DatasetSource;
  readonly host: (nodeId: string) => NodeHost;
}

/**
 * Holds everything that lives across frames (node state, cached static outputs, the
 * values carried by feedback edges, watched previews) and computes one frame at a time.
 * It is the only owner of those tensors: see TensorLedger.
 */

export class FrameRunner {
  #plan: Plan = { steps: [], delayed: [] };
  /** Steps by node id, so watched previews are found without a scan per frame. */
  #stepById = new Map<string, PlanStep>();
  #size: FrameSize = { width: 0, height: 0 };
  #imageSizes: ImageSizes = { outputs: new Map(), inputs: new Map(), refused: new Map() };
  #fps = 30;
  readonly #instances = new Map<string, Instance>();
  readonly #cache = new Map<string, { key: string; outputs: Outputs }>();
  #delayed = new Map<string, PortValue>();
  readonly #latest = new Map<string, Tensor3D>();
  readonly #watchers = new RefCounts((id) => { this.#latest.delete(id); this.#release(); });
  /** Nodes someone wants computed every frame even where the loop leaves them idle (demand.ts). */
  readonly #demanded = new RefCounts();
  /** Who reads each node's outputs, for idle branches; undefined when no input of the plan is read only sometimes. */
  #readers: Readers | undefined;
  /** Each node's last dataset/model/number inputs: what a training job started now should use. */
  readonly #referenceInputs = new Map<string, Record<string, PortValue>>();
  readonly #ledger = new TensorLedger();
  /** What each wired param took on its node's last run (param-wires.ts). */
  readonly #params = new LiveParamValues((event) => this.emit(event));
  /** Bumped by `dispose`: a frame still waiting on a lost GPU then drops what it made. */
  #epoch = 0;
  readonly stats = new Map<string, NodeStats>();

  constructor(
    private readonly tf: Tf,
    private readonly clock: Clock,
    private readonly emit: (event: SchedulerEvent) => void,
    private readonly nodeTiming: NodeTiming,
    private readonly library: NodeLibrary,
  ) {}

  /** A live node's definition, params, state and last non-frame inputs, for the training runner. */
  instance(nodeId: string): TrainedInstance | undefined {
    const instance = this.#instances.get(nodeId);
    const step = this.#stepById.get(nodeId);
    if (!instance || instance.error || !step) return undefined;
    const inputs = this.#referenceInputs.get(nodeId) ?? {};
    const unresolved = step.inputs.filter((i) => i.source && !isImagePort(i.port.type) && !i.port.delayed && !(i.port.name in inputs)).map((i) => i.port.name);
    return { definition: instance.definition, params: this.#params.latest(nodeId, step.params), size: this.#size, state: instance.state, inputs, unresolved };
  }

  /** Swaps in a new plan, keeping the state of nodes that survive it (live editing). */
  setPlan(plan: Plan, graph: Graph): void {
    const sizeChanged = graph.settings.width !== this.#size.width || graph.settings.height !== this.#size.height;
    this.#plan = plan;
    this.#readers = readersOf(plan);
    this.#stepById = new Map(plan.steps.map((step) => [step.node.id, step]));
    this.#size = { width: graph.settings.width, height: graph.settings.height };
    this.#imageSizes = imageSizes(plan, this.#size);
    this.#fps = graph.settings.fps;
    const live = new Map(plan.steps.map((s) => [s.node.id, s]));
    for (const id of [...this.#referenceInputs.keys()]) if (!live.has(id)) this.#referenceInputs.delete(id);
    this.#params.retain(plan.steps);
    for (const [id, instance] of this.#instances) {
      const step = live.get(id);
      if (!step || step.definition !== instance.definition || sizeChanged || this.#imageSizes.refused.has(id)) this.#disposeInstance(id);
    }
    for (const step of plan.steps) if (!this.#instances.has(step.node.id) && !step.blockedBy) this.#createInstance(step);
    for (const [id, entry] of this.#cache) if (live.get(id)?.cacheKey !== entry.key) this.#cache.delete(id);
    const edges = new Set(plan.delayed.map((d) => portKey(d.target)));
    for (const key of [...this.#delayed.keys()]) if (!edges.has(key) || sizeChanged) this.#delayed.delete(key);
    for (const id of [...this.#latest.keys()]) if (!live.has(id)) this.#latest.delete(id);
    for (const id of [...this.stats.keys()]) if (!live.has(id)) this.stats.delete(id);
    for (const step of plan.steps) if (step.blockedBy) this.#setStats(step.node.id, 'blocked', 0, step.blockedBy);
    this.#release();
  }

  /** Forgets the feedback values and rebuilds node state (except learnt state); cached static branches stay. */
  reset(): void {
    this.#delayed.clear();
    this.#latest.clear();
    for (const [id, instance] of [...this.#instances]) if (instance.error || !instance.definition.keepsStateOnReset) this.#disposeInstance(id);
    for (const step of this.#plan.steps) if (!step.blockedBy && !this.#instances.has(step.node.id)) this.#createInstance(step);
    this.#release();
  }

  /** Releases every tensor and node state. */
  dispose(): void {
    this.#epoch++;
    for (const id of [...this.#instances.keys()]) this.#disposeInstance(id);
    this.#cache.clear();
    this.#delayed.clear();
    this.#latest.clear();
    this.#params.clear();
    this.#release();
  }

  watch(nodeId: string): () => void {
    return this.#watchers.hold(nodeId);
  }

  demand(nodeId: string): () => void {
    return this.#demanded.hold(nodeId);
  }

  /** The last frame a watched node produced (or, for a sink, received). Borrowed: do not dispose. */
  latest(nodeId: string): Tensor3D | undefined {
    return this.#latest.get(nodeId);
  }

  /** The values a node's wired params took on its last run; undefined when none is wired or it has not run. */
  liveParams(nodeId: string): LiveParams | undefined { return this.#params.get(nodeId); }

  get ownedTensors(): number {
    return this.#ledger.size;
  }

  async runFrame(frame: number): Promise<FrameResult> {
    const start = this.clock.now();
    const epoch = this.#epoch;
    const time = frame / this.#fps;
    const idle = idleNodes(this.#plan, this.#readers, frame, (target) => this.#delayed.has(portKey(target)), this.#demanded);
    for (const step of this.#plan.steps) {
      const instance = this.#instances.get(step.node.id);
      if (step.blockedBy || !instance?.definition.prepare || instance.error || idle.has(step.node.id)) continue;
      try {
        await instance.definition.prepare({ ...this.#baseContext(step, instance, this.#params.latest(step.node.id, step.params)), frame, time });
      } catch (error) {
        if (epoch !== this.#epoch) return this.#abandon(step, []);
        return this.#fail(step, errorMessage(error), []);
      }
      if (epoch !== this.#epoch) return this.#abandon(step, []);
    }
    const values = new Map<string, PortValue>();
    const produced: PortValue[] = [];
    for (const step of this.#plan.steps) {
      const resting = idle.get(step.node.id);
      if (resting) {
        if (this.stats.get(step.node.id)?.message !== resting.reason) this.#setStats(step.node.id, 'idle', 0, resting.reason);
        continue;
      }
      const started = this.clock.now();
      const outcome = this.#runStep(step, frame, time, values, produced);
      if (outcome === 'ran') {
        const sync = this.nodeTiming === 'backend' ? waitForBackend(this.tf) : undefined;
        if (sync) await sync;
        if (epoch !== this.#epoch) return this.#abandon(step, produced);
        this.#setStats(step.node.id, 'ok', this.clock.now() - started);
      } else if (outcome !== 'skipped') return this.#fail(step, outcome.failure, produced);
    }
    const delayed = new Map<string, PortValue>();
    for (const edge of this.#plan.delayed) {
      const value = values.get(portKey(edge.source));
      if (value !== undefined) delayed.set(portKey(edge.target), value);
    }
    this.#delayed = delayed;
    for (const nodeId of this.#watchers.keys()) {
      const frameValue = this.#watchedValue(nodeId, values);
      if (frameValue) this.#latest.set(nodeId, frameValue);
    }
    this.#ledger.adopt(produced);
    this.#release();
    return { ok: true, ms: this.clock.now() - start };
  }

  /** Runs one node synchronously: 'ran', 'skipped' (blocked or cached), or why it failed. */
  #runStep(step: PlanStep, frame: number, time: number, values: Map<string, PortValue>, produced: PortValue[]): 'ran' | 'skipped' | { failure: string } {
    const id = step.node.id;
    if (step.blockedBy) return 'skipped';
    const oversized = this.#imageSizes.refused.get(id);
    if (oversized) return { failure: oversized };
    const instance = this.#instances.get(id);
    if (!instance) return { failure: 'node was not created' };
    if (instance.error) return { failure: instance.error };
    const references = referenceInputs(step, values);
    if (references) this.#referenceInputs.set(id, references); else this.#referenceInputs.delete(id);
    const cached = step.dynamic ? undefined : this.#cache.get(id);
    if (cached && cached.key === step.cacheKey) {
      this.#publish(id, cached.outputs, values);
      this.#setStats(id, 'cached', 0);
      return 'skipped';
    }
    const inputs: Record<string, PortValue | undefined> = {};
    for (const input of step.inputs) {
      if (!input.source) continue;
      const value = input.port.delayed ? this.#delayed.get(portKey({ node: id, port: input.port.name })) : values.get(portKey(input.source));
      if (value === undefined && !input.port.optional && !input.port.delayed) return { failure: `input "${input.port.name}" received no value` };
      inputs[input.port.name] = value;
    }
    const params = this.#params.resolve(id, step.params, step.paramWires, (source) => values.get(portKey(source)));
    let outputs: Outputs;
    const leakCheck = step.plugin !== undefined ? new LeakCheck(this.tf) : undefined;
    try {
      outputs = this.tf.tidy(() => instance.definition.process({ ...this.#baseContext(step, instance, params), frame, time, inputs }) as never) as Outputs;
    } catch (error) {
      return { failure: errorMessage(error) };
    }
    const leaked = leakCheck?.leaked(outputs, inputs) ?? 0;
    if (leaked > 0) {
      if (outputs && typeof outputs === 'object') produced.push(...Object.values(outputs));
      return { failure: leakMessage(leaked) };
    }
    if (outputs && typeof outputs === 'object') produced.push(...Object.values(outputs));
    const problem = checkOutputs(step.definition, outputs, this.#size, (port) => this.#imageSizes.outputs.get(portKey({ node: id, port })) ?? this.#size);
    if (problem) return { failure: problem };
    this.#publish(id, outputs, values);
    if (!step.dynamic) this.#cache.set(id, { key: step.cacheKey, outputs });
    return 'ran';
  }

  #fail(step: PlanStep, message: string, produced: PortValue[]): FrameResult {
    this.#ledger.adopt(produced);
    this.#release();
    this.#setStats(step.node.id, 'error', 0, message);
    this.emit({ type: 'nodeerrored', nodeId: step.node.id, message });
    return { ok: false, nodeId: step.node.id, message };
  }

  /** The runner was disposed while this frame waited (a lost backend): what it made is no one's. */
  #abandon(step: PlanStep, produced: readonly PortValue[]): FrameResult {
    disposeTensors(produced);
    return { ok: false, nodeId: step.node.id, message: 'the frame was abandoned: the backend was lost' };
  }

  #publish(nodeId: string, outputs: Outputs, values: Map<string, PortValue>): void {
    for (const [port, value] of Object.entries(outputs)) values.set(portKey({ node: nodeId, port }), value);
  }

  #watchedValue(nodeId: string, values: ReadonlyMap<string, PortValue>): Tensor3D | undefined {
    const step = this.#stepById.get(nodeId);
    if (!step) return undefined;
    const output = step.definition.outputs.find((p) => isImagePort(p.type));
    if (output) return values.get(portKey({ node: nodeId, port: output.name })) as Tensor3D | undefined;
    const input = step.inputs.find((i) => isImagePort(i.port.type) && i.source && !i.port.delayed);
    return input?.source ? (values.get(portKey(input.source)) as Tensor3D | undefined) : undefined;
  }

  #release(): void {
    const keep: unknown[] = [...this.#delayed.values(), ...this.#latest.values()];
    for (const entry of this.#cache.values()) keep.push(...Object.values(entry.outputs));
    this.#ledger.releaseAllBut(keep);
  }

  #baseContext(step: PlanStep, instance: Instance, params: Readonly<Record<string, unknown>>) {
    const inputSizes = this.#imageSizes.inputs.get(step.node.id) ?? {};
    return { nodeId: step.node.id, params: params as never, size: this.#size, inputSizes, tf: this.tf, ...this.#libraryFor(step.node.id), state: instance.state };
  }

  #libraryFor(nodeId: string) { return { assets: this.library.assets, models: this.library.models, datasets: this.library.datasets, host: this.library.host(nodeId) }; }

  #createInstance(step: PlanStep): void {
    const { definition, node } = step;
    // Never built at an oversized image size: its state (tiles, encoders) would be allocated at that size.
    if (this.#imageSizes.refused.has(node.id)) return;
    try {
      const inputSizes = this.#imageSizes.inputs.get(node.id) ?? {};
      const state = definition.create?.({ nodeId: node.id, params: step.params as never, size: this.#size, inputSizes, tf: this.tf, ...this.#libraryFor(node.id) });
      this.#instances.set(node.id, { definition, state });
    } catch (error) {
      this.#instances.set(node.id, { definition, state: undefined, error: `could not start: ${errorMessage(error)}` });
    }
  }

  #disposeInstance(id: string): void {
    const instance = this.#instances.get(id);
    this.#instances.delete(id);
    if (!instance || instance.error) return;
    try {
      instance.definition.dispose?.(instance.state);
    } catch (error) {
      // A faulty dispose must not stop the others from being released.
      this.emit({ type: 'nodeerrored', nodeId: id, message: `dispose failed: ${errorMessage(error)}` });
    }
  }

  #setStats(nodeId: string, status: NodeStats['status'], ms: number, message?: string): void {
    const previous = this.stats.get(nodeId);
    const avgMs = status !== 'ok' ? previous?.avgMs ?? 0 : previous?.status === 'ok' ? previous.avgMs * (1 - EMA) + ms * EMA : ms;
    const stats: NodeStats = message === undefined ? { status, ms, avgMs } : { status, ms, avgMs, message };
    this.stats.set(nodeId, stats);
    this.emit({ type: 'nodeprocessed', nodeId, stats });
  }
}
