import type { FrameSize } from '../../core';
import type { Fit, FitRect } from './fit';
import { fitRect } from './fit';

/** Draws the source's picture into a 2D context at the given rectangle. */
export type DrawInto = (context: OffscreenCanvasRenderingContext2D, rect: FitRect) => void;

/**
 * Scales decoded pictures (video frames, images, webcam frames) to the graph's frame size
 * with a fit, and returns their RGBA bytes. One canvas is reused for every picture; each
 * call returns fresh bytes the caller may keep.
 */
export class PictureFitter {
  /** Made on the first fit, so a node can hold a fitter where there is no canvas (node tests). */
  #context: OffscreenCanvasRenderingContext2D | undefined;

  constructor(readonly size: FrameSize) {}

  /** RGBA bytes, size.width × size.height × 4, of `source` (whose size is `sourceSize`) placed with `fit`. */
  fit(draw: DrawInto, sourceSize: FrameSize, fit: Fit): Uint8ClampedArray {
    const { width, height } = this.size;
    const context = (this.#context ??= makeContext(this.size));
    context.fillStyle = '#000';
    context.fillRect(0, 0, width, height);
    draw(context, fitRect(fit, sourceSize, this.size));
    return context.getImageData(0, 0, width, height).data;
  }
}

function makeContext({ width, height }: FrameSize): OffscreenCanvasRenderingContext2D {
  // willReadFrequently keeps the canvas in memory: every draw is read back at once.
  const context = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true, alpha: false });
  if (!context) throw new Error('this browser gives no 2D canvas, so pictures cannot be scaled');
  context.imageSmoothingQuality = 'high';
  return context;
}

/** A DrawInto for anything drawImage takes (ImageBitmap, VideoFrame, a video element). */
export function drawImageSource(source: CanvasImageSource): DrawInto {
  return (context, r) => context.drawImage(source, r.sx, r.sy, r.sw, r.sh, r.dx, r.dy, r.dw, r.dh);
}
