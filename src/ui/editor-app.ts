import type * as tfjs from '@tensorflow/tfjs';
import type { BackendChoice, NodeRegistry, PluginHost, Scheduler, StudioStorage } from '../core';
import type { AppSessions } from './app-sessions';
import type { ExampleText } from './library/graph-file-commands';
import type { GraphDocument } from './graph-document.svelte';
import type { LoopKit } from './make-loop/loop-kit';
import type { MediaKit } from './media/media-kit';
import type { NodeUiLookup } from './node-ui';
import type { RecordingShelf } from './recording-types';
import type { SchedulerState } from './scheduler-state.svelte';
import type { PersistenceState } from './storage/persistence.svelte';
import type { TrainingState } from './training/training-state.svelte';

/**
 * What every editor panel may use, built once by the composition root (src/main.ts) and
 * handed down as one prop: narrow enough to read, explicit enough to fake in a test.
 */
export interface EditorApp {
  readonly document: GraphDocument;
  readonly registry: NodeRegistry;
  readonly scheduler: Scheduler;
  readonly studio: SchedulerState;
  /** Undefined when IndexedDB is unavailable: the library then explains why it is off. */
  readonly storage: StudioStorage | undefined;
  readonly backend: BackendChoice;
  readonly tf: typeof tfjs;
  /** The files Encoder nodes finished (kept from their host channel by the composition root). */
  readonly recordings: RecordingShelf;
  /** Each node type's UI (inspector panel, viewer role), from the list the composition root registers. */
  readonly nodeUi: NodeUiLookup;
  /** File import and the graph in a recording, from the media nodes (see MediaKit). */
  readonly media: MediaKit;
  /** "Make a loop": how the loop's nodes are wired, sized and timed; absent in test fakes, which then offer no Make a loop. */
  readonly loops?: LoopKit;
  /** The built-in example graphs the Examples gallery offers. */
  readonly examples: readonly ExampleText[];
  /** Training progress, losses and checkpoints per node, from the scheduler's events. */
  readonly training: TrainingState;
  /** Installed node plugins: install after consent, remove, their accepted code for bundles. */
  readonly plugins: PluginHost;
  /** The editor's sessions (library, datasets, plugins…), made on first use (see AppSessions). */
  readonly sessions: AppSessions;
  /** Whether the browser may evict stored data, shown in the Storage panel; absent in test fakes. */
  readonly persistence?: PersistenceState;
}
