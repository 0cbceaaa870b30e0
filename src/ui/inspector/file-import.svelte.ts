import { isFileDrag } from '../media/file-drop';
import { errorMessage } from '../../core';

export interface FileImportOptions {
  /**
   * The files to import and the progress line to show meanwhile; a message when they do not fit
   * the field (shown, nothing imported); undefined when there is nothing to do.
   */
  readonly check: (files: readonly File[]) => { readonly files: readonly File[]; readonly busy: string } | { readonly message: string } | undefined;
  /** Stores the files and sets the param. @throws Error with a message for the user; the param keeps its value. */
  readonly store: (files: readonly File[]) => Promise<void>;
}

/**
 * The pick-or-drop half of a file param field (Asset, Model): the hidden file input's `change`,
 * file drags over the field, and the import that follows, with its progress and failure for the
 * field to show. Create it while the component initializes; its handlers are bound, so they go
 * straight into `onchange`, `ondragover`, `ondragleave` and `ondrop`.
 */
export class FileImport {
  /** The progress line while an import runs; undefined when idle. */
  importing: string | undefined = $state();
  /** Why the last pick or drop was not used; the param kept its value. */
  failure: string | undefined = $state();
  /** Whether a file drag the field would take is over it. */
  dragging = $state(false);
  readonly #options: FileImportOptions;

  constructor(options: FileImportOptions) {
    this.#options = options;
  }

  async take(files: readonly File[]): Promise<void> {
    const checked = this.#options.check(files);
    if (checked === undefined) return;
    if ('message' in checked) {
      this.failure = checked.message;
      return;
    }
    this.failure = undefined;
    this.importing = checked.busy;
    try {
      await this.#options.store(checked.files);
    } catch (error) {
      this.failure = errorMessage(error);
    } finally {
      this.importing = undefined;
    }
  }

  readonly picked = (event: Event & { currentTarget: HTMLInputElement }): void => {
    const files = [...(event.currentTarget.files ?? [])];
    // Cleared so that picking the same files again (after fixing them) fires `change` again.
    event.currentTarget.value = '';
    if (files.length > 0) void this.take(files);
  };

  // File drags are always taken here, even while busy: a drop nobody takes makes the browser
  // navigate to the file, and the editor would be gone.
  readonly dragover = (event: DragEvent): void => {
    if (!isFileDrag(event.dataTransfer?.types)) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = this.importing === undefined ? 'copy' : 'none';
    this.dragging = this.importing === undefined;
  };

  /** Ends the highlight only when the drag leaves the field, not when it crosses into a child of it. */
  readonly dragleave = (event: DragEvent & { currentTarget: HTMLElement }): void => {
    if (!(event.relatedTarget instanceof Node && event.currentTarget.contains(event.relatedTarget))) this.dragging = false;
  };

  readonly drop = (event: DragEvent): void => {
    this.dragging = false;
    if (!isFileDrag(event.dataTransfer?.types)) return;
    event.preventDefault();
    if (this.importing === undefined) void this.take([...(event.dataTransfer?.files ?? [])]);
  };
}
