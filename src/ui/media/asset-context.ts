import { createContext } from 'svelte';
import type { AssetShelf } from './asset-shelf.svelte';

/**
 * The stored-files shelf for file fields deep in the inspector. Context rather than props:
 * a param widget has no reason to know the app, and App.svelte sets it once.
 */
export const [getAssetShelf, setAssetShelf] = createContext<AssetShelf>();
