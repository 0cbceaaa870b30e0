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

interface LosableDevice { readonly device?: { readonly lost?: Promise<{ readonly message: string; readonly reason?: string }> } }

/**
 * Calls `onLost` if the WebGPU device goes away (driver reset, GPU process crash). tfjs
 * cannot recover from that, and queued work would wait forever, so the user must be told.
 */
export function onGpuDeviceLost(tf: Tf, onLost: (message: string) => void): void {
  void (tf.backend() as LosableDevice).device?.lost?.then((info) => onLost(info.message || info.reason || 'unknown reason'));
}
