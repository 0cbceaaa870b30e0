import { afterNextFrame, emptyGraph, errorMessage, setParam } from '../../core';
import type { GraphNode, JsonValue, TrainingStatus } from '../../core';
import { fitCanvasToGraph } from '../canvas/canvas-link';
import type { EditorApp } from '../editor-app';
import type { ExtractionJob } from '../datasets/extraction-job.svelte';
import type { RecordingFile } from '../recording-types';
import { checkpointParamOf } from '../training/checkpoint-param';
import { buildLoop } from './build-loop';
import type { LoopNodeIds } from './build-loop';
import type { LoopKit, LoopOptions } from './loop-kit';
import { loopMessages } from './messages';

/** Where a flow is; the progress view lists the stages in this order. */
export type LoopStage = 'extracting' | 'building' | 'training' | 'restoring' | 'starting' | 'ready' | 'recording' | 'recorded' | 'cancelled' | 'failed';

/** The seconds the closing button records. */
export const RECORD_SECONDS = 30;

/** What the dialog chose, before the dataset exists. */
export type LoopChoice = Omit<LoopOptions, 'datasetId' | 'sourcePort'>;

/** What a flow needs of the editor: the app, the kit, and how to start an extraction of the source. */
export interface LoopFlowPorts {
  readonly app: EditorApp;
  readonly kit: LoopKit;
  /** Starts extracting the source at the model size (the datasets session's one extraction). */
  extract(node: GraphNode, title: string, side: number): Promise<ExtractionJob>;
}

/**
 * One "Make a loop" run, from the dialog's choice to a recorded file: extract the source's
 * frames into a dataset, build the loop's nodes and wires next to the source as one undoable
 * edit, train the generator (then the Restoration network, when chosen) on the scheduler's
 * training runner, which ends each run on the checkpoint the loop check rated best
 * (checkpoint-choice.ts, through TrainingState's hand-over), reset the loop so Feedback starts
 * from the source's real first frame, and wait for *Record 30 s*.
 *
 * Cancel stops what runs now and keeps what is done, named: an extraction in flight is
 * cancelled and its partial dataset deleted (a clip cut short at a random frame is not what was
 * asked for); a training run is stopped, which saves its checkpoint before it ends, and the node
 * names those weights; the nodes built stay in the graph, and the graph keeps its name.
 */
export class MakeLoopFlow {
  #stage: LoopStage = $state.raw('extracting');
  /** The last stage the flow got to before it was cancelled or failed (the stage itself otherwise). */
  reached: LoopStage = $state.raw('extracting');
  extraction: ExtractionJob | undefined = $state.raw(undefined);
  ids: LoopNodeIds = $state.raw({});
  /** The node training now (the progress view follows it). */
  trainingNode: string | undefined = $state.raw(undefined);
  datasetName: string | undefined = $state.raw(undefined);
  /** Why the run ended on its checkpoint ("Using step 40: …"), from the runner. */
  choice: string | undefined = $state.raw(undefined);
  recording: RecordingFile | undefined = $state.raw(undefined);
  error: string | undefined = $state.raw(undefined);
  #cancelled = false;

  constructor(
    private readonly ports: LoopFlowPorts,
    readonly sourceId: string,
    readonly title: string,
    readonly choiceMade: LoopChoice,
  ) {}

  get stage(): LoopStage {
    return this.#stage;
  }

  set stage(stage: LoopStage) {
    this.#stage = stage;
    if (stage !== 'cancelled' && stage !== 'failed') this.reached = stage;
  }

  get active(): boolean {
    return this.stage !== 'ready' && this.stage !== 'recorded' && this.stage !== 'cancelled' && this.stage !== 'failed' && this.stage !== 'recording';
  }

  /** Runs every stage up to *Record 30 s*; settles (never rejects) when the flow has ended or is ready. */
  async run(): Promise<void> {
    try {
      const datasetId = await this.#extract();
      if (datasetId === undefined) return;
      this.#build(datasetId);
      if (!(await this.#train('training', this.ids.generator!))) return;
      if (this.ids.restoration !== undefined) {
        const checkpoint = this.#checkpointOf(this.ids.generator!);
        this.#edit(this.ids.restoration, this.ports.kit.restorationFor(checkpoint));
        if (!(await this.#train('restoring', this.ids.restoration))) return;
      }
      this.stage = 'starting';
      const { studio } = this.ports.app;
      await studio.reset();
      if (studio.state !== 'running') await studio.toggleRun();
      this.stage = 'ready';
    } catch (error) {
      this.error = errorMessage(error);
      this.stage = 'failed';
    }
  }

  /** Stops the stage running now; what is made stays (see the class comment). */
  async cancel(): Promise<void> {
    if (!this.active) return;
    this.#cancelled = true;
    this.extraction?.cancel();
    if (this.trainingNode !== undefined && (this.stage === 'training' || this.stage === 'restoring')) {
      await this.ports.app.scheduler.training.stop(this.trainingNode).catch(() => undefined);
    }
  }

  /** Records RECORD_SECONDS of the running loop with the loop's Encoder; the tray offers the file. */
  async record(): Promise<void> {
    const { app, kit } = this.ports;
    const encoder = app.document.graph.nodes.find((n) => n.id === this.ids.encoder);
    if (!encoder || (this.stage !== 'ready' && this.stage !== 'recorded')) return;
    this.recording = undefined;
    this.error = undefined;
    this.stage = 'recording';
    const off = app.recordings.subscribe((event) => {
      if (event.type === 'recordingfinished' && event.recording.nodeId === encoder.id) {
        off();
        this.recording = event.recording;
        this.stage = 'recorded';
      } else if (event.type === 'recordingfailed' && event.nodeId === encoder.id) {
        off();
        this.error = event.message;
        this.stage = 'ready';
      }
    });
    try {
      // A finished file leaves Record on and the Encoder waits for it to go off and on: off for one frame first.
      if (encoder.params['record'] === true) {
        this.#edit(encoder.id, { record: false });
        await afterNextFrame(app.scheduler);
      }
      this.#edit(encoder.id, kit.recordFor(encoder.params, RECORD_SECONDS));
    } catch (error) {
      off();
      this.error = errorMessage(error);
      this.stage = 'ready';
    }
  }

  /**
   * Ends the recording in progress now and keeps what it holds: the Encoder finishes a file
   * when Record goes off, so the tray offers it with its graph as it offers a full one. On a
   * slow device 30 s of loop can take minutes to render.
   */
  stopRecording(): void {
    if (this.stage !== 'recording' || this.ids.encoder === undefined) return;
    this.#edit(this.ids.encoder, { record: false });
  }

  /** What a cancelled or failed flow left, for the view. */
  get kept(): string[] {
    const graph = this.ports.app.document.graph;
    return loopMessages.kept({
      dataset: this.datasetName,
      nodes: Object.values(this.ids).filter((id) => graph.nodes.some((n) => n.id === id)).length,
      graph: graph.name,
    });
  }

  async #extract(): Promise<string | undefined> {
    const node = this.ports.app.document.graph.nodes.find((n) => n.id === this.sourceId);
    if (!node) throw new Error(loopMessages.sourceGone(this.title));
    const job = await this.ports.extract(node, this.title, Number(this.choiceMade.size));
    this.extraction = job;
    this.datasetName = job.request.name;
    // Cancelled while the clip's facts were read: the extraction never gets going.
    if (this.#cancelled) job.cancel();
    await job.finished;
    if (job.phase === 'failed') throw new Error(job.error ?? loopMessages.extractionFailed());
    if (job.result?.outcome === 'cancelled' || this.#cancelled) {
      this.datasetName = undefined;
      this.stage = 'cancelled';
      return undefined;
    }
    return job.result && 'id' in job.result ? job.result.id : undefined;
  }

  #build(datasetId: string): void {
    this.stage = 'building';
    const { app, kit } = this.ports;
    const definition = app.registry.get(app.document.graph.nodes.find((n) => n.id === this.sourceId)?.type ?? '');
    const sourcePort = definition?.outputs.find((port) => port.type === 'frame')?.name;
    if (!sourcePort) throw new Error(loopMessages.sourceGone(this.title));
    const plan = kit.plan({ ...this.choiceMade, datasetId, sourcePort });
    const built = buildLoop(app.document.graph, app.registry, this.sourceId, plan);
    if (!built.ok) throw new Error(loopMessages.buildRefused(built.reason));
    // A graph still called what "New graph" calls it is named for its loop; a named one keeps its name.
    const named = built.graph.name === emptyGraph().name ? { ...built.graph, name: loopMessages.graphName(this.title) } : built.graph;
    app.document.apply(named, 'structure');
    this.ids = built.ids;
    if (built.ids.generator) app.document.select([built.ids.generator]);
    // "Visibly": the whole loop in view, source and all, as it is built.
    fitCanvasToGraph(app);
  }

  /** Trains `nodeId` to its end; true when it finished, false when cancelled. @throws when it failed. */
  async #train(stage: 'training' | 'restoring', nodeId: string): Promise<boolean> {
    if (this.#cancelled) return this.#stopHere();
    this.stage = stage;
    this.trainingNode = nodeId;
    const { scheduler, studio } = this.ports.app;
    // The runner waits for a frame that delivers the dataset: the loop has to run.
    if (studio.state !== 'running') await studio.toggleRun();
    let settle: (status: TrainingStatus, message: string | undefined) => void = () => undefined;
    const ended = new Promise<{ status: TrainingStatus; message: string | undefined }>((resolve) => {
      settle = (status, message) => resolve({ status, message });
    });
    const off = scheduler.on((event) => {
      if (event.type !== 'trainingchanged' || event.nodeId !== nodeId) return;
      if (event.status === 'finished' || event.status === 'stopped' || event.status === 'failed') settle(event.status, event.message);
    });
    try {
      await scheduler.training.start(nodeId);
      const { status, message } = await ended;
      if (status === 'failed') throw new Error(message ?? loopMessages.trainingFailed());
      if (status === 'stopped' || this.#cancelled) return this.#stopHere();
      if (stage === 'training') this.choice = message;
      return true;
    } finally {
      off();
    }
  }

  #stopHere(): false {
    this.stage = 'cancelled';
    return false;
  }

  #checkpointOf(nodeId: string): string {
    const { document, registry } = this.ports.app;
    const node = document.graph.nodes.find((n) => n.id === nodeId);
    const definition = node && registry.get(node.type);
    const param = definition && checkpointParamOf(definition.type, definition.params);
    const value = param ? node.params[param] : undefined;
    if (typeof value !== 'string' || value === '') throw new Error(loopMessages.noCheckpoint());
    return value;
  }

  #edit(nodeId: string, params: Readonly<Record<string, JsonValue>>): void {
    const { document, registry } = this.ports.app;
    let graph = document.graph;
    for (const [name, value] of Object.entries(params)) {
      const set = setParam(graph, registry, nodeId, name, value);
      if (!set.ok) throw new Error(set.reason);
      graph = set.graph;
    }
    document.apply(graph, 'params');
  }
}
