import type { Tensor3D } from '@tensorflow/tfjs';
import { noAssetSource } from '../graph/assets';
import { noCheckpointStore, noDatasetSource } from '../graph/training';
import { TrainingRunner } from './training-runner';
import type { Graph } from '../graph/graph';
import type { Tf } from '../graph/node-definition';
import type { NodeRegistry } from '../graph/registry';
import type { Clock } from './clock';
import { systemClock } from './clock';
import type { LiveParams, NodeStats, RgbaImage, RunMode, RunState, SchedulerEvent, SchedulerListener } from './events';
import { FrameRunner } from './frame-runner';
import { afterNextFrame } from './frame-wait';
import { NodeHostHub } from './host-hub';
import type { HostChannels } from '../graph/node-host';
import type { SchedulerOptions } from './scheduler-options';
import { compilePlan, PlanError } from './plan';
import { FrameRateMeter } from './frame-rate';
import { errorMessage } from './outputs';
import { waitForBackend } from '../runtime/gpu-sync';
import { frameToRgba } from '../runtime/snapshot';

export type { SchedulerOptions } from './scheduler-options';

/**
 * Runs a graph as a feedback loop: one plan step per node per frame, feedback edges
 * carrying values to the next frame. All commands are serialised with the frames, so a
 * reset or graph edit never lands in the middle of a frame.
 */
export class Scheduler {
  readonly #tf: Tf;
  readonly #registry: NodeRegistry;
  readonly #clock: Clock;
  readonly #runner: FrameRunner;
  readonly #listeners = new Set<SchedulerListener>();
  /** Trains trainable nodes between frames; see TrainingRunner. */
  readonly training: TrainingRunner;
  readonly #host = new NodeHostHub(() => this.#graph);
  #queue: Promise<unknown> = Promise.resolve();
  #graph: Graph | undefined;
  #state: RunState = 'stopped';
  #mode: RunMode = 'realtime';
  #fpsCap: number | undefined;
  #frame = 0;
  #lateFrames = 0;
  readonly #frameRate = new FrameRateMeter();
  #loop: Promise<void> | undefined;
  /** Bumped when the backend is lost: frames and loops of the dead backend see another generation and stop. */
  #generation = 0;
  #recovering = false;
  /** A node's pause request ended the frame just computed: `renderFrames` stops there. */
  #pausedByNode = false;

  constructor(options: SchedulerOptions) {
    this.#tf = options.tf;
    this.#registry = options.registry;
    this.#clock = options.clock ?? systemClock;
    const library = { assets: options.assets ?? noAssetSource, models: options.models ?? noCheckpointStore, datasets: options.datasets ?? noDatasetSource, host: (id: string) => this.#host.forNode(id) };
    this.#runner = new FrameRunner(this.#tf, this.#clock, (e) => this.#emit(e), options.nodeTiming ?? 'backend', library);
    this.training = new TrainingRunner({
      tf: this.#tf, clock: this.#clock, checkpoints: library.models, datasets: library.datasets,
      exclusive: (operation) => this.#exclusive(operation), instance: (nodeId) => this.#runner.instance(nodeId), emit: (e) => this.#emit(e),
      backendLost: options.backendLost ?? (() => false), nextFrame: () => afterNextFrame(this),
    });
  }

  get state(): RunState { return this.#state; }
  get mode(): RunMode { return this.#mode; }
  /** Realtime frame-rate cap: set by `setMode`, else the graph's fps. */
  get fpsCap(): number { return this.#fpsCap ?? this.#graph?.settings.fps ?? 30; }
  /** Frames computed since the last reset; also the index of the next frame. */
  get frame(): number { return this.#frame; }
  get lateFrames(): number { return this.#lateFrames; }
  get graph(): Graph | undefined { return this.#graph; }
  nodeStats(nodeId: string): NodeStats | undefined { return this.#runner.stats.get(nodeId); }
  /** What each wired param of a node (an edge into `param:<name>`) took on its last run; `paramsresolved` tells when it changes. */
  liveParams(nodeId: string): LiveParams | undefined { return this.#runner.liveParams(nodeId); }
  /** Tensors the scheduler holds between frames (feedback values, cache, previews). */
  get ownedTensors(): number { return this.#runner.ownedTensors; }

  /** What nodes publish through `ctx.host`, by channel: the app (monitor panels, the recordings tray) listens here. */
  get host(): HostChannels { return this.#host; }

  /** Subscribes to events; returns the unsubscribe function. */
  on(listener: SchedulerListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Compiles `graph` and makes it the running graph. Nodes that keep their id and type keep
   * their state, so editing a running loop does not restart it.
   * @throws PlanError (also emitted as `planfailed`); the previous graph keeps running.
   */
  load(graph: Graph): Promise<void> {
    return this.#exclusive(() => {
      let plan;
      try {
        plan = compilePlan(graph, this.#registry);
      } catch (error) {
        if (error instanceof PlanError) this.#emit({ type: 'planfailed', message: error.message, nodeIds: error.nodeIds });
        throw error;
      }
      this.#graph = graph;
      this.#runner.setPlan(plan, graph);
      this.#emit({ type: 'planned', order: plan.steps.map((s) => s.node.id) });
      if (this.#state === 'stopped') this.#setState('paused');
    });
  }

  setMode(mode: RunMode, fpsCap = this.fpsCap): void {
    if (!(fpsCap > 0 && fpsCap <= 240)) throw new Error(`fps cap must be in (0, 240], got ${fpsCap}`);
    if (mode === this.#mode && fpsCap === this.#fpsCap) return;
    this.#mode = mode;
    this.#fpsCap = fpsCap;
    this.#emit({ type: 'modechanged', mode, fpsCap });
  }

  run(): void {
    if (!this.#graph) throw new Error('load a graph before running it');
    if (this.#state === 'running') return;
    this.#setState('running');
    if (this.#loop) return;
    const loop = this.#runLoop().finally(() => { if (this.#loop === loop) this.#loop = undefined; });
    this.#loop = loop;
  }

  /** Stops after the frame in flight; resolves once the loop is idle. */
  async pause(): Promise<void> {
    if (this.#state === 'running') this.#setState('paused');
    await this.#loop;
  }

  /** Computes exactly one frame (pausing the loop first). Resolves true if it succeeded. */
  async step(): Promise<boolean> {
    if (!this.#graph) throw new Error('load a graph before stepping it');
    await this.pause();
    return this.#exclusive(() => this.#computeFrame());
  }

  /** Offline render: pauses, then computes `count` frames back to back, calling `onFrame` after each. False: a frame failed or a node asked for a pause. */
  async renderFrames(count: number, onFrame?: (frame: number) => void | Promise<void>): Promise<boolean> {
    await this.pause();
    for (let i = 0; i < count; i++) {
      const frame = this.#frame;
      if (!(await this.#exclusive(() => this.#computeFrame()))) return false;
      await onFrame?.(frame);
      if (this.#pausedByNode) {
        this.#pausedByNode = false;
        return false;
      }
    }
    return true;
  }

  /** Back to frame 0: feedback inputs see their seed again, node state is rebuilt. */
  reset(): Promise<void> {
    return this.#exclusive(() => {
      this.#runner.reset();
      this.#restartFrames();
    });
  }

  /**
   * Survives a lost GPU (WebGPU `device.lost`, WebGL context loss): stops the loop and training
   * at once, releases every tensor and node state of the dead backend, lets `rebuild` start a
   * backend (the lost one anew, or the next), re-creates the nodes on it, runs one frame (nodes
   * reload their Weights, trained nodes get their dataset), restarts the loop if it ran and
   * resumes training from its last checkpoint. Work waiting on the dead GPU is abandoned, never awaited.
   * @param rebuild starts a backend and resolves to its name; it runs once no tensor of the dead one is held.
   * @emits backendlost, then backendrestored, or backendfailed when no backend starts.
   */
  async recoverBackend(reason: string, rebuild: () => Promise<string>): Promise<void> {
    if (this.#recovering) return;
    this.#recovering = true;
    const lost = this.#tf.getBackend();
    const wasRunning = this.#state === 'running';
    this.#generation++;
    this.#loop = undefined;
    this.#setState('paused');
    this.#emit({ type: 'backendlost', backend: lost, reason });
    this.training.interrupt(reason);
    this.#queue = Promise.resolve();
    this.#runner.dispose();
    try {
      const backend = await rebuild();
      await this.#exclusive(() => {
        if (this.#graph) this.#runner.setPlan(compilePlan(this.#graph, this.#registry), this.#graph);
        this.#restartFrames();
      });
      this.#emit({ type: 'backendrestored', backend, lost });
      if (this.#graph) await this.#exclusive(() => this.#computeFrame());
      if (wasRunning) this.run();
      await this.training.resumeInterrupted(backend);
    } catch (error) {
      this.#emit({ type: 'backendfailed', message: errorMessage(error) });
    } finally {
      this.#recovering = false;
    }
  }

  /** Pauses and releases every tensor and node state; `load` again to continue. */
  async stop(): Promise<void> {
    await this.pause();
    await this.training.disposeAll();
    await this.#exclusive(() => {
      this.#runner.dispose();
      this.#graph = undefined;
      this.#frame = 0;
      this.#setState('stopped');
    });
  }

  /**
   * Keeps the latest frame of `nodeId` available to `snapshot`; returns the disposer. With
   * `{ run: true }` the node also computes on frames the loop would leave it idle (demand.ts):
   * the Viewer asks for that; card thumbnails show the frame the loop last used.
   */
  watch(nodeId: string, options?: { readonly run?: boolean }): () => void {
    const unwatch = this.#runner.watch(nodeId);
    if (!options?.run) return unwatch;
    const undemand = this.#runner.demand(nodeId);
    return () => { unwatch(); undemand(); };
  }

  /**
   * Lends a watched node's latest frame to `use` between two frames (e.g. to draw it
   * straight to a canvas on the GPU with `tf.browser.draw`). The tensor is only valid during
   * the call: never keep or dispose it. Resolves false when there is no frame.
   */
  withLatestFrame(nodeId: string, use: (frame: Tensor3D) => void): Promise<boolean> {
    return this.#exclusive(() => {
      const latest = this.#runner.latest(nodeId);
      if (!latest) return false;
      use(latest);
      return true;
    });
  }

  /** RGBA bytes of a watched node's latest frame, read back outside the loop. */
  async snapshot(nodeId: string): Promise<RgbaImage | null> {
    // Clone inside the queue so the tensor cannot be released mid-readback.
    const copy = await this.#exclusive(() => {
      const latest = this.#runner.latest(nodeId);
      return latest ? this.#tf.clone(latest) : undefined;
    });
    if (!copy) return null;
    try {
      return await frameToRgba(this.#tf, copy);
    } finally {
      copy.dispose();
    }
  }

  async #runLoop(): Promise<void> {
    const generation = this.#generation;
    while (this.#state === 'running' && this.#generation === generation) {
      const started = this.#clock.now();
      const ok = await this.#exclusive(() => this.#computeFrame());
      if (!ok || this.#state !== 'running' || this.#generation !== generation) break;
      if (this.#mode === 'offline') {
        await this.#clock.yield();
        continue;
      }
      const wait = 1000 / this.fpsCap - (this.#clock.now() - started);
      await (wait > 0 ? this.#clock.sleep(wait) : this.#clock.yield());
    }
  }

  async #computeFrame(): Promise<boolean> {
    this.#host.takePauseRequest();
    this.#pausedByNode = false;
    const frame = this.#frame;
    const generation = this.#generation;
    const started = this.#clock.now();
    const result = await this.#runner.runFrame(frame);
    if (this.#generation !== generation) return false;
    if (!result.ok) {
      if (this.#state === 'running') this.#setState('paused');
      return false;
    }
    const sync = waitForBackend(this.#tf);
    if (sync) await sync;
    if (this.#generation !== generation) return false;
    const now = this.#clock.now();
    const ms = now - started;
    const late = this.#mode === 'realtime' && this.#state === 'running' && ms > 1000 / this.fpsCap;
    if (late) this.#lateFrames++;
    this.#frame = frame + 1;
    this.#emit({ type: 'framecompleted', frame, ms, late, lateFrames: this.#lateFrames, fps: this.#frameRate.count(now) });
    const reason = this.#host.takePauseRequest();
    if (reason !== undefined) {
      this.#pausedByNode = true;
      // A step or a render is already paused: it still hears why it stops.
      if (this.#state === 'running') this.#setState('paused', reason);
      else this.#emit({ type: 'statechanged', state: this.#state, reason });
    }
    return true;
  }

  /** Back to frame 0 after a reset or a rebuilt backend: feedback inputs see their seed again. */
  #restartFrames(): void {
    this.#frame = 0;
    this.#lateFrames = 0;
    this.#frameRate.clear();
    this.#emit({ type: 'reset' });
  }

  #exclusive<T>(operation: () => T | Promise<T>): Promise<T> {
    const result = this.#queue.then(operation);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  #setState(state: RunState, reason?: string): void {
    if (this.#state === state) return;
    this.#state = state;
    this.#emit({ type: 'statechanged', state, ...(reason === undefined ? {} : { reason }) });
  }

  #emit(event: SchedulerEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        // A broken listener (e.g. a UI panel) must not stop the loop.
        console.error('scheduler listener failed', error);
      }
    }
  }
}
