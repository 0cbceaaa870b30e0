import type { Tensor3D, Tensor4D } from '@tensorflow/tfjs';
import { defineNode } from '../core';
import type { DatasetRef, DatasetSource, Tf } from '../core';
import { colourStatisticsOfBytes, labStatisticTensors, matchColours, matchColourStatistics } from './colour/colour-match';
import type { ColourStatistics, ColourStatisticTensors } from './colour/colour-match';
import { matchHistograms, quantilesOfBytes, quantileTensor } from './colour/histogram-match';
import type { ColourQuantiles } from './colour/histogram-match';

export const COLOUR_COHERENCE_TYPE = 'colour-coherence';

/** Where the colours to hold on to come from. */
export const COLOUR_REFERENCES = ['first frame', 'reference input', 'dataset'] as const;
export type ColourReference = (typeof COLOUR_REFERENCES)[number];

/**
 * What is matched: the Lab mean and spread (colour/colour-match.ts), or the whole colour
 * distribution, histogram matched along several colour axes (colour/histogram-match.ts).
 */
export const COLOUR_MATCHES = ['Lab mean and spread', 'colour histogram'] as const;
export type ColourMatch = (typeof COLOUR_MATCHES)[number];

/**
 * How many of a dataset's frames its statistics are measured on, spread evenly over it: a
 * mean and a std settle long before that, and reading every frame of a long clip from
 * IndexedDB would hold up the frame that asked for them.
 */
export const DATASET_SAMPLE_FRAMES = 32;

/**
 * Per-run state. It is rebuilt on reset (the node does not set `keepsStateOnReset`): the
 * first-frame reference must be the seed of the new run, and a dataset's statistics are
 * cheap to measure again.
 */
export interface ColourCoherenceState {
  /**
   * The first frame this run and what each match has measured of it, as tensors kept out of
   * the frame's tidy (each measured when first asked for: the match may change mid-run);
   * disposed in `dispose`.
   */
  first: { readonly frame: Tensor3D; lab?: ColourStatisticTensors; quantiles?: Tensor3D } | undefined;
  /** The dataset the latest frame had wired (`prepare` has no inputs, so `process` notes it). */
  wiredDataset: string | undefined;
  /** A dataset's colours, measured once per id; `colours` is undefined when it is missing or empty. */
  dataset: { readonly id: string; readonly colours: DatasetColours | undefined } | undefined;
}

/** A dataset's colours as both matches need them. */
export interface DatasetColours {
  readonly statistics: ColourStatistics;
  readonly quantiles: ColourQuantiles;
}

/**
 * Colour coherence, as in Deforum: a feedback loop's colours drift (a cast creeps in, contrast
 * fades), so every frame's colours are pulled towards a reference's by `strength`: its CIE Lab
 * mean and std (src/nodes/colour/colour-match.ts), or its whole colour distribution
 * (src/nodes/colour/histogram-match.ts). The histogram match at full strength is the default:
 * on the development set it held every loop's colours (distance 0.05–0.14 to the clip's
 * histogram) where the Lab match left 0.18–0.82
 * (docs/research/2026-12-07-histogram-colour-coherence.md). Files from version 1 keep the Lab
 * match they were made with; their strength was always written out, so it is kept too.
 *
 * References:
 * - `first frame`: the first frame the node sees after a start or reset, i.e. the seed.
 * - `reference input`: whatever is wired to `reference` (e.g. the video source), every frame.
 * - `dataset`: the wired dataset's colours, measured on up to `DATASET_SAMPLE_FRAMES` of its
 *   frames once per dataset id. They are read in `prepare`, which sees no inputs, so the
 *   dataset is noted by `process` and its statistics apply from the next frame on; the frame
 *   before that uses the first frame, which is the frame itself (matching it changes nothing).
 *
 * When the chosen reference is missing (nothing wired, no dataset picked, a dataset not found
 * or empty) the node falls back to the first frame and keeps the loop running. The node
 * context has no channel for non-fatal warnings yet, so the fallback is silent; a dataset
 * that is there but cannot be read (no storage) fails the frame with the storage's message.
 */
export const colourCoherence = defineNode({
  type: COLOUR_COHERENCE_TYPE,
  version: 2,
  title: 'Colour Coherence',
  category: 'Transform',
  description: 'Holds a loop’s colours: pulls each frame’s colour histogram (or Lab mean and contrast) towards the first frame, a reference frame or a dataset.',
  inputs: [
    { name: 'frame', type: 'frame', label: 'Frame' },
    { name: 'reference', type: 'frame', label: 'Reference', optional: true },
    { name: 'dataset', type: 'dataset', label: 'Dataset', optional: true },
  ],
  outputs: [{ name: 'frame', type: 'frame', label: 'Frame' }],
  params: {
    strength: { kind: 'number', label: 'Strength', default: 1, min: 0, max: 1, step: 0.01 },
    reference: { kind: 'enum', label: 'Reference', default: 'first frame', options: COLOUR_REFERENCES },
    match: { kind: 'enum', label: 'Match', default: 'colour histogram', options: COLOUR_MATCHES },
  },
  migrations: {
    // Version 1 matched the Lab mean and spread only.
    2: (params) => ({ ...params, match: 'Lab mean and spread' }),
  },
  create: (): ColourCoherenceState => ({ first: undefined, wiredDataset: undefined, dataset: undefined }),
  prepare: async ({ state, params, datasets }) => {
    const id = state.wiredDataset;
    if (params.reference !== 'dataset' || !id || state.dataset?.id === id) return;
    state.dataset = { id, colours: await datasetColours(datasets, id) };
  },
  process: ({ tf, inputs, state, params }) => {
    const frame = inputs['frame'];
    state.wiredDataset = datasetId(inputs['dataset']);
    state.first ??= { frame: tf.keep(tf.clone(frame)) };
    const batch = tf.expandDims(frame, 0) as Tensor4D;
    const match = params.match === 'colour histogram' ? histogramMatch : labMatch;
    const matched = matchTo(tf, batch, match, params.reference as ColourReference, inputs['reference'], state, params.strength);
    return { frame: tf.squeeze(matched, [0]) as Tensor3D };
  },
  dispose: (state) => {
    const first = state.first;
    if (!first) return;
    first.frame.dispose();
    first.lab?.mean.dispose();
    first.lab?.std.dispose();
    first.quantiles?.dispose();
  },
});

/** One way to match: against a frame (the reference input), the dataset's colours, or the first frame's. */
interface Match {
  toFrame(tf: Tf, batch: Tensor4D, reference: Tensor3D, strength: number): Tensor4D;
  toDataset(tf: Tf, batch: Tensor4D, colours: DatasetColours, strength: number): Tensor4D;
  toFirst(tf: Tf, batch: Tensor4D, first: NonNullable<ColourCoherenceState['first']>, strength: number): Tensor4D;
}

const labMatch: Match = {
  toFrame: (tf, batch, reference, strength) => matchColourStatistics(tf, batch, labStatisticTensors(tf, reference), strength),
  toDataset: (tf, batch, colours, strength) => matchColours(tf, batch, colours.statistics, strength),
  toFirst: (tf, batch, first, strength) => {
    if (!first.lab) {
      const lab = labStatisticTensors(tf, first.frame);
      first.lab = { mean: tf.keep(lab.mean), std: tf.keep(lab.std) };
    }
    return matchColourStatistics(tf, batch, first.lab, strength);
  },
};

const histogramMatch: Match = {
  toFrame: (tf, batch, reference, strength) => matchHistograms(tf, batch, quantileTensor(tf, reference), strength),
  toDataset: (tf, batch, colours, strength) => matchHistograms(tf, batch, tf.tensor3d(colours.quantiles as number[][][]), strength),
  toFirst: (tf, batch, first, strength) => {
    first.quantiles ??= tf.keep(quantileTensor(tf, first.frame));
    return matchHistograms(tf, batch, first.quantiles, strength);
  },
};

/** The frame matched to the chosen reference, or to the first frame when that one is missing. */
function matchTo(
  tf: Tf, batch: Tensor4D, match: Match, reference: ColourReference, wired: Tensor3D | undefined,
  state: ColourCoherenceState, strength: number,
): Tensor4D {
  switch (reference) {
    case 'reference input': {
      if (wired) return match.toFrame(tf, batch, wired, strength);
      break;
    }
    case 'dataset': {
      const colours = state.dataset?.id === state.wiredDataset ? state.dataset?.colours : undefined;
      if (colours) return match.toDataset(tf, batch, colours, strength);
      break;
    }
    case 'first frame':
      break;
  }
  return match.toFirst(tf, batch, state.first!, strength);
}

function datasetId(ref: DatasetRef | undefined): string | undefined {
  return ref?.kind === 'dataset' && ref.id !== '' ? ref.id : undefined;
}

/** The colours of up to `DATASET_SAMPLE_FRAMES` frames spread over the dataset; undefined when it is missing or empty. */
export async function datasetColours(datasets: DatasetSource, id: string): Promise<DatasetColours | undefined> {
  const info = await datasets.getDataset(id);
  if (!info || info.frameCount === 0) return undefined;
  const count = Math.min(info.frameCount, DATASET_SAMPLE_FRAMES);
  const picks = Array.from({ length: count }, (_, i) => Math.floor((i * info.frameCount) / count));
  const frames = (await Promise.all(picks.map((start) => datasets.readFrames(id, start, 1)))).flat();
  if (frames.length === 0) return undefined;
  return { statistics: colourStatisticsOfBytes(frames, info.channels), quantiles: quantilesOfBytes(frames, info.channels) };
}
