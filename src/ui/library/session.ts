import type { EditorApp } from '../editor-app';
import { librarySession } from './library-session.svelte';

/**
 * Called once by the composition root before the loop starts: recovers unsaved work from a
 * crash-recovery draft (or reopens the graph open last time), then writes a draft ≈1.5 s
 * after each edit and warns before the page unloads with unsaved edits. Returns the disposer.
 */
export function startLibrarySession(app: EditorApp): Promise<() => void> {
  return librarySession(app).start();
}
