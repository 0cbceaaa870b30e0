import { createContext } from 'svelte';
import type { DatasetCatalog } from './dataset-catalog.svelte';

/**
 * The stored datasets, for dataset pickers deep in the inspector. Context rather than props:
 * a param widget has no reason to know the app, and App.svelte sets it once.
 */
export const [getDatasetCatalog, setDatasetCatalog] = createContext<DatasetCatalog>();
