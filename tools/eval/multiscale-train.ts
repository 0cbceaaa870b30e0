import { defaultParams, noCheckpointStore } from '../../src/core';
import type { Tf } from '../../src/core';
import { multiscaleGenerator } from '../../src/nodes/multiscale-generator';
import type { LiveMultiScale } from '../../src/nodes/multiscale/live-multiscale';
import type { MultiScalePreset } from '../../src/nodes/multiscale/model';
import { trainNodeOnFrames } from './train-model';
import type { OnTrainStep } from './train-model';

export interface MultiScaleTrainOptions {
  readonly size: number;
  readonly preset: MultiScalePreset;
  readonly steps: number;
  readonly batch: number;
  readonly seed: number;
}

/**
 * Trains a Multi-Scale Generator node exactly as the node does when the user presses Train (its
 * own training hook, its defaults: L2 + GDL + adversarial, 32 px crops that move) on `frames`
 * (RGB bytes at size × size, which is also its training frame size). Dispose the state with
 * `multiscaleGenerator.dispose`.
 */
export async function trainMultiScale(
  tf: Tf, frames: readonly Uint8Array[], options: MultiScaleTrainOptions, onStep: OnTrainStep,
): Promise<{ state: LiveMultiScale; seconds: number; finalLosses: Record<string, number> }> {
  const { size } = options;
  if (!(multiscaleGenerator.params.trainSize.options as readonly string[]).includes(String(size))) {
    throw new Error(`the multi-scale generator trains on frames of ${multiscaleGenerator.params.trainSize.options.join(', ')} px; --size ${size} is not one`);
  }
  const params = {
    ...defaultParams(multiscaleGenerator.params),
    preset: options.preset, steps: options.steps, batch: options.batch, seed: options.seed, trainSize: String(size),
  };
  const { state, seconds, finalLosses } = await trainNodeOnFrames(tf, multiscaleGenerator, params, frames, size, noCheckpointStore, onStep);
  return { state, seconds, finalLosses };
}
