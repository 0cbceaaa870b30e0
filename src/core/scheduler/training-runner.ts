import type { io } from '@tensorflow/tfjs';
import type { AnyNodeDefinition, Tf } from '../graph/node-definition';
import { preferredCheckpoint } from '../graph/training';
import type { CheckpointStore, DatasetSource, TrainingHook, TrainingJob, TrainingReport } from '../graph/training';
import type { Clock } from './clock';
import type { CheckpointInfo, SchedulerEvent, TrainingStatus } from './events';
import { errorMessage } from './outputs';

/** What the runner needs from the scheduler: its queue, and its live node instances. */
export interface TrainingHost {
  readonly tf: Tf;
  readonly clock: Clock;
  readonly checkpoints: CheckpointStore;
  readonly datasets: DatasetSource;
  /** Runs `operation` between two frames, never during one. */
  exclusive<T>(operation: () => T | Promise<T>): Promise<T>;
  /** The node's definition, params, size, live state and non-frame inputs; undefined when it has none (removed, blocked). */
  instance(nodeId: string): TrainedInstance | undefined;
  emit(event: SchedulerEvent): void;
}

export interface TrainedInstance {
  readonly definition: AnyNodeDefinition;
  readonly params: Record<string, unknown>;
  readonly size: { readonly width: number; readonly height: number };
  readonly state: unknown;
  readonly inputs: Readonly<Record<string, unknown>>;
  /** Wired non-frame inputs no frame has delivered yet (the graph has not run since they were wired). */
  readonly unresolved: readonly string[];
}

export interface StartTrainingOptions {
  /** Continue from this stored checkpoint (what `checkpointsaved` reported) instead of from the node's current weights. */
  readonly resumeFrom?: string;
  /** Steps between checkpoints; default the node type's `checkpointEvery`, else 200. */
  readonly checkpointEvery?: number;
}

/** Attempts to resume from the last checkpoint after a crash before giving up. */
const MAX_RECOVERIES = 3;
const STEPS_PER_SECOND_WINDOW = 20;

interface Session {
  readonly nodeId: string;
  readonly checkpointEvery: number;
  job: TrainingJob;
  /** The node state the job trains; a rebuilt node has another, and the job must stop. */
  state: unknown;
  status: TrainingStatus;
  lastCheckpoint: CheckpointInfo | undefined;
  /** Every checkpoint this session saved, oldest first: what the hook's `preferCheckpoint` chooses from. */
  readonly checkpoints: CheckpointInfo[];
  lastReport: TrainingReport | undefined;
  recoveries: number;
  stepTimes: number[];
  loop: Promise<void> | undefined;
}

/**
 * Runs nodes' training jobs between frames, so the loop keeps playing while a model learns.
 * It owns each job's lifetime: checkpoints every N steps and on pause (content-addressed in
 * storage), resume, stop, and recovery after a crash (e.g. a lost WebGPU device: tfjs#8571)
 * from the last checkpoint, losing at most one checkpoint interval.
 */
export class TrainingRunner {
  readonly #sessions = new Map<string, Session>();

  constructor(private readonly host: TrainingHost) {}

  status(nodeId: string): TrainingStatus {
    return this.#sessions.get(nodeId)?.status ?? 'idle';
  }

  lastCheckpoint(nodeId: string): CheckpointInfo | undefined {
    return this.#sessions.get(nodeId)?.lastCheckpoint;
  }

  /**
   * Starts training `nodeId` (or resumes a paused session). Resolves once the job is built.
   * @throws Error with the node's reason when it cannot train (not trainable, no dataset…).
   */
  async start(nodeId: string, options: StartTrainingOptions = {}): Promise<void> {
    const existing = this.#sessions.get(nodeId);
    if (existing && existing.status === 'paused' && options.resumeFrom === undefined) return this.#resume(existing);
    if (existing && existing.status !== 'finished' && existing.status !== 'failed' && existing.status !== 'stopped') {
      throw new Error('This node is already training. Pause or stop it first.');
    }
    // A frame in flight may be the first to deliver this node's dataset: let it finish.
    await this.host.exclusive(() => undefined);
    const instance = this.#instance(nodeId);
    if (instance.unresolved.length > 0) {
      throw new Error(`This node has not received its ${instance.unresolved.map((n) => `"${n}"`).join(' and ')} input yet. Run or step the graph once, then train.`);
    }
    const hook = instance.definition.training;
    const resumeFrom = options.resumeFrom === undefined ? undefined : await this.host.checkpoints.loadModel(options.resumeFrom);
    const job = await this.#startJob(nodeId, instance, resumeFrom);
    const session: Session = {
      nodeId, job, state: instance.state, status: 'running', lastCheckpoint: undefined, checkpoints: [], lastReport: undefined, recoveries: 0, stepTimes: [], loop: undefined,
      checkpointEvery: options.checkpointEvery ?? checkpointInterval(hook, instance.params),
    };
    existing?.job.dispose();
    this.#sessions.set(nodeId, session);
    this.#setStatus(session, 'running');
    session.loop = this.#run(session);
  }

  /** Pauses after the step in flight and saves a checkpoint; resolves once it is saved. */
  async pause(nodeId: string): Promise<void> {
    const session = this.#sessions.get(nodeId);
    if (!session || session.status !== 'running') return;
    this.#setStatus(session, 'pausing');
    await session.loop;
    // The loop may have finished, failed or been stopped meanwhile.
    if ((session.status as TrainingStatus) === 'pausing') {
      await this.#checkpoint(session);
      this.#setStatus(session, 'paused');
    }
  }

  /** Ends training after the step in flight, saving a last checkpoint; the node keeps its trained weights. */
  async stop(nodeId: string): Promise<void> {
    const session = this.#sessions.get(nodeId);
    if (!session) return;
    const wasActive = session.status === 'running' || session.status === 'pausing' || session.status === 'recovering';
    if (wasActive) this.#setStatus(session, 'stopping');
    await session.loop;
    if (wasActive || session.status === 'paused') {
      if (session.lastReport && session.lastCheckpoint?.step !== session.job.stepsDone) await this.#checkpoint(session);
      this.#finish(session, 'stopped');
    }
  }

  /** Stops every session (graph stopped or page closing) without saving. */
  async disposeAll(): Promise<void> {
    for (const session of this.#sessions.values()) if (session.status === 'running' || session.status === 'pausing') this.#setStatus(session, 'stopping');
    await Promise.all([...this.#sessions.values()].map((s) => s.loop));
    for (const session of this.#sessions.values()) session.job.dispose();
    this.#sessions.clear();
  }

  #resume(session: Session): void {
    this.#setStatus(session, 'running');
    session.loop = this.#run(session);
  }

  async #run(session: Session): Promise<void> {
    while (session.status === 'running' && session.job.stepsDone < session.job.totalSteps) {
      const live = this.host.instance(session.nodeId);
      if (!live || live.state !== session.state) {
        return this.#finish(session, 'stopped', 'Training stopped: the node was removed or rebuilt (its type or the frame size changed). Start again from its last checkpoint.');
      }
      const started = this.host.clock.now();
      let report: TrainingReport;
      try {
        report = await this.host.exclusive(() => session.job.step());
      } catch (error) {
        if (!(await this.#recover(session, errorMessage(error)))) return;
        continue;
      }
      session.lastReport = report;
      this.#emitProgress(session, report, this.host.clock.now() - started);
      if (report.step % session.checkpointEvery === 0) await this.#checkpoint(session);
      // Let frames, input events and painting in between steps.
      await this.host.clock.yield();
    }
    if (session.status === 'running') {
      await this.#checkpoint(session);
      const preferred = preferredCheckpoint(this.host.instance(session.nodeId)?.definition.training, session.checkpoints);
      this.#finish(session, 'finished', preferred?.reason, preferred?.checkpoint);
    }
  }

  /** After a failed step: rebuild the job from the last checkpoint. Resolves false when training has ended. */
  async #recover(session: Session, reason: string): Promise<boolean> {
    const checkpoint = session.lastCheckpoint;
    if (!checkpoint || session.recoveries >= MAX_RECOVERIES) {
      this.#finish(session, 'failed', checkpoint
        ? `Training failed again (${reason}) after ${session.recoveries} recoveries. Its last checkpoint, step ${checkpoint.step}, is saved.`
        : `Training failed at step ${session.job.stepsDone + 1} before its first checkpoint: ${reason}`);
      return false;
    }
    session.recoveries++;
    this.#setStatus(session, 'recovering', `Training failed at step ${session.job.stepsDone + 1} (${reason}). Resuming from the checkpoint at step ${checkpoint.step}.`);
    try {
      safeDispose(session.job);
      const instance = this.#instance(session.nodeId);
      session.job = await this.#startJob(session.nodeId, instance, await this.host.checkpoints.loadModel(checkpoint.sha256));
      session.state = instance.state;
    } catch (error) {
      this.#finish(session, 'failed', `Training could not resume from its checkpoint: ${errorMessage(error)}`);
      return false;
    }
    if (session.status === 'recovering') this.#setStatus(session, 'running');
    return session.status === 'running';
  }

  async #startJob(nodeId: string, instance: TrainedInstance, resumeFrom: io.ModelArtifacts | undefined): Promise<TrainingJob> {
    const hook = instance.definition.training;
    if (!hook) throw new Error(`${instance.definition.title} nodes cannot be trained.`);
    const { tf, datasets } = this.host;
    return this.host.exclusive(() => hook.start({
      tf, nodeId, params: instance.params as never, size: instance.size, state: instance.state, inputs: instance.inputs as never, datasets,
      ...(resumeFrom ? { resumeFrom } : {}),
    }));
  }

  async #checkpoint(session: Session): Promise<void> {
    const report = session.lastReport;
    if (!report || session.lastCheckpoint?.step === report.step) return;
    const losses = { ...report.losses, ...(await this.#heldOutLosses(session, report)) };
    try {
      const artifacts = await this.host.exclusive(() => session.job.save());
      const instance = this.host.instance(session.nodeId);
      const metadata = { checkpointOf: instance?.definition.type ?? '', nodeId: session.nodeId, step: report.step, losses };
      const name = `${instance?.definition.title ?? 'Model'} · step ${report.step}`;
      const saved = await this.host.checkpoints.saveModel({ ...artifacts, userDefinedMetadata: { ...artifacts.userDefinedMetadata, ...metadata } }, name);
      if (instance && instance.state === session.state) instance.definition.training?.checkpointSaved?.(instance.state, saved.sha256);
      session.lastCheckpoint = { nodeId: session.nodeId, sha256: saved.sha256, step: report.step, losses, savedAt: Date.now() };
      session.checkpoints.push(session.lastCheckpoint);
      this.host.emit({ type: 'checkpointsaved', checkpoint: session.lastCheckpoint });
    } catch (error) {
      // Training goes on; the next interval tries again. Say so, since a crash now loses more.
      this.host.emit({ type: 'trainingchanged', nodeId: session.nodeId, status: session.status, message: `The checkpoint at step ${report.step} was not saved: ${errorMessage(error)}` });
    }
  }

  /**
   * The job's held-out losses for the checkpoint at `report`'s step, also shown with that
   * step's losses in the panel. A failure to measure them costs the figure, not the checkpoint.
   */
  async #heldOutLosses(session: Session, report: TrainingReport): Promise<Readonly<Record<string, number>>> {
    const { job } = session;
    if (!job.validate) return {};
    try {
      const heldOut = await this.host.exclusive(() => job.validate!());
      if (Object.keys(heldOut).length > 0) {
        session.lastReport = { ...report, losses: { ...report.losses, ...heldOut } };
        this.#emitProgress(session, session.lastReport);
      }
      return heldOut;
    } catch (error) {
      this.host.emit({ type: 'trainingchanged', nodeId: session.nodeId, status: session.status, message: `The held-out loss at step ${report.step} could not be measured: ${errorMessage(error)}` });
      return {};
    }
  }

  /** Tells the panel about `report`; `ms`, the step's time, feeds steps/s (absent when re-telling a step with more losses). */
  #emitProgress(session: Session, report: TrainingReport, ms?: number): void {
    if (ms !== undefined) session.stepTimes.push(ms);
    if (session.stepTimes.length > STEPS_PER_SECOND_WINDOW) session.stepTimes.shift();
    const meanMs = session.stepTimes.reduce((a, b) => a + b, 0) / session.stepTimes.length;
    const stepsPerSecond = meanMs > 0 ? 1000 / meanMs : 0;
    const left = Math.max(0, session.job.totalSteps - report.step);
    this.host.emit({
      type: 'trainingprogress', nodeId: session.nodeId, report, totalSteps: session.job.totalSteps,
      stepsPerSecond, etaSeconds: stepsPerSecond > 0 ? left / stepsPerSecond : Number.POSITIVE_INFINITY,
    });
  }

  #instance(nodeId: string): TrainedInstance {
    const instance = this.host.instance(nodeId);
    if (!instance) throw new Error('This node is not running (it is blocked, errored or not in the graph). Fix it and run the graph once, then train.');
    return instance;
  }

  #finish(session: Session, status: 'finished' | 'failed' | 'stopped', message?: string, checkpoint?: CheckpointInfo): void {
    safeDispose(session.job);
    this.#setStatus(session, status, message, checkpoint);
  }

  #setStatus(session: Session, status: TrainingStatus, message?: string, checkpoint?: CheckpointInfo): void {
    session.status = status;
    this.host.emit({ type: 'trainingchanged', nodeId: session.nodeId, status, ...(message ? { message } : {}), ...(checkpoint ? { checkpoint } : {}) });
  }
}

function checkpointInterval(hook: TrainingHook | undefined, params: Record<string, unknown>): number {
  const every = typeof hook?.checkpointEvery === 'function' ? hook.checkpointEvery(params) : hook?.checkpointEvery;
  return every !== undefined && Number.isInteger(every) && every > 0 ? every : 200;
}

function safeDispose(job: TrainingJob): void {
  try {
    job.dispose();
  } catch (error) {
    console.warn('a training job failed to dispose', error);
  }
}
