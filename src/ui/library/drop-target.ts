/** The MIME type palette drags carry (the canvas owns those drops). */
export const PALETTE_DRAG_TYPE = 'application/x-nfp-node-type';

/** Whether a drag with these `dataTransfer.types` is a file we should offer to open. */
export function isGraphFileDrag(types: readonly string[] | undefined): boolean {
  if (!types) return false;
  return types.includes('Files') && !types.includes(PALETTE_DRAG_TYPE);
}

export interface GraphFileDropOptions {
  /** Shows or hides the "drop here" overlay. */
  readonly onactive: (active: boolean) => void;
  /** Called with the dropped file (the first, if several were dropped). */
  readonly onfile: (file: File, others: number) => void;
  /** Whether drops are accepted right now (not while a modal dialog is open). */
  readonly enabled?: () => boolean;
}

/**
 * Makes the whole window a drop target for graph files. Listens in the capture phase so a
 * canvas that handles its own drags cannot swallow file drops; palette drags pass untouched.
 * Returns the disposer.
 */
export function installGraphFileDrop(target: Window, options: GraphFileDropOptions): () => void {
  // dragenter/dragleave fire for every child element crossed: count them to know when the drag left the window.
  let depth = 0;
  const accepts = (event: DragEvent): boolean =>
    isGraphFileDrag(event.dataTransfer ? [...event.dataTransfer.types] : undefined) && (options.enabled?.() ?? true);

  const reset = (): void => {
    depth = 0;
    options.onactive(false);
  };
  const onenter = (event: DragEvent): void => {
    if (!accepts(event)) return;
    depth++;
    options.onactive(true);
  };
  const onover = (event: DragEvent): void => {
    if (!accepts(event)) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
  };
  const onleave = (event: DragEvent): void => {
    if (!accepts(event)) return;
    depth = Math.max(0, depth - 1);
    if (depth === 0) options.onactive(false);
  };
  const ondrop = (event: DragEvent): void => {
    if (!accepts(event)) return;
    // Without this the browser navigates to the file and the editor is gone.
    event.preventDefault();
    event.stopPropagation();
    reset();
    const files = [...(event.dataTransfer?.files ?? [])];
    const [file] = files;
    if (file) options.onfile(file, files.length - 1);
  };

  target.addEventListener('dragenter', onenter, true);
  target.addEventListener('dragover', onover, true);
  target.addEventListener('dragleave', onleave, true);
  target.addEventListener('drop', ondrop, true);
  target.addEventListener('dragend', reset, true);
  return () => {
    target.removeEventListener('dragenter', onenter, true);
    target.removeEventListener('dragover', onover, true);
    target.removeEventListener('dragleave', onleave, true);
    target.removeEventListener('drop', ondrop, true);
    target.removeEventListener('dragend', reset, true);
  };
}
