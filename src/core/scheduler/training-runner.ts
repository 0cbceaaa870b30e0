import type { io } from '@tensorflow/tfjs';
import { preferredCheckpoint } from '../graph/training';
import { BEST_CHECKPOINT_KEY } from '../storage/checkpoint-prune';
import type { TrainingJob, TrainingReport } from '../graph/training';
import type { CheckpointInfo, TrainingStatus } from './events';
import { errorMessage } from './outputs';
import { emitProgress, saveCheckpoint } from './training-checkpoints';
import { checkpointInterval, safeDispose } from './training-session';
import type { Session, TrainedInstance, TrainingHost } from './training-session';

export type { TrainedInstance, TrainingHost } from './training-session';

export interface StartTrainingOptions {
  /** Continue from this stored checkpoint (what `checkpointsaved` reported) instead of from the node's current weights. */
  readonly resumeFrom?: string;
  /** Steps between checkpoints; default the node type's `checkpointEvery`, else 200. */
  readonly checkpointEvery?: number;
}

/** Attempts to resume from the last checkpoint after a crashed step before giving up. */
const MAX_RECOVERIES = 3;

/**
 * Runs nodes' training jobs between frames, so the loop keeps playing while a model learns.
 * It owns each job's lifetime: checkpoints every N steps and on pause (content-addressed in
 * storage), resume, stop, recovery after a crashed step, and after a lost GPU (`interrupt`,
 * then `resumeInterrupted` on the rebuilt backend): both resume from the last checkpoint,
 * losing at most one checkpoint interval.
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
    // A frame in flight may be the first to deliver this node's dataset: let it finish. A graph
    // opened a moment ago may not have run a frame yet: then the running loop's next one.
    await this.host.exclusive(() => undefined);
    if (this.#instance(nodeId).unresolved.length > 0) await this.host.nextFrame();
    const instance = this.#instance(nodeId);
    if (instance.unresolved.length > 0) {
      throw new Error(`This node has not received its ${instance.unresolved.map((n) => `"${n}"`).join(' and ')} input yet. Run or step the graph once, then train.`);
    }
    const hook = instance.definition.training;
    const resumeFrom = options.resumeFrom === undefined ? undefined : await this.host.checkpoints.loadModel(options.resumeFrom);
    const job = await this.#startJob(nodeId, instance, resumeFrom);
    const session: Session = {
      nodeId, job, state: instance.state, status: 'running', epoch: 0, jobLost: false, origin: options.resumeFrom,
      lastCheckpoint: undefined, checkpoints: [], lastReport: undefined, recoveries: 0, stepTimes: [], loop: undefined,
      checkpointEvery: options.checkpointEvery ?? checkpointInterval(hook, instance.params),
    };
    if (existing && !existing.jobLost) existing.job.dispose();
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
      await saveCheckpoint(this.host, session);
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
      if (session.lastReport && session.lastCheckpoint?.step !== session.job.stepsDone) await saveCheckpoint(this.host, session);
      this.#finish(session, 'stopped');
    }
  }

  /** Stops every session (graph stopped or page closing) without saving. */
  async disposeAll(): Promise<void> {
    for (const session of this.#sessions.values()) if (session.status === 'running' || session.status === 'pausing') this.#setStatus(session, 'stopping');
    await Promise.all([...this.#sessions.values()].map((s) => s.loop));
    for (const session of this.#sessions.values()) if (!session.jobLost) session.job.dispose();
    this.#sessions.clear();
  }

  /**
   * The backend's GPU is gone: every job is dropped at once (its optimiser state lived on the
   * dead GPU) without waiting for the step in flight, which may never settle. Running runs
   * wait in `recovering` for `resumeInterrupted`; paused ones resume from their checkpoint
   * when the user says so; stopping ones stop.
   */
  interrupt(reason: string): void {
    for (const session of this.#sessions.values()) {
      const { status } = session;
      if (session.jobLost || (status !== 'running' && status !== 'pausing' && status !== 'recovering' && status !== 'stopping' && status !== 'paused')) continue;
      session.epoch++;
      session.loop = undefined;
      safeDispose(session.job);
      session.jobLost = true;
      if (status === 'stopping') this.#finish(session, 'stopped', `Training stopped: ${reason}.`);
      else if (status === 'paused') this.#setStatus(session, 'paused', `${capitalise(reason)}. Resume continues from ${this.#restartPoint(session)}.`);
      else this.#setStatus(session, 'recovering', `Training paused: ${reason}. It resumes from ${this.#restartPoint(session)} once the backend is rebuilt.`);
    }
  }

  /** After `interrupt`, on the rebuilt backend: resumes every interrupted run from its last checkpoint. */
  async resumeInterrupted(backend: string): Promise<void> {
    for (const session of [...this.#sessions.values()]) {
      if (!session.jobLost || session.status !== 'recovering') continue;
      const lostAt = session.lastReport?.step ?? 0;
      const from = this.#restartPoint(session);
      try {
        if (!(await this.#rebuildJob(session, session.lastCheckpoint?.sha256 ?? session.origin))) continue;
      } catch (error) {
        this.#finish(session, 'failed', `Training could not resume on ${backend} from ${from}: ${errorMessage(error)}`);
        continue;
      }
      // Stopped while the job was being rebuilt.
      if ((session.status as TrainingStatus) !== 'recovering') {
        safeDispose(session.job);
        session.jobLost = true;
        continue;
      }
      this.#setStatus(session, 'running', `The GPU was lost at step ${lostAt}; training resumed on ${backend} from ${from}.`);
      session.loop = this.#run(session);
    }
  }

  async #resume(session: Session): Promise<void> {
    // Paused when the GPU was lost: its job went with it, so the run goes on from its checkpoint.
    if (session.jobLost && !(await this.#rebuildJob(session, session.lastCheckpoint?.sha256 ?? session.origin))) return;
    this.#setStatus(session, 'running');
    session.loop = this.#run(session);
  }

  async #run(session: Session): Promise<void> {
    const epoch = session.epoch;
    while (session.status === 'running' && session.epoch === epoch && session.job.stepsDone < session.job.totalSteps) {
      const live = this.host.instance(session.nodeId);
      if (!live || live.state !== session.state) {
        return this.#finish(session, 'stopped', 'Training stopped: the node was removed or rebuilt (its type or the frame size changed). Start again from its last checkpoint.');
      }
      const started = this.host.clock.now();
      let report: TrainingReport;
      try {
        report = await this.host.exclusive(() => session.job.step());
      } catch (error) {
        // A step that failed because the GPU went away is the loss handler's to recover, on a new backend.
        if (session.epoch !== epoch || this.host.backendLost()) return;
        if (!(await this.#recover(session, errorMessage(error)))) return;
        continue;
      }
      if (session.epoch !== epoch) return;
      session.lastReport = report;
      emitProgress(this.host, session, report, this.host.clock.now() - started);
      if (report.step % session.checkpointEvery === 0) await saveCheckpoint(this.host, session);
      // Let frames, input events and painting in between steps.
      await this.host.clock.yield();
    }
    if (session.status === 'running' && session.epoch === epoch) {
      await saveCheckpoint(this.host, session);
      if (session.epoch !== epoch) return;
      const preferred = preferredCheckpoint(this.host.instance(session.nodeId)?.definition.training, session.checkpoints);
      tagBest(this.host, preferred?.checkpoint ?? session.lastCheckpoint);
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
    safeDispose(session.job);
    try {
      if (!(await this.#rebuildJob(session, checkpoint.sha256))) return false;
    } catch (error) {
      this.#finish(session, 'failed', `Training could not resume from its checkpoint: ${errorMessage(error)}`);
      return false;
    }
    if (session.status === 'recovering') this.#setStatus(session, 'running');
    return session.status === 'running';
  }

  /**
   * A new job on the node's live state, from stored weights `sha256` (none: the node's own
   * weights). Resolves false when the backend was lost meanwhile: that job is dropped, and the
   * interruption owns the session.
   */
  async #rebuildJob(session: Session, sha256: string | undefined): Promise<boolean> {
    const epoch = session.epoch;
    const instance = this.#instance(session.nodeId);
    const job = await this.#startJob(session.nodeId, instance, sha256 === undefined ? undefined : await this.host.checkpoints.loadModel(sha256));
    if (session.epoch !== epoch) {
      safeDispose(job);
      return false;
    }
    session.job = job;
    session.state = instance.state;
    session.jobLost = false;
    // The steps after the checkpoint are done again: a pause now must not save these weights as the last step's.
    session.lastReport = undefined;
    return true;
  }

  /** Where a rebuilt job starts: the last checkpoint, else where the run itself started. */
  #restartPoint(session: Session): string {
    if (session.lastCheckpoint) return `the checkpoint at step ${session.lastCheckpoint.step}`;
    return session.origin === undefined ? 'step 0 (no checkpoint yet)' : 'the checkpoint it started from (none saved since)';
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

  #instance(nodeId: string): TrainedInstance {
    const instance = this.host.instance(nodeId);
    if (!instance) throw new Error('This node is not running (it is blocked, errored or not in the graph). Fix it and run the graph once, then train.');
    return instance;
  }

  #finish(session: Session, status: 'finished' | 'failed' | 'stopped', message?: string, checkpoint?: CheckpointInfo): void {
    if (!session.jobLost) safeDispose(session.job);
    session.jobLost = true;
    this.#setStatus(session, status, message, checkpoint);
  }

  #setStatus(session: Session, status: TrainingStatus, message?: string, checkpoint?: CheckpointInfo): void {
    session.status = status;
    this.host.emit({ type: 'trainingchanged', nodeId: session.nodeId, status, ...(message ? { message } : {}), ...(checkpoint ? { checkpoint } : {}) });
  }
}

/**
 * Tags the checkpoint a finished run settled on (its hook's choice, else its final weights) so
 * the Storage panel's prune keeps it however many runs come after. Best effort: a failure
 * costs the tag, never the run.
 */
function tagBest(host: TrainingHost, checkpoint: CheckpointInfo | undefined): void {
  if (!checkpoint || !host.checkpoints.tagModel) return;
  host.checkpoints.tagModel(checkpoint.sha256, BEST_CHECKPOINT_KEY, true)
    .catch((error: unknown) => console.warn('could not tag the run\'s best checkpoint', error));
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
