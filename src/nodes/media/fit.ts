/**
 * How a source picture of any size is placed into the graph's frame:
 * - `crop` (cover): scaled to fill the frame, the overflow cut off evenly on both sides;
 * - `letterbox` (contain): scaled to fit inside, the rest black, the picture centred;
 * - `stretch`: scaled to the frame, aspect ratio ignored.
 */
export const FIT_MODES = ['crop', 'letterbox', 'stretch'] as const;
export type Fit = (typeof FIT_MODES)[number];

export function isFit(value: unknown): value is Fit {
  return typeof value === 'string' && (FIT_MODES as readonly string[]).includes(value);
}

/**
 * The `drawImage(source, sx, sy, sw, sh, dx, dy, dw, dh)` arguments for a fit. The source
 * rectangle may be fractional (a centred crop of an odd overflow); the destination is in
 * whole pixels, so letterbox bars are exactly black with no blended edge row.
 */
export interface FitRect {
  readonly sx: number;
  readonly sy: number;
  readonly sw: number;
  readonly sh: number;
  readonly dx: number;
  readonly dy: number;
  readonly dw: number;
  readonly dh: number;
}

/**
 * @throws RangeError for a size that is not positive.
 *
 * @example
 * fitRect('crop', { width: 256, height: 192 }, { width: 128, height: 128 })
 * // → { sx: 32, sy: 0, sw: 192, sh: 192, dx: 0, dy: 0, dw: 128, dh: 128 }
 */
export function fitRect(fit: Fit, source: { width: number; height: number }, frame: { width: number; height: number }): FitRect {
  const { width: sw, height: sh } = source;
  const { width: fw, height: fh } = frame;
  if (!(sw > 0 && sh > 0 && fw > 0 && fh > 0)) throw new RangeError(`cannot fit ${sw}×${sh} into ${fw}×${fh}`);
  const whole = { sx: 0, sy: 0, sw, sh };
  switch (fit) {
    case 'stretch':
      return { ...whole, dx: 0, dy: 0, dw: fw, dh: fh };
    case 'crop': {
      const scale = Math.max(fw / sw, fh / sh);
      const cw = Math.min(sw, fw / scale);
      const ch = Math.min(sh, fh / scale);
      return { sx: (sw - cw) / 2, sy: (sh - ch) / 2, sw: cw, sh: ch, dx: 0, dy: 0, dw: fw, dh: fh };
    }
    case 'letterbox': {
      const scale = Math.min(fw / sw, fh / sh);
      const dw = Math.max(1, Math.min(fw, Math.round(sw * scale)));
      const dh = Math.max(1, Math.min(fh, Math.round(sh * scale)));
      return { ...whole, dx: Math.floor((fw - dw) / 2), dy: Math.floor((fh - dh) / 2), dw, dh };
    }
    default:
      return exhaustive(fit);
  }
}

function exhaustive(x: never): never {
  throw new Error(`unhandled fit ${String(x)}`);
}
