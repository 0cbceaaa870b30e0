import type { Tensor3D } from '@tensorflow/tfjs';
import type { AssetSource } from '../graph/assets';
import type { Graph, GraphNode } from '../graph/graph';
import type { AnyNodeDefinition, Tf } from '../graph/node-definition';
import type { NodeRegistry } from '../graph/registry';
import type { Clock } from '../scheduler/clock';
import { systemClock } from '../scheduler/clock';
import { PlanError } from '../scheduler/plan';
import { Scheduler } from '../scheduler/scheduler';
import type { StudioStorage } from '../storage';
import { StorageError } from '../storage';
import { extractMessages } from './extract-messages';
import { readRgbBytes } from './frame-bytes';

/** What extraction needs from storage (the studio's IndexedDB, or a fake in tests). */
export type ExtractionStorage = Pick<StudioStorage, 'createDataset' | 'appendFrames' | 'deleteDataset'>;

export interface ExtractProgress {
  /** The dataset being filled (listed in storage from the start, growing batch by batch). */
  readonly datasetId: string;
  /** Frames read back so far (stored, or in the batch about to be stored). */
  readonly done: number;
  readonly total: number;
  /** Frames extracted per second of wall-clock time since the start. */
  readonly fps: number;
  readonly elapsedMs: number;
}

export interface ExtractFramesOptions {
  readonly tf: Tf;
  readonly registry: NodeRegistry;
  readonly storage: ExtractionStorage;
  /** The node to extract from, e.g. the selected one: its type and params (and version, when known). */
  readonly source: Pick<GraphNode, 'type' | 'params'> & Partial<Pick<GraphNode, 'typeVersion' | 'label'>>;
  /** Dataset frame size: the source runs at this size. */
  readonly width: number;
  readonly height: number;
  /** Keeps every `stride`-th frame, starting with frame 0. */
  readonly stride: number;
  /** Frames to store; the source runs (maxFrames − 1) · stride + 1 frames. */
  readonly maxFrames: number;
  readonly name: string;
  /** The logical clock (time = frame / fps) the source sees; default 30. */
  readonly fps?: number;
  /** Where the source reads its clip or images from. */
  readonly assets?: AssetSource;
  /**
   * Aborting cancels: the partial dataset is deleted, unless the signal is aborted with
   * {@link KEEP_EXTRACTED} as its reason, which stops and keeps the frames read so far.
   */
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ExtractProgress) => void;
  /** Frames per `appendFrames` call; default 16. */
  readonly batchSize?: number;
  readonly clock?: Clock;
}

/**
 * `complete`: every frame asked for; `kept`: stopped early, the frames so far kept (`notice`
 * says why when the user did not ask, e.g. storage filled up); `cancelled`: nothing kept.
 */
export type ExtractResult =
  | { readonly outcome: 'complete' | 'kept'; readonly id: string; readonly frames: number; readonly notice?: string }
  | { readonly outcome: 'cancelled'; readonly frames: 0 };

/** Abort reason that stops an extraction and keeps what it extracted: `controller.abort(KEEP_EXTRACTED)`. */
export const KEEP_EXTRACTED = 'keep-extracted';

export type ExtractErrorCode = 'bad-source' | 'source-failed' | 'storage';

/** Why an extraction failed; `message` is written for the user. Nothing is left behind in storage. */
export class ExtractFramesError extends Error {
  override readonly name = 'ExtractFramesError';
  constructor(readonly code: ExtractErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

const SOURCE = 'source';
/** Frames whose bytes may be on their way back at once: keeps the GPU busy without piling up. */
const MAX_READBACKS = 3;
/** Longest stretch of work between two yields to the page, so the UI never freezes. */
const YIELD_AFTER_MS = 16;

/**
 * Runs one source node offline, on a Scheduler of its own (so it works while the editor's loop
 * runs, on the same tfjs), and stores every `stride`-th frame as RGB bytes in a new dataset.
 * Frames are appended in batches; the tensor count is the same afterwards as before.
 * @throws ExtractFramesError for a source that cannot run alone or fails, or a storage failure
 *   (then the partial dataset is deleted); RangeError for sizes and counts that are not positive integers.
 * @example
 * const controller = new AbortController();
 * const result = await extractFrames({ tf, registry, storage, source: node, width: 64, height: 64,
 *   stride: 2, maxFrames: 20, name: 'Train window 64²', assets: storage, signal: controller.signal,
 *   onProgress: ({ done, total, fps }) => console.log(`${done}/${total} at ${fps.toFixed(1)} frames/s`) });
 */
export async function extractFrames(options: ExtractFramesOptions): Promise<ExtractResult> {
  const { tf, registry, storage, source, width, height, stride, maxFrames, signal, onProgress } = options;
  const clock = options.clock ?? systemClock;
  const batchSize = options.batchSize ?? 16;
  for (const [label, value] of [['width', width], ['height', height], ['stride', stride], ['maxFrames', maxFrames], ['batchSize', batchSize]] as const) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`extractFrames: ${label} must be a whole number ≥ 1, got ${value}`);
  }
  const definition = checkedSource(registry, source);
  const title = source.label ?? definition.title;
  if (signal?.aborted) return { outcome: 'cancelled', frames: 0 };

  const scheduler = new Scheduler({ tf, registry, clock, nodeTiming: 'dispatch', ...(options.assets ? { assets: options.assets } : {}) });
  let failure: string | undefined;
  const unsubscribe = scheduler.on((event) => { if (event.type === 'nodeerrored') failure ??= event.message; });
  const unwatch = scheduler.watch(SOURCE);
  let id: string | undefined;
  let done = 0;
  // Frames whose batch has committed: what is really in storage when a later batch fails.
  let stored = 0;
  try {
    try {
      await scheduler.load(singleNodeGraph(source, definition, width, height, options.fps ?? 30));
    } catch (error) {
      if (error instanceof PlanError) throw new ExtractFramesError('bad-source', extractMessages.cannotStart(title, error.message), { cause: error });
      throw error;
    }
    scheduler.setMode('offline');
    id = await storage.createDataset({ name: options.name, width, height });
    const datasetId = id;

    const started = clock.now();
    let lastYield = started;
    let batch: Uint8Array[] = [];
    let writing: Promise<unknown> = Promise.resolve();
    const readbacks: Promise<Uint8Array>[] = [];
    const flush = async (): Promise<void> => {
      await writing; // surfaces the previous batch's failure before starting the next
      if (batch.length === 0) return;
      const frames = batch;
      batch = [];
      writing = storage.appendFrames(datasetId, frames).then(() => { stored += frames.length; });
      writing.catch(() => undefined); // observed by the next flush
    };
    const collect = async (): Promise<void> => {
      batch.push(await readbacks.shift()!);
      done++;
      const elapsedMs = clock.now() - started;
      onProgress?.({ datasetId, done, total: maxFrames, fps: elapsedMs > 0 ? (done * 1000) / elapsedMs : 0, elapsedMs });
      if (batch.length >= batchSize) await flush();
    };

    for (let frame = 0; done + readbacks.length < maxFrames; frame++) {
      if (signal?.aborted) break;
      if (!(await scheduler.step())) {
        throw new ExtractFramesError('source-failed', extractMessages.sourceFailed(title, frame, failure ?? scheduler.nodeStats(SOURCE)?.message ?? 'unknown error'));
      }
      if (frame % stride === 0) {
        let pending: Promise<Uint8Array> | undefined;
        await scheduler.withLatestFrame(SOURCE, (latest: Tensor3D) => { pending = readRgbBytes(tf, latest); });
        if (!pending) throw new ExtractFramesError('source-failed', extractMessages.noFrame(title, frame));
        pending.catch(() => undefined); // awaited in order by collect
        readbacks.push(pending);
        if (readbacks.length >= MAX_READBACKS) await collect();
      }
      if (clock.now() - lastYield >= YIELD_AFTER_MS) {
        await clock.yield();
        lastYield = clock.now();
      }
    }
    if (signal?.aborted && signal.reason !== KEEP_EXTRACTED) {
      await Promise.allSettled([writing, ...readbacks]);
      await storage.deleteDataset(datasetId);
      return { outcome: 'cancelled', frames: 0 };
    }
    while (readbacks.length > 0) await collect();
    await flush();
    await writing;
    if (done === 0) {
      await storage.deleteDataset(datasetId);
      return { outcome: 'cancelled', frames: 0 };
    }
    return { outcome: done >= maxFrames ? 'complete' : 'kept', id: datasetId, frames: done };
  } catch (error) {
    // A full disk mid-way keeps the batches already committed (issue 23): they cost time to
    // extract and are a usable dataset; the failed batch rolled back whole.
    if (error instanceof StorageError && error.code === 'quota-exceeded' && id !== undefined && stored > 0) {
      return { outcome: 'kept', id, frames: stored, notice: extractMessages.storageFullKept(stored) };
    }
    throw await cleanUp(storage, id, options.name, done, error);
  } finally {
    unwatch();
    unsubscribe();
    await scheduler.stop();
  }
}

/** The definition of `source` when it can run on its own. @throws ExtractFramesError `bad-source`. */
function checkedSource(registry: NodeRegistry, source: ExtractFramesOptions['source']): AnyNodeDefinition {
  const definition = registry.get(source.type);
  if (!definition) throw new ExtractFramesError('bad-source', extractMessages.notInstalled(source.type));
  const title = source.label ?? definition.title;
  if (!definition.outputs.some((port) => port.type === 'frame')) throw new ExtractFramesError('bad-source', extractMessages.noFrameOutput(title));
  const required = definition.inputs.filter((port) => !port.optional && !port.delayed).map((port) => port.label ?? port.name);
  if (required.length > 0) throw new ExtractFramesError('bad-source', extractMessages.needsInputs(title, required));
  return definition;
}

function singleNodeGraph(source: ExtractFramesOptions['source'], definition: AnyNodeDefinition, width: number, height: number, fps: number): Graph {
  return {
    name: 'frame extraction',
    settings: { width, height, fps },
    nodes: [{ id: SOURCE, type: source.type, typeVersion: source.typeVersion ?? definition.version, params: source.params, position: { x: 0, y: 0 } }],
    edges: [],
    models: [],
    plugins: [],
  };
}

/** Deletes the partial dataset and turns `error` into the error to reject with. */
async function cleanUp(storage: ExtractionStorage, id: string | undefined, name: string, done: number, error: unknown): Promise<unknown> {
  let notDeleted = '';
  if (id !== undefined) {
    try {
      await storage.deleteDataset(id);
    } catch {
      notDeleted = extractMessages.notDeleted(name);
    }
  }
  if (error instanceof ExtractFramesError) return notDeleted ? new ExtractFramesError(error.code, error.message + notDeleted, { cause: error.cause }) : error;
  // Without an id the dataset was never created, and storage's own message says so.
  if (error instanceof StorageError && id !== undefined) {
    const message = error.code === 'quota-exceeded' ? extractMessages.storageFull(done) : extractMessages.storageFailed(error.message);
    return new ExtractFramesError('storage', message + notDeleted, { cause: error });
  }
  return error;
}
