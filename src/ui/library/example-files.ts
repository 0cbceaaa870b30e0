import { sha256Hex } from '../../core';
import type { AssetKind } from '../../core';
import type { AssetStore, MediaImporter } from '../media/asset-shelf.svelte';
import { libraryMessages } from './messages';

/** A file an example names in an asset param, shipped with the app (src/nodes/examples/example-assets.ts). */
export interface ExampleFile {
  readonly sha256: string;
  /** Under the app's base URL, e.g. `examples/assets/beat-clip.webm`; its last part is the name it is stored under. */
  readonly path: string;
  readonly kind: AssetKind;
}

export interface ExampleFilePorts {
  /** The studio's storage; undefined when the browser offers none. */
  readonly storage: AssetStore | undefined;
  /** Probes and stores a file as the user's picks are (so the inspector shows its facts). */
  readonly importFiles: MediaImporter;
  readonly base?: string;
  readonly fetch?: (url: string) => Promise<Response>;
}

/**
 * Stores the files an example names that this browser has not stored yet, so its nodes find
 * them like any picked file: fetched from the app's own origin (nothing from elsewhere), checked
 * against the SHA-256 the example names (a damaged install is reported, not stored), then
 * imported. Afterwards they are ordinary stored files, listed on the shelf and deletable.
 * Resolves how many were stored.
 * @throws Error with a message for the user: storage off, a file missing or damaged, an import refused.
 */
export async function storeExampleFiles(files: readonly ExampleFile[], ports: ExampleFilePorts): Promise<number> {
  const { storage, importFiles, base = import.meta.env.BASE_URL, fetch: fetchFile = (url) => fetch(url) } = ports;
  let stored = 0;
  for (const file of files) {
    const name = file.path.split('/').pop()!;
    if (!storage) throw new Error(libraryMessages.exampleFileNoStorage(name));
    if (await storage.info(file.sha256)) continue;
    const response = await fetchFile(`${base}${file.path}`);
    if (!response.ok) throw new Error(libraryMessages.exampleFileMissing(name, `HTTP ${response.status}`));
    const bytes = await response.arrayBuffer();
    const actual = await sha256Hex(bytes);
    if (actual !== file.sha256) throw new Error(libraryMessages.exampleFileMissing(name, `its bytes hash to ${actual.slice(0, 12)}…, not ${file.sha256.slice(0, 12)}…`));
    await importFiles(storage, [new File([bytes], name, { type: response.headers.get('content-type') ?? '' })], file.kind);
    stored++;
  }
  return stored;
}
