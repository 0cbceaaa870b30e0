export interface PageLifecyclePorts {
  /** Writes any pending draft now. */
  flush(): void;
  /** Whether leaving now would lose edits that are not in the library. */
  hasEdits(): boolean;
}

/**
 * Flushes the recovery draft when the page is hidden or closed, and asks the browser to
 * warn before unloading while there are unsaved edits. Returns the disposer.
 */
export function watchPageLifecycle(target: Window, ports: PageLifecyclePorts): () => void {
  const beforeunload = (event: BeforeUnloadEvent): void => {
    ports.flush();
    if (!ports.hasEdits()) return;
    event.preventDefault();
    // Older Chromium shows the prompt only when returnValue is set.
    event.returnValue = '';
  };
  const visibilitychange = (): void => {
    if (target.document.visibilityState === 'hidden') ports.flush();
  };
  const pagehide = (): void => ports.flush();
  target.addEventListener('beforeunload', beforeunload);
  target.addEventListener('pagehide', pagehide);
  target.document.addEventListener('visibilitychange', visibilitychange);
  return () => {
    target.removeEventListener('beforeunload', beforeunload);
    target.removeEventListener('pagehide', pagehide);
    target.document.removeEventListener('visibilitychange', visibilitychange);
  };
}
