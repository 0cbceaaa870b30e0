import type { AssetKind } from '../../core';

/**
 * A file an example graph names in an asset param (the clip of an Audio node), shipped with
 * the app under public/ as the examples' weights are under public/checkpoints/. Opening the
 * example stores it in the browser (src/ui/library/example-files.ts), and the render command
 * finds it without `--asset` (scripts/lib/render-assets.ts). This module imports no graph
 * text (`?raw`), so Node scripts can read the list too.
 */
export interface ExampleAsset {
  /** SHA-256 of the file's bytes: what the graph's param names. */
  readonly sha256: string;
  /** Under public/ and under the app's base URL; its last part is the name it is stored under. */
  readonly path: string;
  readonly kind: AssetKind;
}

/**
 * Beat loop's clip, made by scripts/make-beat-clip.ts: 4 s of a spiral at 30 fps with a kick
 * drum on every beat at 120 BPM (and a ring that widens from the centre with each kick).
 */
export const beatClip: ExampleAsset = {
  sha256: 'af2ff1ff26d3af9f454c9e7e36f0a00a06a1b51b2fcfba0cb7c570e253bb3bd9',
  path: 'examples/assets/beat-clip.webm',
  kind: 'video',
};

export const exampleAssets: readonly ExampleAsset[] = [beatClip];
