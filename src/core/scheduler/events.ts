/** What the scheduler tells the outside world. Notifications are past tense. */
import type { TrainingReport } from '../graph/training';

export type RunState = 'stopped' | 'running' | 'paused';

/**
 * - `realtime`: frames start no faster than `fpsCap`; a frame that takes longer than its
 *   budget is never skipped (a feedback loop cannot skip a frame without changing the
 *   result): the loop slows down, and each such frame is reported with `late: true`.
 * - `offline`: every frame runs back to back with the same logical clock, as fast as the
 *   backend allows; for rendering.
 */
export type RunMode = 'realtime' | 'offline';

export type NodeStatus = 'idle' | 'ok' | 'cached' | 'blocked' | 'error';

export interface NodeStats {
  readonly status: NodeStatus;
  /** Time spent in this node's last run, ms (0 when served from cache). */
  readonly ms: number;
  /** Exponential moving average of ms per processed frame. */
  readonly avgMs: number;
  readonly message?: string;
}

/** What a wired number param received on the last frame its node ran, and what `process` got. */
export interface LiveParam {
  /** The value `ctx.params[name]` held: the wire's, rounded (integer params) and clamped to the range. */
  readonly value: number;
  /** What the wire carried, before rounding and clamping; NaN when it carried no number. */
  readonly received: number;
  /** The bound of the param's range the wired value was clamped to, if it was out of range. */
  readonly clamped?: 'min' | 'max';
  /** The wire carried no finite number (NaN, ±Infinity, nothing): the hand-set value stood in. */
  readonly fallback?: true;
}

/** A node's wired params by name. */
export type LiveParams = Readonly<Record<string, LiveParam>>;

/**
 * Note on `statechanged` to `paused`: it is sent when the pause is requested; the frame in
 * flight still completes (and reports `framecompleted`). `Scheduler.pause()` resolves once
 * the loop is idle.
 */
export type SchedulerEvent =
  /**
   * `reason`: why a node asked for the pause (`NodeHost.requestPause`); absent for the user's and
   * the scheduler's own. A step or render that a node stops is already paused: it is told again, with the reason.
   */
  | { readonly type: 'statechanged'; readonly state: RunState; readonly reason?: string }
  | { readonly type: 'modechanged'; readonly mode: RunMode; readonly fpsCap: number }
  | { readonly type: 'planned'; readonly order: readonly string[] }
  | { readonly type: 'planfailed'; readonly message: string; readonly nodeIds: readonly string[] }
  | {
      readonly type: 'framecompleted';
      /** Index of the frame just computed (0 after a reset). */
      readonly frame: number;
      readonly ms: number;
      /** Realtime only: the frame took longer than 1/fpsCap. */
      readonly late: boolean;
      /** Late frames since the last reset. */
      readonly lateFrames: number;
      /** Measured frames per second over the last second. */
      readonly fps: number;
    }
  | { readonly type: 'nodeprocessed'; readonly nodeId: string; readonly stats: NodeStats }
  /**
   * The values a node's wired params (edges into `param:<name>`) took this frame, sent when one
   * changed since the node last ran; `Scheduler.liveParams(nodeId)` reads the latest at any time.
   */
  | { readonly type: 'paramsresolved'; readonly nodeId: string; readonly params: LiveParams }
  | { readonly type: 'nodeerrored'; readonly nodeId: string; readonly message: string }
  | { readonly type: 'reset' }
  | {
      readonly type: 'trainingchanged';
      readonly nodeId: string;
      readonly status: TrainingStatus;
      readonly message?: string;
      /**
       * On `finished`, when the node's training hook prefers one (`TrainingHook.preferCheckpoint`):
       * the run's checkpoint the node should use instead of the newest; `message` says why.
       */
      readonly checkpoint?: CheckpointInfo;
    }
  | {
      readonly type: 'trainingprogress';
      readonly nodeId: string;
      readonly report: TrainingReport;
      readonly totalSteps: number;
      /** Mean over the last 20 steps, including the frames run in between. */
      readonly stepsPerSecond: number;
      readonly etaSeconds: number;
    }
  | { readonly type: 'checkpointsaved'; readonly checkpoint: CheckpointInfo }
  /** The backend's GPU went away (a lost WebGPU device or WebGL context): the loop and training stopped. */
  | { readonly type: 'backendlost'; readonly backend: string; readonly reason: string }
  /** A backend runs again (`backend`: the lost one on a new device, or the next one) and the nodes were re-created on it. */
  | { readonly type: 'backendrestored'; readonly backend: string; readonly lost: string }
  /** No backend could start after a loss: nothing runs until the page is reloaded. */
  | { readonly type: 'backendfailed'; readonly message: string };

/**
 * A node's training: `running` → (`pausing` → `paused` → `running`)* → `finished` | `stopped`
 * | `failed`; `recovering` while a crashed job is rebuilt from its last checkpoint.
 */
export type TrainingStatus = 'idle' | 'running' | 'pausing' | 'paused' | 'stopping' | 'recovering' | 'finished' | 'stopped' | 'failed';

/** A saved checkpoint: weights and everything needed to resume, stored under `sha256`. */
export interface CheckpointInfo {
  readonly nodeId: string;
  readonly sha256: string;
  readonly step: number;
  readonly losses: Readonly<Record<string, number>>;
  readonly savedAt: number;
}

export type SchedulerListener = (event: SchedulerEvent) => void;

/** An RGBA8 image read back from a frame tensor, for previews outside the loop. */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray<ArrayBuffer>;
}
