import type { Tensor, Tensor3D } from '@tensorflow/tfjs';
import { canDrawToGpuCanvas } from '../../core';
import type { FrameSize, Tf } from '../../core';

/**
 * Turns frame tensors into `VideoFrame`s for a `VideoEncoder`. This is the one place that
 * knows how pixels leave the backend:
 * - `gpu-canvas` (webgpu on a real GPU): `tf.browser.draw` renders the tensor into an
 *   OffscreenCanvas on the GPU and the `VideoFrame` is made from the canvas; nothing is read
 *   back into JS.
 * - `readback` (cpu, webgl, and webgpu on SwiftShader): the frame is read back asynchronously
 *   (`data()`, never a blocking `dataSync`), packed into one 24-bit value per pixel first on
 *   GPU backends, and wrapped in an RGBX `VideoFrame`.
 *
 * The choice is core's `canDrawToGpuCanvas` (no WebGPU canvas on SwiftShader: configuring one
 * invalidates the WebGPU instance in headless Chromium 156). tfjs's synchronous webgpu
 * readback uses canvases too, so the readback here is always asynchronous.
 */
export interface FrameSurface {
  readonly path: 'gpu-canvas' | 'readback';
  /**
   * Captures `frame` ([h, w, 3] in [0, 1]) now, synchronously; the `VideoFrame` (which the
   * caller closes) may arrive later. Call inside a `tf.tidy` (node `process`).
   */
  capture(frame: Tensor3D, timestampUs: number, durationUs: number): VideoFrame | Promise<VideoFrame>;
  dispose(): void;
}

export function createFrameSurface(tf: Tf, size: FrameSize): FrameSurface {
  return canDrawToGpuCanvas(tf) ? gpuCanvasSurface(tf, size) : readbackSurface(tf, size);
}

function checkSize(frame: Tensor3D, size: FrameSize): void {
  const [height, width, channels] = frame.shape;
  if (height !== size.height || width !== size.width || channels !== 3) {
    throw new Error(`expected a ${size.width}×${size.height} RGB frame, got shape [${frame.shape.join(', ')}]`);
  }
}

function gpuCanvasSurface(tf: Tf, size: FrameSize): FrameSurface {
  let canvas: OffscreenCanvas | undefined = new OffscreenCanvas(size.width, size.height);
  return {
    path: 'gpu-canvas',
    capture(frame, timestamp, duration) {
      if (!canvas) throw new Error('the frame surface was disposed');
      checkSize(frame, size);
      // draw() wants [0, 1] floats; a node may hand over slightly out-of-range values.
      const clipped = tf.clipByValue(frame, 0, 1) as Tensor3D;
      // The DRAW program is submitted to the GPU queue at once, so the canvas holds the frame now.
      tf.browser.draw(clipped, canvas as unknown as HTMLCanvasElement, { contextOptions: { contextType: 'webgpu' } });
      return new VideoFrame(canvas, { timestamp, duration, alpha: 'discard' });
    },
    dispose() {
      (canvas?.getContext('webgpu') as GPUCanvasContext | null | undefined)?.unconfigure();
      canvas = undefined;
    },
  };
}

function readbackSurface(tf: Tf, size: FrameSize): FrameSurface {
  const pixels = size.width * size.height;
  // On GPU backends, pack r·65536 + g·256 + b (below 2^24, exact in float32): a third of the
  // bytes to read back. On cpu the values are in memory already, and packing only costs time.
  const pack = tf.getBackend() !== 'cpu';
  let disposed = false;
  return {
    path: 'readback',
    capture(frame, timestamp, duration) {
      if (disposed) throw new Error('the frame surface was disposed');
      checkSize(frame, size);
      const bytes = tf.round(tf.mul(tf.clipByValue(frame, 0, 1), 255));
      let readable: Tensor = bytes;
      if (pack) {
        // Split + add rather than a sum over channels: reductions are ~100× slower on SwiftShader WebGPU.
        const [r, g, b] = tf.split(bytes, 3, 2) as [Tensor, Tensor, Tensor];
        readable = tf.add(tf.add(tf.mul(r, 65536), tf.mul(g, 256)), b);
      }
      const kept = tf.keep(readable);
      return kept.data().then(
        (values) => {
          kept.dispose();
          const rgbx = new Uint8Array(pixels * 4);
          for (let p = 0, q = 0; p < pixels; p++, q += 4) {
            if (pack) {
              const v = values[p] as number;
              rgbx[q] = v >>> 16;
              rgbx[q + 1] = (v >>> 8) & 255;
              rgbx[q + 2] = v & 255;
            } else {
              rgbx[q] = values[3 * p] as number;
              rgbx[q + 1] = values[3 * p + 1] as number;
              rgbx[q + 2] = values[3 * p + 2] as number;
            }
            rgbx[q + 3] = 255;
          }
          return new VideoFrame(rgbx, { format: 'RGBX', codedWidth: size.width, codedHeight: size.height, timestamp, duration });
        },
        (error: unknown) => {
          kept.dispose();
          throw error;
        },
      );
    },
    dispose() {
      disposed = true;
    },
  };
}
