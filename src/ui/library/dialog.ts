/**
 * Attachment for a native `<dialog>`: opens it modal on mount (focus trap, Escape closes,
 * inert page behind) and closes it on unmount. A click on the backdrop closes it too: the
 * dialog has no padding, so a click whose target is the dialog itself landed outside its content.
 */
export function modalDialog(dialog: HTMLDialogElement): () => void {
  dialog.showModal();
  const onclick = (event: MouseEvent): void => {
    if (event.target === dialog) dialog.close();
  };
  dialog.addEventListener('click', onclick);
  return () => {
    dialog.removeEventListener('click', onclick);
    if (dialog.open) dialog.close();
  };
}
