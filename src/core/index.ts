/**
 * The public API of the studio's engine. Plugins and node files import only from here.
 * @packageDocumentation
 */
export type { PortType, PortSpec, PortValue, PortValueByType, ModelRef, DatasetRef, InputReadRule, InputReadFrame } from './graph/ports';
export { canConnect, isImagePort, PORT_TYPES } from './graph/ports';
export type { ParamSchema, ParamSchemas, ParamValues } from './graph/params';
export { paramValueProblem, defaultParams, colorToRgb, SEED_MAX } from './graph/params';
export type { ParamPresets } from './graph/presets';
export { presetOf } from './graph/presets';
export type {
  NodeDefinition, AnyNodeDefinition, Tf, FrameSize, CreateContext, FrameContext, ProcessContext, InputValues, InputsOf,
} from './graph/node-definition';
export { defineNode } from './graph/node-definition';
export type { NodeHost, HostChannels, HostListener } from './graph/node-host';
/** Tensor types for node and plugin code; the tf functions themselves come from the node context (`ctx.tf`). */
export type { Tensor, Tensor1D, Tensor2D, Tensor3D, Tensor4D } from '@tensorflow/tfjs';
export { definePlugin, PluginHost, PluginError, importInCompartment, inspectPluginCode, fetchPluginCode, pluginHeader, MAX_PLUGIN_BYTES } from './plugins';
export type { PluginDefinition, PluginNodeUi, PluginCandidate, InstalledPlugin, PluginErrorCode, PluginManifest, ModuleImporter } from './plugins';
export { withPluginEntries, graphPluginStatus, STUDIO_LOCKDOWN } from './plugins';
export type { GraphPluginStatus, PluginIdentity } from './plugins';
export { declaredPorts, pluginStoringType, storedNodeType } from './graph/declared-ports';
export { PARAM_PORT_PREFIX, edgeTarget, paramOfPort, paramPort, wirableParam } from './graph/param-ports';
export type { NumberParamSchema } from './graph/param-ports';
export { NodeRegistry } from './graph/registry';
export type { Graph, GraphNode, GraphEdge, GraphSettings, PortRef, JsonValue, ModelEntry, PluginEntry, PluginNodeType } from './graph/graph';
export { emptyGraph, describeNode, DEFAULT_SETTINGS } from './graph/graph';
export type { AssetKind, AssetInfo, AssetSource } from './graph/assets';
export { ASSET_KINDS, IMAGE_SEQUENCE_MIME, isAssetRef, memoryAssetSource, noAssetSource } from './graph/assets';
export type {
  TrainingHook, TrainingJob, TrainingReport, TrainingSample, TrainingContext, DatasetSource, ModelSource, CheckpointStore, RunCheckpoint, CheckpointPreference,
} from './graph/training';
export type { ReferenceLoss, CheckpointMetadata } from './graph/training';
export { beatsBaseline, CHECKPOINT_OF, heldOutLossName, isHeldOutLoss, noCheckpointStore, noDatasetSource, primaryHeldOutLoss } from './graph/training';
export type { GraphProblem } from './graph/check';
export { checkGraph } from './graph/check';

export { Scheduler } from './scheduler/scheduler';
export type { SchedulerOptions } from './scheduler/scheduler';
export type {
  SchedulerEvent, SchedulerListener, RunState, RunMode, NodeStats, NodeStatus, RgbaImage, TrainingStatus, CheckpointInfo, LiveParam, LiveParams,
} from './scheduler/events';
export type { TrainingRunner, StartTrainingOptions } from './scheduler/training-runner';
export { PlanError, compilePlan } from './scheduler/plan';
export { afterNextFrame } from './scheduler/frame-wait';
export type { Plan, PlanStep } from './scheduler/plan';
export type { Clock } from './scheduler/clock';
export { systemClock } from './scheduler/clock';

export { selectBackend, rebuildBackend, isBackendName, BACKEND_PREFERENCE } from './runtime/backend';
export { canDrawToGpuCanvas } from './runtime/gpu-canvas';
export { superviseBackend, watchBackendLoss } from './runtime/backend-loss';
export type { BackendRecoverer, BackendWatch } from './runtime/backend-loss';
export type { BackendName, BackendChoice } from './runtime/backend';

export { seededRandom } from './random';
export { errorMessage } from './error-message';

export { GRAPH_FORMAT, GRAPH_FORMAT_VERSION, GraphFileError, MAX_GRAPH_FILE_BYTES, parseGraphFile, toGraphJson, migrateNode } from './graph-file';
export type { GraphLoadResult, GraphFileErrorCode } from './graph-file';

export { openStudioStorage, StorageError, UNSAVED_DRAFT, MAX_ASSET_BYTES, BEST_CHECKPOINT_KEY, planCheckpointPrune } from './storage';
export type {
  StudioStorage, StudioStorageOptions, StorageErrorCode, GraphSummary, SavedGraph, RevisionSummary, ModelSummary, SavedModel,
  DatasetSummary, ModelIOHandler, NewAsset, StoredAsset, DraftOrigin, StorageUsage, CheckpointPrunePlan, CheckpointPruneRule, KeepReason,
} from './storage';

export { importGraphFile, saveGraphToLibrary, openGraphFromLibrary } from './library/graph-library';
export type { GraphImportResult } from './library/graph-library';
export { extractFrames, ExtractFramesError, KEEP_EXTRACTED } from './library/extract-frames';
export { effectiveOffset, naturalOrder, selectedCount } from './library/frame-selection';
export { readRgbBytes } from './library/frame-bytes';
export { concatBuffers, sha256Hex } from './storage/bytes';
export { BUNDLE_FORMAT, readGraphBundle, storeBundleFiles, writeGraphBundle } from './library/graph-bundle';
export type { BundleSources, GraphBundle, ReadBundleOptions, StoredBundleFiles } from './library/graph-bundle';
export { BUNDLE_UNPACKED_BUDGET, unzipWithinBudget } from './library/bundle-unzip';
export { BundleError } from './library/bundle-error';
export type { BundleErrorCode } from './library/bundle-error';
export type { ExtractFramesOptions, ExtractProgress, ExtractResult, ExtractErrorCode, ExtractionStorage } from './library/extract-frames';

export {
  addNode, removeNodes, removeEdges, connect, moveNodes, setParam, setLabel, copyFragment, pasteFragment, isFeedbackEdge,
} from './graph/edit';
export type { EditResult, GraphFragment } from './graph/edit';
