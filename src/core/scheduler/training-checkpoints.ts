import { CHECKPOINT_OF } from '../graph/training';
import type { CheckpointMetadata, TrainingReport } from '../graph/training';
import { errorMessage } from './outputs';
import type { Session, TrainingHost } from './training-session';

const STEPS_PER_SECOND_WINDOW = 20;

/**
 * Saves `session`'s weights at its last step (content-addressed in storage) and tells the node
 * and the panel. Weights read from a backend that was lost meanwhile are garbage, so they are
 * dropped: the last good checkpoint stays the one a recovery resumes from.
 */
export async function saveCheckpoint(host: TrainingHost, session: Session): Promise<void> {
  const report = session.lastReport;
  if (!report || session.jobLost || session.lastCheckpoint?.step === report.step) return;
  const epoch = session.epoch;
  const losses = { ...report.losses, ...(await heldOutLosses(host, session, report)) };
  try {
    const artifacts = await host.exclusive(() => session.job.save());
    if (session.epoch !== epoch || host.backendLost()) return;
    const instance = host.instance(session.nodeId);
    const metadata: CheckpointMetadata = { [CHECKPOINT_OF]: instance?.definition.type ?? '', nodeId: session.nodeId, step: report.step, losses };
    const name = `${instance?.definition.title ?? 'Model'} · step ${report.step}`;
    const saved = await host.checkpoints.saveModel({ ...artifacts, userDefinedMetadata: { ...artifacts.userDefinedMetadata, ...metadata } }, name);
    if (instance && instance.state === session.state) instance.definition.training?.checkpointSaved?.(instance.state, saved.sha256);
    session.lastCheckpoint = { nodeId: session.nodeId, sha256: saved.sha256, step: report.step, losses, savedAt: Date.now() };
    session.checkpoints.push(session.lastCheckpoint);
    host.emit({ type: 'checkpointsaved', checkpoint: session.lastCheckpoint });
  } catch (error) {
    if (session.epoch !== epoch) return;
    // Training goes on; the next interval tries again. Say so, since a crash now loses more.
    host.emit({ type: 'trainingchanged', nodeId: session.nodeId, status: session.status, message: `The checkpoint at step ${report.step} was not saved: ${errorMessage(error)}` });
  }
}

/**
 * The job's held-out losses for the checkpoint at `report`'s step, also shown with that
 * step's losses in the panel. A failure to measure them costs the figure, not the checkpoint.
 */
async function heldOutLosses(host: TrainingHost, session: Session, report: TrainingReport): Promise<Readonly<Record<string, number>>> {
  const { job } = session;
  if (!job.validate) return {};
  try {
    const heldOut = await host.exclusive(() => job.validate!());
    if (Object.keys(heldOut).length > 0) {
      session.lastReport = { ...report, losses: { ...report.losses, ...heldOut } };
      emitProgress(host, session, session.lastReport);
    }
    return heldOut;
  } catch (error) {
    host.emit({ type: 'trainingchanged', nodeId: session.nodeId, status: session.status, message: `The held-out loss at step ${report.step} could not be measured: ${errorMessage(error)}` });
    return {};
  }
}

/** Tells the panel about `report`; `ms`, the step's time, feeds steps/s (absent when re-telling a step with more losses). */
export function emitProgress(host: TrainingHost, session: Session, report: TrainingReport, ms?: number): void {
  if (ms !== undefined) session.stepTimes.push(ms);
  if (session.stepTimes.length > STEPS_PER_SECOND_WINDOW) session.stepTimes.shift();
  const meanMs = session.stepTimes.reduce((a, b) => a + b, 0) / session.stepTimes.length;
  const stepsPerSecond = meanMs > 0 ? 1000 / meanMs : 0;
  const left = Math.max(0, session.job.totalSteps - report.step);
  host.emit({
    type: 'trainingprogress', nodeId: session.nodeId, report, totalSteps: session.job.totalSteps,
    stepsPerSecond, etaSeconds: stepsPerSecond > 0 ? left / stepsPerSecond : Number.POSITIVE_INFINITY,
  });
}
