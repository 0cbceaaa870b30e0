import type { AssetKind, JsonValue, NodeRegistry } from '../../core';
import type { ClientPoint } from '../canvas/canvas-link';
import type { AssetShelf } from './asset-shelf.svelte';
import { planDrop } from './dropped-files';
import { mediaMessages } from './messages';
import { SOURCE_NODE_TYPES, assetParamOf } from './source-nodes';
import { errorMessage } from '../../core';

/** The user's answer to "this video carries the graph it was made with". */
export type VideoGraphChoice = 'open' | 'source' | 'cancel';

export interface VideoGraphQuestion {
  readonly fileName: string;
  readonly answer: (choice: VideoGraphChoice) => void;
}

/** How a drop ended, for tests and callers that chain on it. */
export type DropOutcome = 'opened-graph' | 'added-source' | 'cancelled' | 'refused' | 'failed';

/** What a drop may do to the editor: narrow, so the rules are testable with fakes. */
export interface MediaDropPorts {
  readonly shelf: Pick<AssetShelf, 'import'>;
  readonly registry: Pick<NodeRegistry, 'get'>;
  /** The graph-file text a studio video carries, or null. @throws when it is not a readable video. */
  readGraph(file: File): Promise<string | null>;
  /** The library's import path for graph files and graph text: undoable open, dirty-tracked, confirms first. */
  openGraphFile(file: File): Promise<boolean>;
  openGraphText(text: string, source: string): Promise<boolean>;
  /** Adds a node with these params as one undoable edit, at `at` or the view's centre; its id, or undefined when refused. */
  addNode(type: string, params: Readonly<Record<string, JsonValue>>, at?: ClientPoint): string | undefined;
  /** Shows an error (the banner). */
  report(message: string): void;
  /** Confirms a finished command (a short-lived toast). */
  status(message: string): void;
  /** A dropped clip became source node `nodeId`: offers what a clip can become next (Make a loop). */
  videoAdded?(nodeId: string, fileName: string): void;
}

/**
 * Files dropped onto the editor. A graph file opens through the library; a video that carries
 * its graph asks whether to open that graph or use the clip; otherwise a video, an image or
 * several images become a source node at the drop point. A file that cannot be used is
 * reported and the graph is left exactly as it was.
 */
export class MediaDrop {
  /** Files are being dragged over the editor: the overlay shows. */
  active = $state.raw(false);
  /** What the drop is doing now ("Importing “clip.webm”…"); undefined when idle. */
  working: string | undefined = $state.raw(undefined);
  question: VideoGraphQuestion | undefined = $state.raw(undefined);

  constructor(private readonly ports: MediaDropPorts) {}

  async drop(files: readonly File[], at?: ClientPoint): Promise<DropOutcome> {
    const plan = planDrop(files);
    if (!plan) return 'refused';
    if (this.working !== undefined) {
      this.ports.report(mediaMessages.busy(this.working));
      return 'refused';
    }
    switch (plan.kind) {
      case 'refused':
        this.ports.report(plan.message);
        return 'refused';
      case 'graph':
        return (await this.ports.openGraphFile(plan.file)) ? 'opened-graph' : 'failed';
      case 'video':
        return this.#dropVideo(plan.file, at);
      case 'image':
        return this.#addSource([plan.file], 'image', at);
      case 'image-sequence':
        return this.#addSource(plan.files, 'image-sequence', at);
    }
  }

  async #dropVideo(file: File, at: ClientPoint | undefined): Promise<DropOutcome> {
    let text: string | null;
    this.working = mediaMessages.reading(file.name);
    try {
      text = await this.ports.readGraph(file);
    } catch {
      // Not readable as a video: the import below probes it and says precisely why.
      text = null;
    } finally {
      this.working = undefined;
    }
    if (text !== null) {
      const choice = await this.#ask(file.name);
      if (choice === 'cancel') return 'cancelled';
      if (choice === 'open') return (await this.ports.openGraphText(text, mediaMessages.graphSource(file.name))) ? 'opened-graph' : 'failed';
    }
    return this.#addSource([file], 'video', at);
  }

  async #addSource(files: readonly File[], kind: AssetKind, at: ClientPoint | undefined): Promise<DropOutcome> {
    const name = files[0]!.name;
    const type = SOURCE_NODE_TYPES[kind];
    const param = assetParamOf(this.ports.registry, type, kind);
    // Checked before importing: a file stored with no node to play it would only be clutter.
    if (param === undefined) {
      this.ports.report(mediaMessages.noSourceNode(kind, name, type));
      return 'refused';
    }
    this.working = mediaMessages.importing(name, files.length);
    let sha256: string;
    try {
      sha256 = (await this.ports.shelf.import(files, kind)).sha256;
    } catch (error) {
      this.ports.report(mediaMessages.importFailed(name, errorMessage(error)));
      return 'failed';
    } finally {
      this.working = undefined;
    }
    const nodeId = this.ports.addNode(type, { [param]: sha256 }, at);
    if (nodeId === undefined) return 'failed';
    this.ports.status(mediaMessages.added(name, this.ports.registry.get(type)?.title ?? type, files.length));
    if (kind === 'video') this.ports.videoAdded?.(nodeId, name);
    return 'added-source';
  }

  #ask(fileName: string): Promise<VideoGraphChoice> {
    this.question?.answer('cancel');
    return new Promise((resolve) => {
      this.question = {
        fileName,
        answer: (choice) => {
          this.question = undefined;
          resolve(choice);
        },
      };
    });
  }
}
