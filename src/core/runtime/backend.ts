import type { Tf } from '../graph/node-definition';

/**
 * Backends we can run the loop *and train* on, best first. wasm is left out on purpose:
 * tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter kernel, so it cannot train convolutions.
 */
export const BACKEND_PREFERENCE = ['webgpu', 'webgl', 'cpu'] as const;
export type BackendName = (typeof BACKEND_PREFERENCE)[number];

export interface BackendChoice {
  readonly backend: BackendName;
  /** Why each better backend was passed over, for the UI. */
  readonly skipped: ReadonlyArray<{ readonly backend: BackendName; readonly reason: string }>;
}

export function isBackendName(value: unknown): value is BackendName {
  return typeof value === 'string' && (BACKEND_PREFERENCE as readonly string[]).includes(value);
}

/**
 * Picks the first backend that initialises, starting from `preferred` when given (the
 * user's override), then webgpu → webgl → cpu.
 */
export async function selectBackend(tf: Tf, preferred?: BackendName): Promise<BackendChoice> {
  const order = preferred ? [preferred, ...BACKEND_PREFERENCE.filter((b) => b !== preferred)] : [...BACKEND_PREFERENCE];
  const skipped: Array<{ backend: BackendName; reason: string }> = [];
  for (const backend of order) {
    const reason = await tryBackend(tf, backend);
    if (reason === null) return { backend, skipped };
    skipped.push({ backend, reason });
  }
  throw new Error(`No tfjs backend could start: ${skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ')}`);
}

async function tryBackend(tf: Tf, backend: BackendName): Promise<string | null> {
  try {
    if (backend === 'webgpu') {
      const gpu = (globalThis.navigator as { gpu?: { requestAdapter(): Promise<unknown> } } | undefined)?.gpu;
      if (!gpu) return 'this browser has no WebGPU (navigator.gpu is missing)';
      if (!(await gpu.requestAdapter())) return 'no WebGPU adapter is available';
      // Registering the webgpu backend is a side effect of its module: load it only when chosen.
      await import('@tensorflow/tfjs-backend-webgpu');
    }
    if (backend === 'webgl' && typeof document === 'undefined') return 'WebGL needs a browser page';
    const ok = await tf.setBackend(backend);
    if (!ok) return 'failed to initialise';
    await tf.ready();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
