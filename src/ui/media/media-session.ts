import { addNodeToCanvas } from '../canvas/canvas-link';
import type { EditorApp } from '../editor-app';
import { librarySession } from '../library/session';
import { AssetShelf } from './asset-shelf.svelte';
import { MediaDrop } from './media-drop.svelte';

const shelves = new WeakMap<EditorApp, AssetShelf>();
const drops = new WeakMap<EditorApp, MediaDrop>();

/** The one stored-files shelf of `app`, shared by every file field and the canvas drop. */
export function assetShelf(app: EditorApp): AssetShelf {
  let shelf = shelves.get(app);
  if (!shelf) {
    shelf = new AssetShelf(app.storage, app.media.importFiles);
    shelves.set(app, shelf);
  }
  return shelf;
}

/** The one file-drop handler of `app`: graph files go through the library, clips and images become source nodes. */
export function mediaDrop(app: EditorApp): MediaDrop {
  let drop = drops.get(app);
  if (!drop) {
    const library = librarySession(app);
    drop = new MediaDrop({
      shelf: assetShelf(app),
      registry: app.registry,
      readGraph: (file) => app.media.readGraph(file),
      openGraphFile: (file) => library.files.openFile(file),
      openGraphText: (text, source) => library.files.openText(text, source),
      addNode: (type, params, at) => addNodeToCanvas(app, type, at, params),
      report: (message) => app.studio.report('file', message),
      status: (message) => library.status.show(message),
    });
    drops.set(app, drop);
  }
  return drop;
}
