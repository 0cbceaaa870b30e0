/** Browser storage for the studio. The only place in the app that talks to IndexedDB. */
export { openStudioStorage } from './studio-storage';
export type { StudioStorage, StudioStorageOptions } from './studio-storage';
export { StorageError } from './storage-error';
export type { StorageErrorCode } from './storage-error';
export { UNSAVED_DRAFT } from './drafts';
export type { Draft, DraftOrigin, DraftSummary } from './drafts';
export type { GraphHead, GraphRevision, GraphSummary, RevisionSummary, SavedGraph } from './graph-library';
export type { ModelSummary, SavedModel } from './model-library';
export type { ModelIOHandler } from './model-io-handler';
export { modelArtifactsInfo } from './model-io-handler';
export type { DatasetSummary, NewDataset } from './dataset-library';
export { MAX_ASSET_BYTES } from './asset-library';
export type { NewAsset, StoredAsset } from './asset-library';
export type { NewPlugin, StoredPlugin } from './plugin-library';
export type { StorageUsage, StorageUpkeep } from './storage-usage';
export { BEST_CHECKPOINT_KEY, planCheckpointPrune } from './checkpoint-prune';
export type { CheckpointPrunePlan, CheckpointPruneRule, KeepReason } from './checkpoint-prune';
