import type { ModelSummary } from '../../core';

/** A shelf of stored models as pickers read it (the Model field's imports, the checkpoint picker's checkpoints). */
export interface ModelListing {
  /** Undefined when storage is unavailable. */
  list(): Promise<ModelSummary[]> | undefined;
  /** Changes whenever the list may have, so pickers re-list. */
  readonly revision: number;
}

/**
 * The models `shelf` lists, narrowed by `pick`, re-read whenever its revision changes; a reply
 * that arrives after a newer request started is dropped. Call while a component initializes.
 */
export function storedModels(shelf: ModelListing, pick: (all: ModelSummary[]) => ModelSummary[] = (all) => all): {
  readonly models: ModelSummary[];
  readonly unavailable: boolean;
} {
  let models: ModelSummary[] = $state([]);
  let unavailable = $state(false);
  $effect(() => {
    void shelf.revision;
    const listing = shelf.list();
    if (!listing) {
      unavailable = true;
      return;
    }
    let live = true;
    listing.then((all) => { if (live) models = pick(all); }, () => { if (live) unavailable = true; });
    return () => { live = false; };
  });
  return {
    get models() { return models; },
    get unavailable() { return unavailable; },
  };
}
