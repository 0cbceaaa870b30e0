import type { Graph, LiveParams, NodeRegistry, NodeStats, RunMode, RunState, Scheduler, SchedulerEvent } from '../core';
import { errorMessage } from '../core';

/** A problem shown in the error banner until the user dismisses it. */
export interface StudioError {
  readonly id: number;
  readonly kind: 'plan' | 'node' | 'file' | 'command' | 'backend';
  readonly message: string;
  /** The node concerned, when there is one. */
  readonly nodeId?: string;
}

/** One row of the node list: what the graph says, plus the scheduler's latest stats. */
export interface NodeRow {
  readonly id: string;
  readonly title: string;
  readonly type: string;
  readonly stats: NodeStats | undefined;
}

/**
 * The one bridge between the scheduler and Svelte: `$state.raw` fields that follow the
 * scheduler's events, plus the commands the UI may send. Components read these fields and
 * call these methods; they hold no engine logic of their own.
 */
export class SchedulerState {
  state: RunState = $state.raw('stopped');
  mode: RunMode = $state.raw('realtime');
  fpsCap: number = $state.raw(30);
  /** Frames computed since the last reset (the index of the next frame). */
  frame: number = $state.raw(0);
  /** Measured frames per second over the last second. */
  fps: number = $state.raw(0);
  /** Duration of the last frame, ms. */
  frameMs: number = $state.raw(0);
  lateFrames: number = $state.raw(0);
  graph: Graph | undefined = $state.raw(undefined);
  nodeStats: ReadonlyMap<string, NodeStats> = $state.raw(new Map());
  /** Each node's wired params (edges into `param:<name>`) as its last run took them: value, what the wire carried, clamping. */
  liveParams: ReadonlyMap<string, LiveParams> = $state.raw(new Map());
  errors: readonly StudioError[] = $state.raw([]);
  /** The backend a lost GPU was replaced with (the same one on a new device, or the next); undefined until one is lost. */
  rebuiltBackend: string | undefined = $state.raw(undefined);
  /** True while a pause, step or reset is on its way through the scheduler's queue. */
  busy: boolean = $state.raw(false);

  readonly lastError: StudioError | undefined = $derived(this.errors.at(-1));
  readonly nodes: readonly NodeRow[] = $derived(this.#rows(this.graph, this.nodeStats));
  /** The node whose frames the big preview shows: the first viewer sink (NodeUi.viewer). */
  readonly previewNodeId: string | undefined = $derived(this.graph?.nodes.find((n) => this.#isViewer(n.type))?.id);
  /** Why the last pause happened when a node asked for it (`statechanged` with a reason), until the loop runs again. */
  pauseReason: string | undefined = $state.raw(undefined);

  readonly #scheduler: Scheduler;
  readonly #registry: NodeRegistry;
  readonly #isViewer: (type: string) => boolean;
  readonly #off: () => void;
  #nextErrorId = 1;

  /** `isViewer`: whether a node type is a viewer sink, from the node UI list (src/nodes/ui.ts); none by default. */
  constructor(scheduler: Scheduler, registry: NodeRegistry, isViewer: (type: string) => boolean = () => false) {
    this.#scheduler = scheduler;
    this.#registry = registry;
    this.#isViewer = isViewer;
    this.#off = scheduler.on((event) => this.#handle(event));
    this.#syncFromScheduler();
  }

  /** Stops following the scheduler. */
  dispose(): void {
    this.#off();
  }

  /** Run when paused, pause when running. */
  async toggleRun(): Promise<void> {
    if (this.state === 'running') await this.#command(() => this.#scheduler.pause());
    else await this.#command(() => this.#scheduler.run());
  }

  async step(): Promise<void> {
    await this.#command(() => this.#scheduler.step());
  }

  async reset(): Promise<void> {
    await this.#command(() => this.#scheduler.reset());
  }

  setMode(mode: RunMode): void {
    this.#scheduler.setMode(mode, this.fpsCap);
  }

  /** Applies a new realtime cap; returns false (and changes nothing) when it is out of range. */
  setFpsCap(fpsCap: number): boolean {
    if (!(Number.isFinite(fpsCap) && fpsCap > 0 && fpsCap <= 240)) return false;
    this.#scheduler.setMode(this.mode, fpsCap);
    return true;
  }

  /** Shows a problem that did not come from the scheduler (graph file, startup). */
  report(kind: StudioError['kind'], message: string): void {
    this.#addError({ kind, message });
  }

  dismiss(id: number): void {
    this.errors = this.errors.filter((e) => e.id !== id);
  }

  /** Reads the scheduler's current values, for the first render and after a reload. */
  #syncFromScheduler(): void {
    const s = this.#scheduler;
    this.state = s.state;
    this.mode = s.mode;
    this.fpsCap = s.fpsCap;
    this.frame = s.frame;
    this.lateFrames = s.lateFrames;
    this.graph = s.graph;
    this.nodeStats = this.#collectStats(s.graph);
    this.liveParams = this.#collectLiveParams(s.graph);
  }

  #handle(event: SchedulerEvent): void {
    switch (event.type) {
      case 'statechanged':
        this.state = event.state;
        this.pauseReason = event.state === 'paused' ? event.reason : undefined;
        return;
      case 'modechanged':
        this.mode = event.mode;
        this.fpsCap = event.fpsCap;
        return;
      case 'planned':
        this.graph = this.#scheduler.graph;
        this.fpsCap = this.#scheduler.fpsCap;
        this.nodeStats = this.#collectStats(this.graph);
        // A removed wire (undo, delete) drops its live value: the param shows its hand value again.
        this.liveParams = this.#collectLiveParams(this.graph);
        this.errors = this.errors.filter((e) => e.kind !== 'plan');
        return;
      case 'planfailed':
        this.#addError({ kind: 'plan', message: event.message });
        return;
      case 'framecompleted':
        this.frame = event.frame + 1;
        this.fps = event.fps;
        this.frameMs = event.ms;
        this.lateFrames = event.lateFrames;
        return;
      case 'nodeprocessed':
        this.nodeStats = new Map(this.nodeStats).set(event.nodeId, event.stats);
        return;
      case 'paramsresolved':
        this.liveParams = new Map(this.liveParams).set(event.nodeId, event.params);
        return;
      case 'nodeerrored':
        this.#addError({ kind: 'node', message: `${this.#titleOf(event.nodeId)}: ${event.message}`, nodeId: event.nodeId });
        return;
      case 'reset':
        this.frame = 0;
        this.fps = 0;
        this.lateFrames = 0;
        return;
      case 'backendlost':
        this.#replaceBackendNote(`${capitalise(event.reason)}. The loop and training are paused while the backend is rebuilt.`);
        return;
      case 'backendrestored':
        this.rebuiltBackend = event.backend;
        this.#replaceBackendNote(event.backend === event.lost
          ? `The ${event.lost} GPU was lost; it runs again on a new ${event.backend} ${event.backend === 'webgl' ? 'context' : 'device'}. Training resumes from its last checkpoint.`
          : `The ${event.lost} GPU was lost and did not come back; the studio now runs on ${event.backend}. Training resumes from its last checkpoint.`);
        return;
      case 'backendfailed':
        this.#replaceBackendNote(`The GPU was lost and no backend could start again (${event.message}). Save your graph, then reload the page.`);
        return;
      case 'trainingchanged':
      case 'trainingprogress':
      case 'checkpointsaved':
        // The training panel subscribes to these itself; the shell shows nothing for them.
        return;
      default: {
        // Compile-time exhaustiveness only: an event type added to core later is ignored, not fatal.
        const unhandled: never = event;
        void unhandled;
      }
    }
  }

  async #command(run: () => unknown): Promise<void> {
    this.busy = true;
    try {
      await run();
    } catch (error) {
      this.#addError({ kind: 'command', message: errorMessage(error) });
    } finally {
      this.busy = false;
    }
  }

  /** One note about the GPU at a time: a newer one (rebuilt, failed) replaces the older. */
  #replaceBackendNote(message: string): void {
    this.errors = this.errors.filter((e) => e.kind !== 'backend');
    this.#addError({ kind: 'backend', message });
  }

  #addError(error: Omit<StudioError, 'id'>): void {
    // The same failure repeated (e.g. each time Run is pressed) is shown once.
    if (this.errors.some((e) => e.kind === error.kind && e.message === error.message)) return;
    this.errors = [...this.errors, { ...error, id: this.#nextErrorId++ }];
  }

  #collectStats(graph: Graph | undefined): ReadonlyMap<string, NodeStats> {
    const stats = new Map<string, NodeStats>();
    for (const node of graph?.nodes ?? []) {
      const s = this.#scheduler.nodeStats(node.id);
      if (s) stats.set(node.id, s);
    }
    return stats;
  }

  #collectLiveParams(graph: Graph | undefined): ReadonlyMap<string, LiveParams> {
    const live = new Map<string, LiveParams>();
    for (const node of graph?.nodes ?? []) {
      const params = this.#scheduler.liveParams(node.id);
      if (params) live.set(node.id, params);
    }
    return live;
  }

  #rows(graph: Graph | undefined, stats: ReadonlyMap<string, NodeStats>): NodeRow[] {
    return (graph?.nodes ?? []).map((node) => ({
      id: node.id,
      type: node.type,
      title: node.label ?? this.#registry.get(node.type)?.title ?? node.type,
      stats: stats.get(node.id),
    }));
  }

  #titleOf(nodeId: string): string {
    const node = this.graph?.nodes.find((n) => n.id === nodeId);
    return node ? (node.label ?? this.#registry.get(node.type)?.title ?? node.type) : nodeId;
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
