import { addNodeToCanvas } from '../canvas/canvas-link';
import { sessionKey } from '../app-sessions';
import type { EditorApp } from '../editor-app';
import { librarySession } from '../library/session';
import { makeLoopSession } from '../make-loop/make-loop-session.svelte';
import { AssetShelf } from './asset-shelf.svelte';
import { MediaDrop } from './media-drop.svelte';

const SHELF_KEY = sessionKey<AssetShelf>('asset shelf');
const DROP_KEY = sessionKey<MediaDrop>('media drop');

/** The one stored-files shelf of `app`, shared by every file field and the canvas drop. */
export function assetShelf(app: EditorApp): AssetShelf {
  return app.sessions.get(SHELF_KEY, () => new AssetShelf(app.storage, app.media.importFiles));
}

/** The one file-drop handler of `app`: graph files go through the library, clips and images become source nodes. */
export function mediaDrop(app: EditorApp): MediaDrop {
  return app.sessions.get(DROP_KEY, () => {
    const library = librarySession(app);
    return new MediaDrop({
      shelf: assetShelf(app),
      registry: app.registry,
      readGraph: (file) => app.media.readGraph(file),
      openGraphFile: (file) => library.files.openFile(file),
      openGraphText: (text, source) => library.files.openText(text, source),
      addNode: (type, params, at) => addNodeToCanvas(app, type, at, params),
      report: (message) => app.studio.report('file', message),
      status: (message) => library.status.show(message),
      // Issue 24: a dropped clip is one click from a learned loop, offered without a modal in the way.
      videoAdded: (nodeId, fileName) => makeLoopSession(app)?.offerFor(nodeId, fileName),
    });
  });
}
