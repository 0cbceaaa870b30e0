import type { Tf } from '../graph/node-definition';

interface WebGpuLike { device?: { queue?: { onSubmittedWorkDone(): Promise<void> } } }
interface WebGlLike { gpgpu?: { createAndWaitForFence(): Promise<void> } }

/**
 * Resolves when the backend has finished the work queued so far, without reading any
 * data back. This gives honest frame timings on GPU backends and keeps the loop from
 * queueing frames faster than the GPU can run them. On cpu the work is already done.
 */
export function waitForBackend(tf: Tf): Promise<void> | undefined {
  const backend = tf.backend() as WebGpuLike & WebGlLike;
  const queue = backend.device?.queue;
  if (queue) return queue.onSubmittedWorkDone();
  if (backend.gpgpu) return backend.gpgpu.createAndWaitForFence();
  // Returning nothing (not a resolved promise) spares the cpu loop an await per node.
  return undefined;
}
