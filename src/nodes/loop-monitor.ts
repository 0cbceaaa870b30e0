import type { Tensor1D, Tensor2D, Tensor3D } from '@tensorflow/tfjs';
import { defineNode } from '../core';
import type { NodeHost, Tf } from '../core';
import { describeCollapse, healthProblems, MONITOR_ACTIONS, toReading } from './monitor/health';
import type { HealthThresholds, MonitorAction, MonitorReading } from './monitor/health';
import { finiteOnly, frameMetrics, matchColour, softHistogram, splitFinite } from './monitor/metrics';
import { MONITOR_CHANNEL } from './monitor/monitor-store';
import type { MonitorMessage } from './monitor/monitor-store';

export const LOOP_MONITOR_TYPE = 'loop-monitor';

/** Metric sums of a window whose read-back has not been taken yet. */
interface PendingRead {
  readonly sums: Tensor1D;
  readonly frame: number;
  readonly frames: number;
  readonly motionFrames: number;
}

/**
 * Per-instance state. The tensors here are the monitor's own, kept with `tf.keep` out of
 * the frame's tidy and disposed by the node itself (when replaced, and in `dispose`), so the
 * tensor count stays flat: at most `previous`, `first`, the reference histogram and one
 * window of sums live at once.
 */
export interface MonitorState {
  /** Where readings go (the app's monitor history, through `MONITOR_CHANNEL`); none outside a scheduler. */
  readonly host: NodeHost | undefined;
  /** Tells this instance's messages from those of the one it replaces or is replaced by. */
  readonly instance: number;
  /** The previous input, non-finite values zeroed: what motion is measured against. */
  previous: Tensor3D | undefined;
  /** The first input after a reset: the reference when none is wired. */
  first: Tensor3D | undefined;
  /**
   * The reference's histogram and the tensor it was made from (compared by identity only, never
   * read): a static reference (a seed image, `first`) is the same tensor every frame, so its
   * histogram is computed once rather than per frame.
   */
  reference: { readonly of: Tensor3D; readonly histogram: Tensor2D } | undefined;
  /** Metric sums of the window in progress, indexed by `METRIC`. */
  sums: Tensor1D | undefined;
  frames: number;
  motionFrames: number;
  pending: PendingRead | undefined;
  /** The correction decided by the latest read-back; `reseed` applies to one frame. */
  correction: 'reseed' | 'colour-match' | undefined;
}

/**
 * Watches a loop for the ways it dies (blur into mush, freezing, colour drift, NaN) and acts
 * on it. Every frame it computes its metrics on the GPU (src/nodes/monitor/metrics.ts) and
 * adds them to a window's sums; every `readEvery` frames it reads those four numbers back,
 * asynchronously, in `prepare` of the next frame — when the scheduler has already waited for
 * the GPU, so the read never stalls a frame in flight, and offline renders stay reproducible
 * (the verdict on frames n−k…n always acts on frame n + 1).
 *
 * Readings are published on the host channel `MONITOR_CHANNEL` as plain numbers; the app keeps
 * the history (MonitorStore) and the inspector's monitor panel plots it.
 *
 * Actions on a collapse: `warn` records it; `pause` asks the host to pause the loop after this
 * frame, saying why (`ctx.host.requestPause`: a pause, not a node error); `reseed` outputs the reference
 * instead of the frame once, so a loop through Feedback restarts from a real frame;
 * `colour-match` gives the frame the reference's per-channel mean and standard deviation until
 * a read-back finds the loop healthy again.
 */
export const loopMonitor = defineNode({
  type: LOOP_MONITOR_TYPE,
  version: 1,
  title: 'Loop Monitor',
  category: 'Loop',
  description: 'Plots detail, motion, colour drift and NaNs of the loop; warns, pauses, reseeds or colour-matches on collapse.',
  // Runs every frame even on a static input: a frozen input is exactly what it must see.
  volatile: true,
  inputs: [
    { name: 'frame', type: 'frame', label: 'Frame' },
    { name: 'reference', type: 'frame', label: 'Reference (source or seed)', optional: true },
  ],
  outputs: [{ name: 'frame', type: 'frame', label: 'Frame' }],
  // Defaults measured on the procedural source at 64 px: real frames have detail ≈ 0.006 and
  // motion ≈ 0.02 per frame and stay within ≈ 0.04 of frame 0's colours; six 3×3 box blurs
  // (a loop going soft) bring detail to ≈ 0.0006, so 0.0002 flags mush, not softness.
  params: {
    readEvery: { kind: 'number', label: 'Read back every', default: 10, min: 1, max: 1000, step: 1, integer: true, unit: 'frames' },
    action: { kind: 'enum', label: 'On collapse', default: 'warn', options: MONITOR_ACTIONS },
    minDetail: { kind: 'number', label: 'Min detail', default: 0.0002, min: 0, max: 0.1, step: 0.0001 },
    minMotion: { kind: 'number', label: 'Min motion', default: 0.0005, min: 0, max: 0.5, step: 0.0005 },
    maxHistogram: { kind: 'number', label: 'Max colour distance', default: 0.4, min: 0, max: 1, step: 0.01 },
    nonFinite: { kind: 'boolean', label: 'Act on NaN/Inf', default: true },
  },
  create: ({ host }): MonitorState => {
    const state: MonitorState = {
      host, instance: nextInstance++,
      previous: undefined, first: undefined, reference: undefined, sums: undefined, frames: 0, motionFrames: 0, pending: undefined, correction: undefined,
    };
    publish(state, { kind: 'opened', instance: state.instance });
    return state;
  },
  prepare: async ({ state, params }) => {
    const pending = state.pending;
    if (!pending) return;
    state.pending = undefined;
    let sums: ArrayLike<number>;
    try {
      sums = await pending.sums.data();
    } finally {
      pending.sums.dispose();
    }
    const limits: HealthThresholds = { minDetail: params.minDetail, minMotion: params.minMotion, maxHistogram: params.maxHistogram, nonFinite: params.nonFinite };
    const measured = toReading(sums, pending);
    const problems = healthProblems(measured, limits);
    const action = problems.length > 0 ? (params.action as MonitorAction) : undefined;
    const reading: MonitorReading = { ...measured, problems, action };
    publish(state, { kind: 'reading', instance: state.instance, reading, thresholds: limits });
    state.correction = action === 'reseed' || action === 'colour-match' ? action : undefined;
    if (action === 'pause') {
      state.host?.requestPause(`${describeCollapse(reading)}. The monitor paused the loop: press Run to go on, or change its thresholds or action.`);
    }
  },
  process: ({ tf, inputs, state, params, frame }) => {
    const raw = inputs['frame'];
    const wired = inputs['reference'];
    const split = splitFinite(tf, raw);
    const clean = split.clean;
    if (!wired && !state.first) state.first = tf.keep(tf.clone(clean));
    accumulate(tf, state, frameMetrics(tf, split, state.previous, referenceHistogram(tf, state, wired ?? state.first!)));
    if (state.previous) state.motionFrames++;
    state.frames++;
    if (state.frames >= params.readEvery) closeWindow(state, frame);

    const out = correct(tf, state, raw, clean, wired);
    state.previous?.dispose();
    state.previous = tf.keep(clean);
    return { frame: out };
  },
  dispose: (state) => {
    state.previous?.dispose();
    state.first?.dispose();
    state.reference?.histogram.dispose();
    state.sums?.dispose();
    state.pending?.sums.dispose();
    publish(state, { kind: 'closed', instance: state.instance });
  },
});

/** Counts instances across nodes: an instance's messages name it (see MonitorMessage). */
let nextInstance = 1;

function publish(state: MonitorState, message: MonitorMessage): void {
  state.host?.publish(MONITOR_CHANNEL, message);
}

function accumulate(tf: Tf, state: MonitorState, metrics: Tensor1D): void {
  const previous = state.sums;
  state.sums = tf.keep(previous ? tf.add(previous, metrics) : metrics);
  previous?.dispose();
}

function closeWindow(state: MonitorState, frame: number): void {
  // A read-back nobody took (only if a frame failed between) would leak: keep the newer one.
  state.pending?.sums.dispose();
  state.pending = { sums: state.sums!, frame, frames: state.frames, motionFrames: state.motionFrames };
  state.sums = undefined;
  state.frames = 0;
  state.motionFrames = 0;
}

/** The reference's histogram, computed again only when the reference is another tensor. */
function referenceHistogram(tf: Tf, state: MonitorState, reference: Tensor3D): Tensor2D {
  if (state.reference?.of === reference) return state.reference.histogram;
  state.reference?.histogram.dispose();
  state.reference = { of: reference, histogram: tf.keep(softHistogram(tf, finiteOnly(tf, reference))) };
  return state.reference.histogram;
}

/** The output frame: the input passed through, or the correction the latest read-back decided. */
function correct(tf: Tf, state: MonitorState, raw: Tensor3D, clean: Tensor3D, wired: Tensor3D | undefined): Tensor3D {
  switch (state.correction) {
    case undefined:
      return raw;
    case 'reseed':
      state.correction = undefined;
      // `first` belongs to the state: hand the scheduler a copy it may dispose.
      return wired ?? tf.clone(state.first!);
    case 'colour-match':
      return matchColour(tf, clean, wired ? finiteOnly(tf, wired) : state.first!);
  }
}
