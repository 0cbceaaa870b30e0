import { MAX_GRAPH_FILE_BYTES, parseGraphFile, toGraphJson } from '../../core';
import type { Graph, NodeRegistry } from '../../core';
import { exportFileName } from './file-name';
import { copyText, downloadText } from './graph-file-io';
import type { ExampleFile } from './example-files';
import { libraryMessages } from './messages';

/** What the graph-file commands need of the library session. */
export interface GraphFilePorts {
  readonly registry: NodeRegistry;
  /** The open graph. */
  readonly graph: () => Graph;
  /** Asks before unsaved edits would be thrown away. */
  readonly confirmDiscard: () => Promise<boolean>;
  /** Opens `graph` as new unsaved work and shows its load warnings. */
  readonly openUnsaved: (graph: Graph, warnings: readonly string[]) => void;
  /** Shows `error` in the error banner; returns false for the command to return. */
  readonly fail: (error: unknown, kind?: 'file' | 'command') => false;
  /** Confirms a command, read out politely. */
  readonly status: (text: string) => void;
  /** Stores the files an example ships with that storage lacks (see storeExampleFiles); rejects with a message for the user. */
  readonly storeExampleFiles: (files: readonly ExampleFile[]) => Promise<unknown>;
}

/** A built-in example graph, as its file text (the composition root hands the list over as `app.examples`). */
export interface ExampleText {
  readonly id: string;
  readonly title: string;
  readonly text: string;
  /** Files its asset params name, shipped with the app (a clip for its Audio node). */
  readonly assets?: readonly ExampleFile[];
}

/**
 * Graph files in and out of the editor: file text, a picked or dropped file or a built-in
 * example opened as new unsaved work, and the open graph exported as a download or as text on
 * the clipboard. A bad file is reported (naming JSON paths) and changes nothing: neither the
 * document nor the library.
 */
export class GraphFileCommands {
  readonly #ports: GraphFilePorts;

  constructor(ports: GraphFilePorts) {
    this.#ports = ports;
  }

  /**
   * Opens graph-file text as a new unsaved graph (after confirming if there are unsaved edits,
   * unless the caller's own question already said they are discarded: a bundle's Open dialog).
   */
  async openText(text: string, source: string, { discardConfirmed = false } = {}): Promise<boolean> {
    const parsed = parseGraphFile(text, this.#ports.registry);
    if (!parsed.ok) return this.#ports.fail(libraryMessages.badFile(source, parsed.error.message), 'file');
    if (!discardConfirmed && !(await this.#ports.confirmDiscard())) return false;
    this.#ports.openUnsaved(parsed.graph, parsed.warnings);
    this.#ports.status(libraryMessages.imported(parsed.graph.name, source));
    return true;
  }

  /** Opens a built-in example as a new unsaved graph (after confirming if there are unsaved edits). */
  async openExample(example: ExampleText): Promise<boolean> {
    const parsed = parseGraphFile(example.text, this.#ports.registry);
    if (!parsed.ok) return this.#ports.fail(libraryMessages.badExample(example.title, parsed.error.message), 'file');
    if (!(await this.#ports.confirmDiscard())) return false;
    // Stored before the graph opens, so its nodes find the files on their first frame. A file
    // that cannot be stored does not stop the example: its nodes say what is missing.
    let unstored: { readonly error: unknown } | undefined;
    try {
      await this.#ports.storeExampleFiles(example.assets ?? []);
    } catch (error) {
      unstored = { error };
    }
    this.#ports.openUnsaved(parsed.graph, parsed.warnings);
    if (unstored) this.#ports.fail(unstored.error, 'file');
    this.#ports.status(libraryMessages.openedExample(example.title));
    return true;
  }

  /** Reads a dropped or picked file and opens it like {@link openText}. */
  async openFile(file: File): Promise<boolean> {
    if (file.size > MAX_GRAPH_FILE_BYTES) return this.#ports.fail(libraryMessages.tooLarge(file.name, file.size, MAX_GRAPH_FILE_BYTES), 'file');
    let text: string;
    try {
      text = await file.text();
    } catch (error) {
      return this.#ports.fail(libraryMessages.unreadable(file.name, error), 'file');
    }
    return this.openText(text, `“${file.name}”`);
  }

  /** Downloads the open graph as `<name>.nfpgraph.json`. */
  exportFile(): void {
    const graph = this.#ports.graph();
    const fileName = exportFileName(graph.name);
    downloadText(toGraphJson(graph), fileName);
    this.#ports.status(libraryMessages.exported(fileName));
  }

  async copyAsText(): Promise<boolean> {
    if (!(await copyText(toGraphJson(this.#ports.graph())))) return this.#ports.fail(libraryMessages.clipboardRefused());
    this.#ports.status(libraryMessages.copied());
    return true;
  }
}
