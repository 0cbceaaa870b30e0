import type { Tensor3D, Tensor4D } from '@tensorflow/tfjs';
import type { Tf } from '../../core';

/**
 * Context each tile reads beyond the part it keeps, in input pixels. The UpscalerJS RDN
 * models see 10 input pixels around an output pixel (3×3 convs F_-1, F_0, the two RDB convs,
 * GFF_2, UPN2, UPN3, the 5×5 UPN1, and the 3×3 SR conv after the upsampling): with 12 pixels
 * of context every kept pixel is computed from exactly the pixels the whole image would give
 * it, so tiles leave no seams (the tiled output equals the whole-image output up to float
 * rounding). Tiles at the image border use the same zero padding as the whole image.
 */
export const TILE_CONTEXT = 12;

/** One tile along one axis: the window the network reads and the part of it that is kept. */
export interface TileSpan {
  /** First input pixel of the window. */
  readonly start: number;
  /** Window length in input pixels (equal for every span of an axis, so tiles batch). */
  readonly size: number;
  /** Kept part, relative to the window. */
  readonly keepStart: number;
  readonly keepSize: number;
}

/**
 * Splits an axis of `total` pixels into kept cores of `tile` pixels, each read with up to
 * `context` pixels around it. Windows shift inward at the far border, so all share one size.
 */
export function tileSpans(total: number, tile: number, context: number): TileSpan[] {
  const window = tile + 2 * context;
  if (total <= window) return [{ start: 0, size: total, keepStart: 0, keepSize: total }];
  const spans: TileSpan[] = [];
  for (let core = 0; core < total; core += tile) {
    const end = Math.min(core + tile, total);
    const start = Math.min(Math.max(core - context, 0), total - window);
    spans.push({ start, size: window, keepStart: core - start, keepSize: end - core });
  }
  return spans;
}

/** A network that maps [n, h, w, 3] to [n, h·scale, w·scale, 3]. */
export type ImageNetwork = (batch: Tensor4D) => Tensor4D;

export interface TiledOptions {
  readonly scale: number;
  /** Kept core size in input pixels; the frame runs whole when it fits one window. */
  readonly tile: number;
  readonly context: number;
  /** Windows per network call: bounds memory on large frames. */
  readonly batch: number;
}

/**
 * Runs `network` over `image` ([h, w, 3]) tile by tile and stitches the kept cores. All
 * windows have one shape, so they go through the network `batch` at a time. Call inside
 * `tf.tidy`.
 */
export function runTiled(tf: Tf, network: ImageNetwork, image: Tensor3D, options: TiledOptions): Tensor3D {
  const [height, width] = image.shape;
  const rows = tileSpans(height, options.tile, options.context);
  const cols = tileSpans(width, options.tile, options.context);
  if (rows.length === 1 && cols.length === 1) return tf.squeeze(network(tf.expandDims(image, 0) as Tensor4D), [0]);
  const windows: Tensor3D[] = [];
  for (const row of rows) {
    for (const col of cols) windows.push(tf.slice(image, [row.start, col.start, 0], [row.size, col.size, 3]));
  }
  const outputs: Tensor3D[] = [];
  for (let first = 0; first < windows.length; first += options.batch) {
    const predicted = network(tf.stack(windows.slice(first, first + options.batch)) as Tensor4D);
    outputs.push(...(tf.unstack(predicted) as Tensor3D[]));
  }
  const s = options.scale;
  const stitchedRows = rows.map((row, r) => {
    const cores = cols.map((col, c) => tf.slice(outputs[r * cols.length + c]!, [row.keepStart * s, col.keepStart * s, 0], [row.keepSize * s, col.keepSize * s, 3]));
    return cores.length === 1 ? cores[0]! : tf.concat(cores, 1);
  });
  return stitchedRows.length === 1 ? stitchedRows[0]! : tf.concat(stitchedRows, 0);
}
