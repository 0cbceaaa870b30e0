import type { Tensor3D, Tensor4D } from '@tensorflow/tfjs';
import { defineNode } from '../core';
import type { DatasetRef, DatasetSource, Tf } from '../core';
import { colourStatisticsOfBytes, labStatisticTensors, matchColours, matchColourStatistics } from './colour/colour-match';
import type { ColourStatistics, ColourStatisticTensors } from './colour/colour-match';

export const COLOUR_COHERENCE_TYPE = 'colour-coherence';

/** Where the colours to hold on to come from. */
export const COLOUR_REFERENCES = ['first frame', 'reference input', 'dataset'] as const;
export type ColourReference = (typeof COLOUR_REFERENCES)[number];

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
  /** Lab statistics of the first frame this run, as tensors kept out of the frame's tidy; disposed in `dispose`. */
  first: ColourStatisticTensors | undefined;
  /** The dataset the latest frame had wired (`prepare` has no inputs, so `process` notes it). */
  wiredDataset: string | undefined;
  /** A dataset's statistics, measured once per id; `statistics` is undefined when it is missing or empty. */
  dataset: { readonly id: string; readonly statistics: ColourStatistics | undefined } | undefined;
}

/**
 * Colour coherence, as in Deforum: a feedback loop's colours drift (a cast creeps in, contrast
 * fades), so every frame's CIE Lab mean and std are pulled towards a reference's by
 * `strength` (see src/nodes/colour/colour-match.ts for the colour maths).
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
  version: 1,
  title: 'Colour Coherence',
  category: 'Transform',
  description: 'Holds a loop’s colours: pulls each frame’s Lab mean and contrast towards the first frame, a reference frame or a dataset.',
  inputs: [
    { name: 'frame', type: 'frame', label: 'Frame' },
    { name: 'reference', type: 'frame', label: 'Reference', optional: true },
    { name: 'dataset', type: 'dataset', label: 'Dataset', optional: true },
  ],
  outputs: [{ name: 'frame', type: 'frame', label: 'Frame' }],
  params: {
    strength: { kind: 'number', label: 'Strength', default: 0.5, min: 0, max: 1, step: 0.01 },
    reference: { kind: 'enum', label: 'Reference', default: 'first frame', options: COLOUR_REFERENCES },
  },
  create: (): ColourCoherenceState => ({ first: undefined, wiredDataset: undefined, dataset: undefined }),
  prepare: async ({ state, params, datasets }) => {
    const id = state.wiredDataset;
    if (params.reference !== 'dataset' || !id || state.dataset?.id === id) return;
    state.dataset = { id, statistics: await datasetStatistics(datasets, id) };
  },
  process: ({ tf, inputs, state, params }) => {
    const frame = inputs['frame'];
    state.wiredDataset = datasetId(inputs['dataset']);
    if (!state.first) {
      const first = labStatisticTensors(tf, frame);
      state.first = { mean: tf.keep(first.mean), std: tf.keep(first.std) };
    }
    const batch = tf.expandDims(frame, 0) as Tensor4D;
    const matched = matchTo(tf, batch, params.reference as ColourReference, inputs['reference'], state, params.strength);
    return { frame: tf.squeeze(matched, [0]) as Tensor3D };
  },
  dispose: (state) => {
    state.first?.mean.dispose();
    state.first?.std.dispose();
  },
});

/** The frame matched to the chosen reference, or to the first frame when that one is missing. */
function matchTo(
  tf: Tf, batch: Tensor4D, reference: ColourReference, wired: Tensor3D | undefined,
  state: ColourCoherenceState, strength: number,
): Tensor4D {
  switch (reference) {
    case 'reference input': {
      if (wired) return matchColourStatistics(tf, batch, labStatisticTensors(tf, wired), strength);
      break;
    }
    case 'dataset': {
      const statistics = state.dataset?.id === state.wiredDataset ? state.dataset?.statistics : undefined;
      if (statistics) return matchColours(tf, batch, statistics, strength);
      break;
    }
    case 'first frame':
      break;
  }
  return matchColourStatistics(tf, batch, state.first!, strength);
}

function datasetId(ref: DatasetRef | undefined): string | undefined {
  return ref?.kind === 'dataset' && ref.id !== '' ? ref.id : undefined;
}

/** Lab statistics of up to `DATASET_SAMPLE_FRAMES` frames spread over the dataset; undefined when it is missing or empty. */
export async function datasetStatistics(datasets: DatasetSource, id: string): Promise<ColourStatistics | undefined> {
  const info = await datasets.getDataset(id);
  if (!info || info.frameCount === 0) return undefined;
  const count = Math.min(info.frameCount, DATASET_SAMPLE_FRAMES);
  const picks = Array.from({ length: count }, (_, i) => Math.floor((i * info.frameCount) / count));
  const frames = (await Promise.all(picks.map((start) => datasets.readFrames(id, start, 1)))).flat();
  return frames.length > 0 ? colourStatisticsOfBytes(frames, info.channels) : undefined;
}
