import { extractFrames } from '../../core';
import type { DatasetSummary, GraphNode, ParamSchemas } from '../../core';
import { sessionKey } from '../app-sessions';
import type { EditorApp } from '../editor-app';
import { ConfirmGate } from '../library/confirm-gate.svelte';
import { DatasetCatalog } from './dataset-catalog.svelte';
import { ExtractionJob } from './extraction-job.svelte';
import type { ExtractForm } from './extract-plan';
import { datasetMessages } from './messages';

/**
 * The datasets UI's state, one per editor: which dialog is open, the extraction running (at
 * most one at a time: they would share the backend and slow each other down), the catalog,
 * and the confirmations deleting asks for. Components read and call these; they hold none.
 */
export class DatasetsSession {
  listOpen = $state.raw(false);
  /** The node whose "Extract frames" dialog is open. */
  extractFor: string | undefined = $state.raw(undefined);
  /** The running extraction, or the last one until its dialog is closed. */
  job: ExtractionJob | undefined = $state.raw(undefined);
  readonly catalog: DatasetCatalog;
  readonly confirmations = new ConfirmGate();
  readonly #app: EditorApp;

  constructor(app: EditorApp) {
    this.#app = app;
    this.catalog = new DatasetCatalog(app.storage);
  }

  openExtract(nodeId: string): void {
    if (this.job && !this.job.active) this.job = undefined;
    this.extractFor = nodeId;
  }

  closeExtract(): void {
    if (this.job?.active) return;
    this.extractFor = undefined;
    this.job = undefined;
  }

  /** Starts extracting `node` (as it is now: later edits do not change this run). @throws Error when storage is off. */
  startExtraction(node: GraphNode, title: string, form: ExtractForm): ExtractionJob {
    const storage = this.#app.storage;
    if (!storage) throw new Error(datasetMessages.storageOff());
    if (this.job?.active) return this.job;
    const { tf, registry } = this.#app;
    const fps = this.#app.document.graph.settings.fps;
    const source = { type: node.type, typeVersion: node.typeVersion, params: node.params, label: title };
    const request = { ...form, name: form.name.trim(), title };
    const job = new ExtractionJob(request, (signal, onProgress) =>
      extractFrames({ tf, registry, storage, source, ...request, fps, assets: storage, signal, onProgress }));
    this.job = job;
    void job.finished.then(() => this.catalog.refresh());
    return job;
  }

  /** Asks, then deletes. Resolves false when the user said no. @throws Error with a message for the user. */
  async remove(dataset: DatasetSummary): Promise<boolean> {
    const users = this.#nodesUsing(dataset.id);
    const uses = users === 0 ? '' : ` ${users === 1 ? 'A Dataset node' : `${users} Dataset nodes`} in this graph will then point at a missing dataset.`;
    const confirmed = await this.confirmations.ask({
      title: `Delete dataset “${dataset.name}”?`,
      message: `Its ${dataset.frameCount.toLocaleString('en')} frames are deleted from this browser's storage. This cannot be undone.${uses}`,
      confirmLabel: 'Delete dataset',
    });
    if (confirmed) await this.catalog.remove(dataset);
    return confirmed;
  }

  /** Nodes of the open graph whose dataset param names `id`. */
  #nodesUsing(id: string): number {
    const { document, registry } = this.#app;
    return document.graph.nodes.filter((node) => {
      const params = registry.get(node.type)?.params as ParamSchemas | undefined;
      return params !== undefined && Object.entries(params).some(([name, schema]) => schema.kind === 'dataset' && node.params[name] === id);
    }).length;
  }
}

const DATASETS_KEY = sessionKey<DatasetsSession>('datasets');

/** The editor's one DatasetsSession, made on first use. */
export function datasetsSession(app: EditorApp): DatasetsSession {
  return app.sessions.get(DATASETS_KEY, () => new DatasetsSession(app));
}
