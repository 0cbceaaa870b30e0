import type { AnyNodeDefinition, AssetInfo, GraphNode, ParamSchemas } from '../../core';
import { selectedCount } from '../../core';
import { datasetMessages } from './messages';

/** Sizes offered as one-click presets (square), besides the graph's own size. */
export const SIZE_PRESETS = [64, 128, 256] as const;
export const MIN_SIDE = 8;
/** 1024² RGB is 3 MiB a frame: larger frames fill browser storage fast and train slowly anyway. */
export const MAX_SIDE = 1024;
export const MAX_STRIDE = 1000;
export const MAX_EXTRACT_FRAMES = 100_000;
export const MAX_NAME_LENGTH = 120;
/** Max frames proposed for a source that never ends (procedural, webcam). */
export const DEFAULT_FRAMES = 100;

export interface ExtractForm {
  readonly name: string;
  readonly width: number;
  readonly height: number;
  readonly stride: number;
  readonly maxFrames: number;
}

/** Nodes offered "Extract frames…": sources that can run alone and output frames. */
export function isExtractable(definition: AnyNodeDefinition | undefined): definition is AnyNodeDefinition {
  return definition !== undefined
    && definition.category === 'Sources'
    && definition.outputs.some((port) => port.type === 'frame')
    && definition.inputs.every((port) => port.optional || port.delayed);
}

/** How long the source's clip is, as far as extraction is concerned. */
export type ClipLength =
  /** The source plays a file: `frames` is what it shows before its end (after its own offset and stride). */
  | { readonly kind: 'finite'; readonly frames: number; readonly note: string }
  /** Procedural or live (or a file whose length is unknown): the user picks how many. */
  | { readonly kind: 'endless' }
  /** The source cannot run: no file picked, or the file is gone. */
  | { readonly kind: 'problem'; readonly message: string };

/** The param of `definition` that holds its file, if it plays one. */
export function fileParam(definition: AnyNodeDefinition): readonly [string, Extract<ParamSchemas[string], { kind: 'asset' }>] | undefined {
  for (const [name, schema] of Object.entries(definition.params as ParamSchemas)) {
    if (schema.kind === 'asset') return [name, schema];
  }
  return undefined;
}

/**
 * How many frames a file source shows before its end, from the file's stored facts (`meta.frames`
 * of a clip, `meta.images` of an image sequence) and the node's own `offset` and `stride`.
 * `info` is the stored facts of the node's file (undefined when it is not stored).
 */
export function clipLength(node: Pick<GraphNode, 'params' | 'label'>, definition: AnyNodeDefinition, info: AssetInfo | undefined): ClipLength {
  const param = fileParam(definition);
  if (!param) return { kind: 'endless' };
  const title = node.label ?? definition.title;
  const [name, schema] = param;
  if (typeof node.params[name] !== 'string' || node.params[name] === '') return { kind: 'problem', message: datasetMessages.noFile(title, schema.label) };
  if (!info) return { kind: 'problem', message: datasetMessages.fileMissing(title) };
  if (info.kind === 'image') return { kind: 'finite', frames: 1, note: `${info.name} is a single image: every frame is the same.` };
  const count = info.kind === 'image-sequence' ? info.meta?.['images'] ?? info.meta?.['frames'] : info.meta?.['frames'];
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) return { kind: 'endless' };
  const offset = numberParam(node, 'offset', 0);
  const stride = numberParam(node, 'stride', 1);
  const frames = selectedCount({ offset, stride }, count);
  const unit = info.kind === 'image-sequence' ? 'images' : 'frames';
  const selection = offset > 0 || stride > 1 ? ` (from ${offset}, every ${stride}: ${frames})` : '';
  return { kind: 'finite', frames, note: `${info.name} has ${count.toLocaleString('en')} ${unit}${selection}.` };
}

function numberParam(node: Pick<GraphNode, 'params'>, name: string, fallback: number): number {
  const value = node.params[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** Max frames to propose: the whole clip at this stride, or DEFAULT_FRAMES for an endless source. */
export function proposedMaxFrames(length: ClipLength, stride: number): number {
  if (length.kind !== 'finite') return DEFAULT_FRAMES;
  return Math.min(MAX_EXTRACT_FRAMES, Math.max(1, Math.ceil(length.frames / Math.max(1, stride))));
}

/** Why the form cannot start an extraction, or undefined when it can. */
export function formProblem(form: ExtractForm): string | undefined {
  if (form.name.trim() === '') return datasetMessages.nameMissing();
  if (form.name.length > MAX_NAME_LENGTH) return datasetMessages.nameTooLong(MAX_NAME_LENGTH);
  const whole = (value: number, min: number, max: number) => Number.isInteger(value) && value >= min && value <= max;
  if (!whole(form.width, MIN_SIDE, MAX_SIDE) || !whole(form.height, MIN_SIDE, MAX_SIDE)) return datasetMessages.sizeOutOfRange(MIN_SIDE, MAX_SIDE);
  if (!whole(form.stride, 1, MAX_STRIDE)) return datasetMessages.strideOutOfRange(MAX_STRIDE);
  if (!whole(form.maxFrames, 1, MAX_EXTRACT_FRAMES)) return datasetMessages.framesOutOfRange(MAX_EXTRACT_FRAMES);
  return undefined;
}

/** "Runs the source for 39 frames and stores 20 (240 KB)." */
export function planSummary(form: Pick<ExtractForm, 'width' | 'height' | 'stride' | 'maxFrames'>, formatBytes: (bytes: number) => string): string {
  const computed = (form.maxFrames - 1) * form.stride + 1;
  const bytes = form.width * form.height * 3 * form.maxFrames;
  const stored = form.maxFrames === 1 ? '1 frame' : `${form.maxFrames.toLocaleString('en')} frames`;
  return `Runs the source for ${computed.toLocaleString('en')} ${computed === 1 ? 'frame' : 'frames'} and stores ${stored} (${formatBytes(bytes)}).`;
}

export function defaultDatasetName(title: string, width: number, height: number): string {
  return `${title} ${width}×${height}`;
}

/** "about 12 s left", "about 3 min left"; empty before there is a rate to go by. */
export function formatEta(remainingFrames: number, framesPerSecond: number): string {
  if (!(framesPerSecond > 0) || remainingFrames <= 0) return '';
  const seconds = remainingFrames / framesPerSecond;
  if (seconds < 1) return 'under a second left';
  if (seconds < 90) return `about ${Math.round(seconds)} s left`;
  if (seconds < 90 * 60) return `about ${Math.round(seconds / 60)} min left`;
  return `about ${(seconds / 3600).toFixed(1)} h left`;
}

/** Which frames a thumbnail strip of `count` shows out of `frameCount`: first, last and evenly between. */
export function thumbnailIndices(frameCount: number, count: number): number[] {
  const k = Math.min(count, frameCount);
  if (k <= 0) return [];
  if (k === 1) return [0];
  return Array.from({ length: k }, (_, i) => Math.round((i * (frameCount - 1)) / (k - 1)));
}

/** RGB8 dataset bytes as RGBA8 for an ImageData (opaque). */
export function rgbToRgba(rgb: Uint8Array, pixels: number): Uint8ClampedArray<ArrayBuffer> {
  const rgba = new Uint8ClampedArray(pixels * 4);
  for (let p = 0, q = 0; q < rgba.length; p += 3, q += 4) {
    rgba[q] = rgb[p]!;
    rgba[q + 1] = rgb[p + 1]!;
    rgba[q + 2] = rgb[p + 2]!;
    rgba[q + 3] = 255;
  }
  return rgba;
}
