// The Examples gallery's looping previews: small WebMs and a manifest that ships with the app
// (public/examples/, written by `npm run previews`, scripts/make-previews.ts). The app only
// reads them; a missing manifest or file means the card shows its wiring sketch instead.

/** Where the previews live, under the app's base URL (Vite copies public/ to the build's root). */
export const PREVIEWS_FOLDER = 'examples';
export const PREVIEW_MANIFEST = 'previews.json';
export const PREVIEW_MANIFEST_VERSION = 1;

/** One example's preview, as the previews command measured it when it rendered the file. */
export interface ExamplePreview {
  /** The WebM's file name in the previews folder. */
  readonly file: string;
  readonly frames: number;
  readonly fps: number;
  /** The video's frame size (the graph's output: an Upscaler makes it larger than the graph's frames). */
  readonly width: number;
  readonly height: number;
  /** Wall-clock ms per frame while rendering, after the first frame (model loading, shader compiling). */
  readonly msPerFrame: number;
  /** The tfjs backend it ran on. */
  readonly backend: string;
  /** The GPU (or software rasterizer) under that backend, when the browser said. */
  readonly device?: string;
  /** ISO date of the render. */
  readonly rendered: string;
}

export interface PreviewManifest {
  readonly version: typeof PREVIEW_MANIFEST_VERSION;
  /** By example id (src/nodes/examples/<id>.graph.json). */
  readonly previews: Readonly<Record<string, ExamplePreview>>;
}

const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';
const isPositive = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value > 0;

/** The entry as an ExamplePreview, or undefined when any field is missing or wrong. */
function readPreview(entry: unknown): ExamplePreview | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const e = entry as Record<string, unknown>;
  // A file name only: the manifest must not point the page anywhere but the previews folder.
  if (!isText(e.file) || !/^[\w.-]+\.webm$/.test(e.file)) return undefined;
  if (![e.frames, e.fps, e.width, e.height, e.msPerFrame].every(isPositive)) return undefined;
  if (!isText(e.backend) || !isText(e.rendered)) return undefined;
  return {
    file: e.file,
    frames: e.frames as number,
    fps: e.fps as number,
    width: e.width as number,
    height: e.height as number,
    msPerFrame: e.msPerFrame as number,
    backend: e.backend,
    ...(isText(e.device) ? { device: e.device } : {}),
    rendered: e.rendered,
  };
}

/**
 * The previews a manifest lists, by example id. Lenient: an unknown version or a malformed
 * entry drops that entry (its card shows no preview) rather than the gallery.
 */
export function parsePreviewManifest(json: unknown): ReadonlyMap<string, ExamplePreview> {
  const previews = new Map<string, ExamplePreview>();
  if (typeof json !== 'object' || json === null) return previews;
  const { version, previews: entries } = json as { version?: unknown; previews?: unknown };
  if (version !== PREVIEW_MANIFEST_VERSION || typeof entries !== 'object' || entries === null) return previews;
  for (const [id, entry] of Object.entries(entries)) {
    const preview = readPreview(entry);
    if (preview) previews.set(id, preview);
  }
  return previews;
}

/** Fetches the manifest from the app's own origin; an empty map when it is missing or unreadable. */
export async function loadExamplePreviews(base: string): Promise<ReadonlyMap<string, ExamplePreview>> {
  try {
    const response = await fetch(`${base}${PREVIEWS_FOLDER}/${PREVIEW_MANIFEST}`);
    if (!response.ok) return new Map();
    return parsePreviewManifest(await response.json());
  } catch {
    return new Map();
  }
}

/** The URL of a preview's video under the app's base URL. */
export function previewUrl(base: string, preview: ExamplePreview): string {
  return `${base}${PREVIEWS_FOLDER}/${preview.file}`;
}

/** The card's size and speed line, e.g. "128×128 · 131 ms/frame on webgpu (SwiftShader)". */
export function previewLine(preview: ExamplePreview): string {
  const ms = preview.msPerFrame >= 100 ? Math.round(preview.msPerFrame).toString() : preview.msPerFrame.toFixed(1);
  const on = preview.device ? `${preview.backend} (${preview.device})` : preview.backend;
  return `${preview.width}×${preview.height} · ${ms} ms/frame on ${on}`;
}
