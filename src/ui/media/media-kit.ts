import type { MediaImporter } from './asset-shelf.svelte';

/**
 * What the file shelf and the canvas drop need from the media nodes' files, declared by the UI
 * and handed over by the composition root (src/main.ts, from src/nodes/ui.ts): src/ui never
 * imports node internals.
 */
export interface MediaKit {
  /** Probes and stores dropped or picked files as one asset (src/nodes/media/import-media.ts). */
  readonly importFiles: MediaImporter;
  /** The graph a studio recording carries in its metadata, or null (src/nodes/media/graph-in-video.ts). */
  readonly readGraph: (file: File) => Promise<string | null>;
}
