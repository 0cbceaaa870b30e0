/**
 * The composition root: the one place that wires the node registry, the tfjs backend,
 * storage, the scheduler and the UI together. Nothing else registers anything on import.
 */
import './lockdown-first';
import * as tf from '@tensorflow/tfjs';
import { mount } from 'svelte';
import { NodeRegistry, PluginHost, importInCompartment, Scheduler, emptyGraph, isBackendName, openStudioStorage, parseGraphFile, selectBackend, superviseBackend, withPluginEntries, errorMessage } from './core';
import type { BackendName, Graph, StudioStorage } from './core';
import { builtInNodes } from './nodes';
import { builtInLoopKit, builtInMediaKit, builtInNodeUi } from './nodes/ui';
import { MonitorStore } from './nodes/monitor/monitor-store';
import { RecordingStore } from './nodes/media/recordings';
import { nodeUiLookup } from './ui/node-ui';
import { AppSessions } from './ui/app-sessions';
import { demoGraph, exampleGraphs } from './nodes/examples';
import App from './ui/App.svelte';
import { SchedulerState } from './ui/scheduler-state.svelte';
import { GraphDocument } from './ui/graph-document.svelte';
import type { EditorApp } from './ui/editor-app';
import { startLibrarySession } from './ui/library/session';
import { TrainingState } from './ui/training/training-state.svelte';
import { pointAtCheckpoint } from './ui/training/checkpoint-param';
import { withBundledCheckpoints } from './ui/training/bundled-checkpoints';
import { choosePluginStart, markStarted, markStarting } from './ui/plugins/safe-mode';
import { openStorageGate } from './ui/storage/storage-gate';
import { showStorageGate } from './ui/storage/storage-gate-view';
import { PersistenceState, withPersistenceRequest } from './ui/storage/persistence.svelte';

/** What tests and the devtools console can reach; only in dev builds or with `?test`. */
interface StudioHandle {
  readonly scheduler: Scheduler;
  readonly registry: NodeRegistry;
  readonly tf: typeof tf;
  readonly document: GraphDocument;
  readonly storage: StudioStorage | undefined;
  readonly plugins: PluginHost;
  /** Files Encoder nodes finished: the render command copies them out. */
  readonly recordings: RecordingStore;
  /** Loop Monitor readings by node id. */
  readonly monitors: MonitorStore;
}

declare global {
  interface Window {
    __studio?: StudioHandle;
  }
}

/** Settings key of the user's backend choice. */
const BACKEND_SETTING = 'backend';
/** How long storage may take to open before the boot screen says so and offers Retry. */
const STORAGE_TIMEOUT_MS = 2000;

async function start(target: HTMLElement): Promise<void> {
  const params = new URLSearchParams(location.search);
  // Read now so the Storage panel can say whether data is safe from eviction; asked later (see PersistenceState).
  const persistence = new PersistenceState(globalThis.navigator?.storage);
  void persistence.check();
  const storage = await openStorage(target, persistence);
  const override = await backendOverride(params, storage);

  const registry = new NodeRegistry();
  registry.registerAll(builtInNodes);
  // Plugins the user accepted earlier load before any graph opens, so their nodes are live;
  // each one's code is checked against the hash they accepted first, and each gets a load
  // timeout. Failures are listed in the Plugins dialog, never thrown. None load in safe mode.
  const safeMode = await choosePluginStart(params, target, async () => ((await storage?.listPlugins())?.length ?? 0) > 0);
  const plugins = new PluginHost({ registry, safeMode, importModule: importInCompartment, ...(storage ? { library: storage } : {}) });
  markStarting();
  await plugins.loadInstalled().catch((error: unknown) => console.warn('Installed plugins could not be listed.', error));
  const backend = await selectBackend(tf, override);
  // Nodes read picked clips and images from storage; without storage they say so when used.
  const scheduler = new Scheduler({
    tf, registry, models: withBundledCheckpoints(storage), ...(storage ? { assets: storage, datasets: storage } : {}),
    // Read only while training, after the supervisor below exists.
    backendLost: () => supervisor.lost,
  });
  // What nodes publish through their host reaches the UI here: finished files, monitor readings.
  const recordings = new RecordingStore();
  recordings.listen(scheduler.host);
  const monitors = new MonitorStore();
  monitors.listen(scheduler.host);
  // Each node type's UI, declared beside its definition; plugins add viewer roles.
  const nodeUi = nodeUiLookup(builtInNodeUi({ monitors }), () => plugins.list());
  const studio = new SchedulerState(scheduler, registry, (type) => nodeUi(type).viewer === true);
  // A lost WebGPU device or WebGL context rebuilds the backend and resumes the loop and training by itself.
  const supervisor = superviseBackend(tf, scheduler);
  const parsed = parseGraphFile(demoGraph.text, registry);
  const recordPlugins = (graph: Graph) => withPluginEntries(graph, registry, (id) => {
    const plugin = plugins.get(id);
    return plugin?.status === 'active' ? plugin : undefined;
  });
  const graphDocument = new GraphDocument(registry, scheduler, parsed.ok ? parsed.graph : emptyGraph(), recordPlugins);
  // A paused or stopped training run leaves the node pointing at its newest weights; a finished one at those its training hook prefers.
  const training = new TrainingState(scheduler, (checkpoint) => pointAtCheckpoint({ document: graphDocument, registry }, checkpoint));
  const app: EditorApp = { document: graphDocument, registry, scheduler, studio, storage, backend, tf, recordings, nodeUi, media: builtInMediaKit, loops: builtInLoopKit, examples: exampleGraphs, sessions: new AppSessions(), training, plugins, persistence };
  if (import.meta.env.DEV || params.has('test')) window.__studio = { scheduler, registry, tf, document: graphDocument, storage, plugins, recordings, monitors };
  if (!parsed.ok) studio.report('file', parsed.error.message);
  else for (const warning of parsed.warnings) studio.report('file', warning);

  target.replaceChildren();
  mount(App, {
    target,
    props: { app, onchoosebackend: (choice: BackendName) => void switchBackend(choice, storage) },
  });
  // The UI is up: whatever a plugin does from here on, the next start need not offer safe mode.
  markStarted();

  // Crash recovery and autosave: may replace the demo graph with the user's last work.
  await startLibrarySession(app);
  try {
    await scheduler.load(graphDocument.graph);
  } catch {
    // The scheduler has already emitted `planfailed`; the banner shows it.
    return;
  }
  scheduler.run();
}

/**
 * Storage past the time limit, or refused (blocked by an older tab), is shown on the boot
 * screen with Retry and "Continue without library" rather than only in the console (issue 23).
 */
async function openStorage(boot: HTMLElement, persistence: PersistenceState): Promise<StudioStorage | undefined> {
  const gate = openStorageGate({ open: () => openStudioStorage(), slowAfterMs: STORAGE_TIMEOUT_MS });
  const hide = showStorageGate(gate, boot);
  const storage = await gate.result;
  hide();
  return storage && withPersistenceRequest(storage, persistence);
}

/** `?backend=` wins over the stored choice; neither means "best available". */
async function backendOverride(params: URLSearchParams, storage: StudioStorage | undefined): Promise<BackendName | undefined> {
  const fromUrl = params.get('backend');
  if (fromUrl !== null) {
    if (isBackendName(fromUrl)) return fromUrl;
    console.warn(`Ignoring ?backend=${fromUrl}: expected webgpu, webgl or cpu.`);
  }
  try {
    const stored = await storage?.getSetting<unknown>(BACKEND_SETTING, undefined);
    return isBackendName(stored) ? stored : undefined;
  } catch (error) {
    console.warn('Could not read the stored backend choice.', error);
    return undefined;
  }
}

/** A tfjs backend cannot be swapped under live tensors: remember the choice and reload. */
async function switchBackend(choice: BackendName, storage: StudioStorage | undefined): Promise<void> {
  try {
    await storage?.setSetting(BACKEND_SETTING, choice);
  } catch (error) {
    console.warn('Could not store the backend choice.', error);
  }
  const url = new URL(location.href);
  url.searchParams.set('backend', choice);
  location.assign(url);
}

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
start(target).catch((error: unknown) => {
  console.error(error);
  const message = errorMessage(error);
  const boot = document.createElement('div');
  boot.className = 'boot';
  boot.dataset.failed = '';
  boot.setAttribute('role', 'alert');
  boot.textContent = `The studio could not start: ${message}`;
  target.replaceChildren(boot);
});
