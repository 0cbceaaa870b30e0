import { createContext } from 'svelte';
import type { ModelSummary, StudioStorage } from '../../core';
import { IMPORTED_MODEL_KEY, readModelFiles } from './model-files';

/** What the Model field (TF.js Model node) needs: the imported models, and importing more. */
export interface ModelShelf {
  /** Models the user imported, most recent first; undefined when storage is unavailable. */
  list(): Promise<ModelSummary[]> | undefined;
  /** Reads, checks and stores a picked model.json and its weight files. @throws Error with a message for the user. */
  import(files: readonly File[]): Promise<ModelSummary>;
  /** Changes after every import, so pickers re-list. */
  readonly revision: number;
}

export const [getModelShelf, setModelShelf] = createContext<ModelShelf>();

/** The shelf over the studio's storage (content-addressed: the same weights import once). */
export function modelShelf(storage: () => StudioStorage | undefined): ModelShelf {
  let revision = $state(0);
  return {
    list() {
      return storage()?.listModels().then((models) => models.filter((m) => m.metadata?.[IMPORTED_MODEL_KEY] !== undefined));
    },
    async import(files) {
      const store = storage();
      if (!store) throw new Error('Browser storage is unavailable, so models cannot be imported.');
      const artifacts = await readModelFiles(files);
      const name = String(artifacts.userDefinedMetadata?.[IMPORTED_MODEL_KEY] ?? 'model.json');
      const saved = await store.saveModel(artifacts, name);
      revision++;
      return { sha256: saved.sha256, name, bytes: saved.bytes, savedAt: Date.now() };
    },
    get revision() { return revision; },
  };
}
