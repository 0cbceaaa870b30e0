import * as tf from '@tensorflow/tfjs';
import { noAssetSource, noCheckpointStore, noDatasetSource } from '../../src/core';
import type { AssetSource, DatasetSource, ModelSource } from '../../src/core';

/** What a node's context holds besides params and state, with nothing stored: for calling a node directly in a test. */
export function bareContext(overrides: { assets?: AssetSource; models?: ModelSource; datasets?: DatasetSource } = {}) {
  return { tf, assets: noAssetSource, models: noCheckpointStore, datasets: noDatasetSource, ...overrides };
}
