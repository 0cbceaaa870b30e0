import type { Tf } from '../graph/node-definition';
import { errorMessage } from '../error-message';

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

/**
 * Starts a fresh backend after `lost` died (a lost WebGPU device or WebGL context): the dead
 * instance is removed and its factory registered again, so `lost` is tried first with a new
 * device or context, then the backends after it in `order` (webgpu → webgl → cpu) when the
 * GPU stays gone. Call it only once nothing holds a tensor of the dead backend.
 * @throws Error naming every reason when no backend starts.
 */
export async function rebuildBackend(tf: Tf, lost: string, order: readonly string[] = BACKEND_PREFERENCE): Promise<BackendChoice> {
  const entry = registeredFactory(tf, lost);
  try {
    // Disposing a backend whose GPU is gone may throw half-way; the instance is dropped anyway.
    tf.removeBackend(lost);
  } catch (error) {
    console.warn(`disposing the lost ${lost} backend failed`, error);
  }
  if (entry) tf.registerBackend(lost, entry.factory, entry.priority);
  const after = order.includes(lost) ? order.slice(order.indexOf(lost) + 1) : order.filter((b) => b !== lost);
  const skipped: Array<{ backend: BackendName; reason: string }> = [];
  for (const backend of [lost, ...after]) {
    const reason = await tryBackend(tf, backend);
    if (reason === null) return { backend: backend as BackendName, skipped };
    skipped.push({ backend: backend as BackendName, reason });
  }
  throw new Error(`No tfjs backend could start again: ${skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ')}`);
}

/** The factory and priority `name` was registered with, read before `removeBackend` forgets them. */
function registeredFactory(tf: Tf, name: string): { factory: Parameters<Tf['registerBackend']>[1]; priority: number } | undefined {
  const factory = tf.findBackendFactory(name);
  if (!factory) return undefined;
  // tfjs keeps priorities private; the engine's registry is the one place that has it.
  const registry = (tf.engine() as unknown as { registryFactory?: Record<string, { priority?: number }> }).registryFactory;
  return { factory, priority: registry?.[name]?.priority ?? 1 };
}

async function tryBackend(tf: Tf, backend: string): Promise<string | null> {
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
    return errorMessage(error);
  }
}
