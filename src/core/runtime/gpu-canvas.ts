import type { Tf } from '../graph/node-definition';

interface WebGpuBackendLike { readonly adapterInfo?: { readonly architecture?: string } }

/**
 * Whether frames may be drawn straight from tensors into WebGPU canvases
 * (`tf.browser.draw` with a 'webgpu' context), i.e. with no readback.
 *
 * Not on SwiftShader: in headless Chromium 156 without a GPU, configuring any WebGPU
 * canvas context invalidates the WebGPU instance ("A valid external Instance reference no
 * longer exists") and every later queue operation fails, which would stop the loop.
 * There, and on webgl/cpu (no draw kernel for a GPU canvas), callers read bytes back.
 */
export function canDrawToGpuCanvas(tf: Tf): boolean {
  if (tf.getBackend() !== 'webgpu' || typeof OffscreenCanvas === 'undefined') return false;
  return (tf.backend() as WebGpuBackendLike).adapterInfo?.architecture !== 'swiftshader';
}
