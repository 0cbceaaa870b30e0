/**
 * What the evaluation page (eval.html, tools/eval/main.ts) takes and returns. Shared with the
 * node side (scripts/eval.ts, bench/generator-speed.ts), which drives the page through
 * `window.__eval` in headless Chromium.
 */
import type { BackendName } from '../../src/core';
import type { FrameDistance } from '../../src/core/training-kit/losses';
import type { GeneratorOutput, GeneratorPreset, GeneratorUpsampling } from '../../src/nodes/unet/unet';
import type { GeneratorBenchCase, GeneratorBenchResult } from './generator-bench';

/** Progress lines for the user (stderr on the node side). */
export type Log = (line: string) => Promise<void>;

export interface EvalRequest {
  /** Where the page fetches the clip (the node side routes it to the file). */
  readonly clipUrl: string;
  /** The file name the user knows the clip by, for messages. */
  readonly clipName: string;
  /** Model frames are size × size (a centre-square crop of the clip, resized). */
  readonly size: number;
  /** Train steps for each of the two models. */
  readonly steps: number;
  /** Length of the feedback rollout. */
  readonly frames: number;
  readonly seed: number;
  readonly preset: GeneratorPreset;
  readonly batch: number;
  /** Feedback cycles of the feedback-pair model (drifted pairs are rebuilt at each cycle after the first). */
  readonly cycles: number;
  /** Henry's drifted pairs, as the node's params of the same names: depth R, drifts per cycle, long drifts and their depth. */
  readonly driftDepth: number;
  readonly driftStarts: number;
  readonly longDrifts: number;
  readonly longDriftDepth: number;
  /** What the generators output: the next frame (pix2pix) or the change from their input. */
  readonly predicts: GeneratorOutput;
  /** How the generators' decoders upsample: pix2pix's transposed convolutions, or resize then convolve. */
  readonly upsample: GeneratorUpsampling;
  /** Whether the generators' input also reaches their output layer at full resolution. */
  readonly fullResSkip: boolean;
  /** pix2pix's zoom jitter while training (off: `--no-jitter`). */
  readonly jitter: boolean;
  /** The generators' frame loss: L1 (pix2pix) or L2. */
  readonly frameLoss: FrameDistance;
  /** λ on the frame loss (pix2pix: 100). */
  readonly frameWeight: number;
  /** Weight on the generators' adversarial loss (pix2pix: 1). */
  readonly adversarialWeight: number;
  /** Weight on the generators' loop-statistics term (the node's "Loop statistics weight"; pix2pix: 0). */
  readonly statisticsWeight: number;
  /** What the restorers output: a correction to their input (the node's default) or the frame. */
  readonly restorerPredicts: GeneratorOutput;
  /** Also train a Restoration node against each generator and report G + R next to G alone. */
  readonly restoration: boolean;
  /** Also roll each generator out while its training goes on, swapping in new weights every `swapEvery` frames. */
  readonly online: boolean;
  /** Online rollout: frames between weight swaps. */
  readonly swapEvery: number;
  /** Online rollout: train steps between weight swaps. */
  readonly onlineSteps: number;
  /** Percent of each model's training frames (the last ones) held out and scored during training; 0 for none. */
  readonly heldOut: number;
  /** Steps between those held-out scorings. */
  readonly heldOutEvery: number;
  /** Score the weights where the `bestBy` figure was lowest instead of the last ones (early stopping). */
  readonly keepBest: boolean;
  /** What `keepBest` keeps by: the held-out loss (one-step prediction) or the held-out loop check. */
  readonly bestBy: BestBy;
  /**
   * The node's *Dropout in the loop* (pix2pix and Henry's loop keep dropout on at inference):
   * drifted pairs, the loop check and every rollout run with seeded dropout masks, new each
   * frame. One-step scores keep dropout off: they score the network's best guess.
   */
  readonly dropoutInLoop: boolean;
  /**
   * Loop features the rollouts run after the network, each frame (one-step scores leave them
   * out: they score the network): colour coherence pulls the frame's colours towards the
   * training frames' with this strength (0: off), by `colourMatch`; loop noise adds seeded
   * Gaussian noise of this standard deviation to the network's input (0: off).
   */
  readonly colourCoherence: number;
  readonly colourMatch: ColourMatchChoice;
  readonly loopNoise: number;
  /** Other loop features to roll the trained generators out with too, each as a rollout of its own. */
  readonly loopVariants: readonly LoopFeatures[];
  /** Hand every rollout frame to the node side as it is made (`window.__evalVideoFrames`), to be written as a video. */
  readonly video: boolean;
}

/** The loop features a rollout runs with (see EvalRequest). */
export interface LoopFeatures {
  readonly colourCoherence: number;
  /** How colour coherence matches; absent in results written before it existed, which matched Lab. */
  readonly colourMatch?: ColourMatchChoice;
  readonly loopNoise: number;
}

/**
 * The Colour Coherence node's two ways to match, as the eval names them: `lab`, the Lab mean and
 * spread (colour/colour-match.ts); `histogram`, the colour histogram (colour/histogram-match.ts).
 */
export const COLOUR_MATCH_CHOICES = ['lab', 'histogram'] as const;
export type ColourMatchChoice = (typeof COLOUR_MATCH_CHOICES)[number];

/** The trained generator rolled out with other loop features (its one-step scores are the model's). */
export interface LoopVariantReport extends LoopFeatures {
  readonly rollout: RolloutReport;
}

/** `loss`: the lowest held-out loss; `loop`: the lowest held-out loop distance (see the generator's loop check). */
export type BestBy = 'loss' | 'loop';

/** With `heldOut` > 0: the held-out loss through training, and which step's weights were scored. */
export interface HeldOutTrainingReport {
  readonly percent: number;
  readonly every: number;
  /** `loss`: the held-out loss; `loop`: the loop check's distance (0 = the clip's detail and motion). */
  readonly points: ReadonlyArray<{ readonly step: number; readonly loss: number; readonly loop?: number }>;
  /** Copying the last frame on the same held-out pairs and scale as `loss`: a point under it predicts something. Null when not measured. */
  readonly copyLastLoss: number | null;
  /** The step where the held-out loss was lowest; null when none was measured. */
  readonly lowestAt: number | null;
  /** The step where the loop check's distance was lowest; null when none was measured. */
  readonly healthiestLoopAt: number | null;
  readonly bestBy: BestBy;
  /** The step whose weights were scored and rolled out: the `bestBy` step with keepBest, else the last. */
  readonly scoredStep: number;
}

/** PSNR (dB, capped) and SSIM, each the mean over the held-out pairs. */
export interface OneStepScores {
  readonly psnr: number;
  readonly ssim: number;
}

/** The rollout at one frame; ratios compare it with the whole source clip at the model size. */
export interface RolloutPoint {
  readonly frame: number;
  /** Gradient energy of this frame / the clip's mean gradient energy; null for a flat clip. */
  readonly gradientEnergyRatio: number | null;
  /** Mean absolute change per frame over the frames since the previous point / the clip's mean between consecutive frames; null for a still clip. */
  readonly meanAbsChangeRatio: number | null;
  /** The two ratios above on frames average-pooled 4×4, this frame's and the clip's (pixel noise and flicker average out there; real motion does not). */
  readonly coarseGradientEnergyRatio: number | null;
  readonly coarseMeanAbsChangeRatio: number | null;
  /** Total-variation distance of this frame's colour histogram to the whole clip's. */
  readonly histogramDistance: number;
  /** NaN values in this frame's network output. */
  readonly nanCount: number;
}

export interface TrainingFigures {
  readonly seconds: number;
  readonly stepsPerSecond: number;
  /** Mean losses over the last (up to) 20 steps. */
  readonly finalLosses: Readonly<Record<string, number>>;
  readonly heldOut?: HeldOutTrainingReport;
}

export type OneStepReport = OneStepScores & { readonly psnrGainOverCopyLast: number; readonly ssimGainOverCopyLast: number };

export interface RolloutReport {
  /** Index in the clip of the held-out real frame the rollout starts from. */
  readonly startFrame: number;
  readonly points: readonly RolloutPoint[];
  readonly framesWithNaN: number;
  readonly seconds: number;
}

/** A trained network scored as the loop runs it: one step on held-out pairs, and a feedback rollout. */
export interface ScoredLoop {
  readonly oneStep: OneStepReport;
  readonly rollout: RolloutReport;
}

export interface ModelReport extends ScoredLoop {
  readonly feedbackPairs: boolean;
  readonly training: TrainingFigures;
  /** With --restoration: a Restoration node trained against this generator, and the loop G → R scored. */
  readonly restored?: ScoredLoop & { readonly training: TrainingFigures };
  /** With --loop-variants: the same G rolled out with each variant's loop features. */
  readonly variants?: readonly LoopVariantReport[];
  /** With --online: the rollout again from the same frame while training goes on, weights swapped in every `swapEvery` frames. */
  readonly online?: OnlineRollout;
}

export interface OnlineRollout {
  readonly rollout: RolloutReport;
  readonly swaps: number;
  readonly trainStepsDuringRollout: number;
  /** tf.memory().numTensors right after each swap: flat when no swap leaks. */
  readonly tensorsAfterSwaps: readonly number[];
}

/** The clip decoded and split, and what needs no model: the source's own statistics and the copy-last baseline. */
export interface PreparedClip {
  readonly clip: {
    readonly name: string;
    readonly frames: number;
    readonly width: number;
    readonly height: number;
    readonly codec: string;
    readonly fps: number;
  };
  /** Frame index ranges, inclusive. */
  readonly split: { readonly train: readonly [number, number]; readonly heldOut: readonly [number, number]; readonly heldOutPairs: number };
  /** The source clip at the model size: what the rollout ratios divide by, and real frames' own histogram distance (a floor for the rollout's). */
  readonly source: {
    readonly gradientEnergy: number;
    readonly meanAbsChange: number;
    readonly coarseGradientEnergy: number;
    readonly coarseMeanAbsChange: number;
    readonly frameHistogramDistance: number;
  };
  readonly copyLastFrame: OneStepScores;
  readonly decodeSeconds: number;
}

export interface EvalSettings extends Omit<EvalRequest, 'clipUrl' | 'clipName'> {
  readonly backend: BackendName;
  /** Pairs are frame n → n + 1. */
  readonly gap: 1;
  /** Pages the two models trained in side by side (1: one after the other). Results do not depend on it. */
  readonly jobs: number;
}

export interface EvalReport extends Omit<PreparedClip, 'decodeSeconds'> {
  readonly settings: EvalSettings;
  /** `plain` is absent when only the feedback-pair model was asked for (`--models feedback`). */
  readonly models: { readonly plain?: ModelReport; readonly feedback: ModelReport };
  readonly summary: EvalSummary;
  readonly seconds: { readonly decode: number; readonly total: number };
}

/**
 * The "done when", answered from the numbers. "Keeps more detail/motion" compares the
 * two models at the last rollout point by |ln ratio|: a loop that keeps the clip's detail and
 * motion has ratios near 1; one that blurs or freezes falls towards 0, one that blows up into
 * noise rises far above 1, and both count as losing it.
 */
export interface EvalSummary {
  /** Absent, as the two comparisons below, without a plain model. */
  readonly plainBeatsCopyLastOnPsnr?: boolean;
  readonly feedbackBeatsCopyLastOnPsnr: boolean;
  readonly atFrame: number;
  readonly feedbackKeepsMoreDetail?: boolean;
  readonly feedbackKeepsMoreMotion?: boolean;
  /** Whether the feedback-pair model's loop lives at its last rollout point (see `LivingBar`). */
  readonly feedbackLoop: LivingVerdict;
  /** With --loop-variants: the same bar for the feedback-pair model's loop with each variant's loop features. */
  readonly feedbackLoopVariants?: ReadonlyArray<LivingVerdict & { readonly loopFeatures: string }>;
  /** With --restoration: does G → R keep detail/motion better than G alone at the last rollout point, per generator. */
  readonly restoration?: {
    readonly plain: LoopComparison;
    readonly feedback: LoopComparison;
  };
  /** With --online: whether every online rollout ran without NaN and with the same tensor count after every swap. */
  readonly online?: { readonly swaps: number; readonly tensorCountFlat: boolean; readonly framesWithNaN: number };
}

/** A loop measured against the living-loop bar: `failures` says which part it missed, in words. */
export interface LivingVerdict {
  readonly lives: boolean;
  readonly failures: readonly string[];
}

export interface LoopComparison {
  readonly keepsMoreDetail: boolean;
  readonly keepsMoreMotion: boolean;
}

/** The page's handle, set once its tfjs backend is ready. */
export interface EvalPageHandle {
  readonly backend: BackendName;
  /** Why better backends were passed over. */
  readonly skipped: ReadonlyArray<{ readonly backend: BackendName; readonly reason: string }>;
  /** Decodes and splits the clip and scores the baseline; the page keeps the frames for `evaluateModel`. */
  prepare(request: EvalRequest): Promise<PreparedClip>;
  /** Trains, scores and rolls out one model on the prepared clip. */
  evaluateModel(feedbackPairs: boolean): Promise<ModelReport>;
  benchmark(benchCase: GeneratorBenchCase): Promise<GeneratorBenchResult>;
}

declare global {
  interface Window {
    __eval?: EvalPageHandle;
    /** Set by the node side (page.exposeFunction) to receive progress lines. */
    __evalProgress?: (line: string) => Promise<void>;
    /** Set by the node side with --video: a rollout's frames, base64 RGB bytes, `count` frames of size × size, in order; `done` closes that rollout. */
    __evalVideoFrames?: (rollout: string, size: number, base64: string, count: number, done: boolean) => Promise<void>;
  }
}
