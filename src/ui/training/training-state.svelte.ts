import { CHECKPOINT_OF } from '../../core';
import type { CheckpointInfo, ModelSummary, Scheduler, SchedulerEvent, TrainingSample, TrainingStatus } from '../../core';

/** Loss points kept per node for the plot; older ones are thinned, not dropped, so the whole run stays visible. */
export const MAX_LOSS_POINTS = 2000;

/** What the training panel shows for one node. */
export interface NodeTraining {
  readonly status: TrainingStatus;
  /** The last status message (a recovery, a failure, an unsaved checkpoint), if any. */
  readonly message: string | undefined;
  readonly step: number;
  readonly totalSteps: number;
  readonly stepsPerSecond: number;
  readonly etaSeconds: number;
  /** Loss history: `steps[i]` with `losses[name][i]`. */
  readonly steps: readonly number[];
  readonly losses: Readonly<Record<string, readonly number[]>>;
  readonly samples: readonly TrainingSample[];
  readonly lastCheckpoint: CheckpointInfo | undefined;
}

const EMPTY: NodeTraining = {
  status: 'idle', message: undefined, step: 0, totalSteps: 0, stepsPerSecond: 0, etaSeconds: Number.POSITIVE_INFINITY,
  steps: [], losses: {}, samples: [], lastCheckpoint: undefined,
};

/** Statuses in which a job holds the node: the panel offers Pause/Stop, not Train. */
export function isActive(status: TrainingStatus): boolean {
  return status === 'running' || status === 'pausing' || status === 'stopping' || status === 'recovering';
}

/**
 * Follows the scheduler's training events for every node, as `$state.raw` the panel reads.
 * When a run pauses, stops or ends, `oncheckpoint` hands the node's newest checkpoint to the
 * editor, which points the node's `checkpoint` param at it so a saved graph names the weights;
 * at the end of a run, the one its training hook prefers when it names one (the event's message
 * says why, and stays in the panel).
 */
export class TrainingState {
  byNode: ReadonlyMap<string, NodeTraining> = $state.raw(new Map());
  /** Checkpoints saved in this session, any node: pickers re-list when it changes. */
  checkpointsSaved: number = $state.raw(0);
  readonly #off: () => void;

  constructor(scheduler: Scheduler, private readonly oncheckpoint: (checkpoint: CheckpointInfo) => void) {
    this.#off = scheduler.on((event) => this.#handle(event));
  }

  of(nodeId: string): NodeTraining {
    return this.byNode.get(nodeId) ?? EMPTY;
  }

  dispose(): void {
    this.#off();
  }

  #handle(event: SchedulerEvent): void {
    switch (event.type) {
      case 'trainingchanged': {
        const previous = this.of(event.nodeId);
        // A fresh run starts a fresh plot; resuming a paused one continues it.
        const fresh = event.status === 'running' && !isActive(previous.status) && previous.status !== 'paused';
        const base = fresh ? { ...EMPTY, lastCheckpoint: previous.lastCheckpoint } : previous;
        this.#set(event.nodeId, { ...base, status: event.status, message: event.message ?? (event.status === 'running' ? undefined : base.message) });
        const handOver = event.checkpoint ?? previous.lastCheckpoint;
        if ((event.status === 'paused' || event.status === 'stopped' || event.status === 'finished' || event.status === 'failed') && handOver) {
          this.oncheckpoint(handOver);
        }
        return;
      }
      case 'trainingprogress': {
        const previous = this.of(event.nodeId);
        const { steps, losses } = appendLosses(previous, event.report.step, event.report.losses);
        this.#set(event.nodeId, {
          ...previous, step: event.report.step, totalSteps: event.totalSteps, stepsPerSecond: event.stepsPerSecond,
          etaSeconds: event.etaSeconds, steps, losses, samples: event.report.samples ?? previous.samples,
        });
        return;
      }
      case 'checkpointsaved':
        this.checkpointsSaved++;
        this.#set(event.checkpoint.nodeId, { ...this.of(event.checkpoint.nodeId), lastCheckpoint: event.checkpoint });
        return;
      default:
    }
  }

  #set(nodeId: string, training: NodeTraining): void {
    this.byNode = new Map(this.byNode).set(nodeId, training);
  }
}

/**
 * Appends one step's losses. A resumed run can repeat steps after a crash recovery: the
 * history is cut back to before the repeated step, so the plot shows what the weights went through.
 */
export function appendLosses(previous: Pick<NodeTraining, 'steps' | 'losses'>, step: number, values: Readonly<Record<string, number>>) {
  let keep = previous.steps.length;
  while (keep > 0 && previous.steps[keep - 1]! >= step) keep--;
  let steps = [...previous.steps.slice(0, keep), step];
  const losses: Record<string, number[]> = {};
  for (const name of new Set([...Object.keys(previous.losses), ...Object.keys(values)])) {
    // A loss first reported now (a held-out loss at the first checkpoint) had no value at the earlier steps.
    const earlier = previous.losses[name] ?? previous.steps.map(() => Number.NaN);
    losses[name] = [...earlier.slice(0, keep), values[name] ?? Number.NaN];
  }
  if (steps.length > MAX_LOSS_POINTS) {
    // Keep every other point of the older half: resolution falls with age, the recent half stays exact.
    const half = Math.floor(steps.length / 2);
    const thin = <T>(list: readonly T[]) => [...list.slice(0, half).filter((_, i) => i % 2 === 0), ...list.slice(half)];
    steps = thin(steps);
    for (const name of Object.keys(losses)) losses[name] = thin(losses[name]!);
  }
  return { steps, losses };
}

/** Stored checkpoints of `nodeType` (for the picker), newest first; `nodeId` first when given. */
export function checkpointsOf(models: readonly ModelSummary[], nodeType: string, nodeId?: string): ModelSummary[] {
  const fits = models.filter((m) => m.metadata?.[CHECKPOINT_OF] === nodeType);
  if (nodeId === undefined) return fits;
  const own = fits.filter((m) => m.metadata?.['nodeId'] === nodeId);
  return [...own, ...fits.filter((m) => m.metadata?.['nodeId'] !== nodeId)];
}

/** "3 min 20 s", "45 s", "—" for unknown. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
