import { sessionKey } from '../app-sessions';
import type { EditorApp } from '../editor-app';
import { LibrarySession } from './library-session.svelte';

const LIBRARY_KEY = sessionKey<LibrarySession>('library');

/** The one library session of `app`, shared by the menu, the dialogs and startup. */
export function librarySession(app: EditorApp): LibrarySession {
  return app.sessions.get(LIBRARY_KEY, () => new LibrarySession(app));
}

/**
 * Called once by the composition root before the loop starts: recovers unsaved work from a
 * crash-recovery draft (or reopens the graph open last time), then writes a draft ≈1.5 s
 * after each edit and warns before the page unloads with unsaved edits. Returns the disposer.
 */
export function startLibrarySession(app: EditorApp): Promise<() => void> {
  return librarySession(app).start();
}
