import { NODE_TYPE_MIME } from '../canvas/canvas-link';
import type { ClientPoint } from '../canvas/canvas-link';

/**
 * Marks an element that takes file drops itself (a file param in the inspector): the editor's
 * drop leaves drags over it alone, so the file goes to that field rather than to the canvas.
 */
export const OWN_FILE_DROP_ATTRIBUTE = 'data-own-file-drop';

/** Whether a drag with these `dataTransfer.types` carries files (a palette drag does not). */
export function isFileDrag(types: readonly string[] | undefined): boolean {
  return types !== undefined && types.includes('Files') && !types.includes(NODE_TYPE_MIME);
}

export interface FileDropOptions {
  /** Shows or hides the "drop here" overlay. */
  readonly onactive: (active: boolean) => void;
  /** Called with every dropped file and where the pointer was. */
  readonly onfiles: (files: File[], at: ClientPoint) => void;
  /** Whether drops are acted on right now (not while a modal dialog is open); others are refused, never opened by the browser. */
  readonly enabled?: () => boolean;
}

/**
 * Makes the whole window a drop target for files. Listens in the capture phase so the canvas,
 * which handles palette drags itself, cannot swallow file drops; drags over an element marked
 * {@link OWN_FILE_DROP_ATTRIBUTE} pass through to it. Returns the disposer.
 */
export function installFileDrop(target: Window, options: FileDropOptions): () => void {
  // dragenter/dragleave fire for every child element crossed: count them to know when the drag left the window.
  let depth = 0;
  const accepts = (event: DragEvent): boolean => isFileDrag(event.dataTransfer ? [...event.dataTransfer.types] : undefined);
  const enabled = (): boolean => options.enabled?.() ?? true;
  const overOwnTarget = (event: DragEvent): boolean =>
    event.target instanceof Element && event.target.closest(`[${OWN_FILE_DROP_ATTRIBUTE}]`) !== null;

  const reset = (): void => {
    depth = 0;
    options.onactive(false);
  };
  const onenter = (event: DragEvent): void => {
    if (!accepts(event)) return;
    depth++;
    options.onactive(enabled() && !overOwnTarget(event));
  };
  const onover = (event: DragEvent): void => {
    if (!accepts(event)) return;
    // dragover repeats while the pointer moves: the overlay follows whether a field is under it.
    const own = overOwnTarget(event);
    options.onactive(enabled() && !own);
    if (own) return;
    // Taken even while disabled (a dialog is open), as a refusal: else the browser opens the file in place of the editor.
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = enabled() ? 'copy' : 'none';
  };
  const onleave = (event: DragEvent): void => {
    if (!accepts(event)) return;
    depth = Math.max(0, depth - 1);
    if (depth === 0) options.onactive(false);
  };
  const ondrop = (event: DragEvent): void => {
    if (!accepts(event)) return;
    reset();
    if (overOwnTarget(event)) return;
    // Without this the browser navigates to the file and the editor is gone.
    event.preventDefault();
    event.stopPropagation();
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length > 0 && enabled()) options.onfiles(files, { clientX: event.clientX, clientY: event.clientY });
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
