import type { Tf } from '../graph/node-definition';
import { BACKEND_PREFERENCE, rebuildBackend } from './backend';

/** What a backend instance may expose: tfjs-backend-webgpu's device, tfjs-backend-webgl's context. */
interface LosableBackend {
  readonly device?: { readonly lost?: Promise<{ readonly message?: string; readonly reason?: string }> };
  readonly gpgpu?: { readonly gl?: LosableContext };
}

interface LosableContext {
  readonly canvas?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  isContextLost?(): boolean;
}

/** Follows one backend instance until it is lost; `lost` also answers between the loss and its event. */
export interface BackendWatch {
  readonly lost: boolean;
  /** Stops listening (the instance was replaced, or the page is closing). */
  dispose(): void;
}

/**
 * Calls `onLost` once if the current backend's GPU goes away: WebGPU's `device.lost` (driver
 * reset, GPU process crash, `GPUDevice.destroy()`), or a `webglcontextlost` event on tfjs's
 * WebGL canvas (`WEBGL_lose_context`, too many contexts, a GPU reset). tfjs does not recover
 * from either by itself: queued work fails or never settles, and WebGL reads return zeros.
 * Backends with neither (cpu, wasm) are never lost.
 */
export function watchBackendLoss(tf: Tf, onLost: (reason: string) => void): BackendWatch {
  const backend = tf.backend() as LosableBackend;
  const name = tf.getBackend();
  let lost = false;
  let disposed = false;
  const report = (reason: string): void => {
    if (lost || disposed) return;
    lost = true;
    onLost(reason);
  };
  const context = backend.gpgpu?.gl;
  const onContextLost = (): void => report(`the ${name} context was lost`);
  context?.canvas?.addEventListener('webglcontextlost', onContextLost);
  void backend.device?.lost?.then((info) => report(`the ${name} device was lost: ${info.message || info.reason || 'no reason given'}`));
  return {
    // WebGL knows at once (the event is a task later); WebGPU only through the promise.
    get lost() { return lost || context?.isContextLost?.() === true; },
    dispose() {
      disposed = true;
      context?.canvas?.removeEventListener('webglcontextlost', onContextLost);
    },
  };
}

/** What `superviseBackend` asks of the scheduler (`Scheduler.recoverBackend`). */
export interface BackendRecoverer {
  recoverBackend(reason: string, rebuild: () => Promise<string>): Promise<void>;
}

/**
 * Keeps the studio running through lost GPUs: watches the current backend and, when it is
 * lost, has `scheduler` recover onto a rebuilt one (the lost backend on a new device or
 * context first, then the next in `order`), then watches that one. Recovery is automatic:
 * a user who comes back to a lost GPU finds the loop and training running again, having lost
 * at most one checkpoint interval. The returned watch's `lost` answers for the current backend.
 */
export function superviseBackend(tf: Tf, scheduler: BackendRecoverer, order: readonly string[] = BACKEND_PREFERENCE): BackendWatch {
  let stopped = false;
  let watch: BackendWatch;
  const onLost = (reason: string): void => {
    const lost = tf.getBackend();
    void scheduler.recoverBackend(reason, async () => {
      watch.dispose();
      const choice = await rebuildBackend(tf, lost, order);
      if (!stopped) watch = watchBackendLoss(tf, onLost);
      return choice.backend;
    });
  };
  watch = watchBackendLoss(tf, onLost);
  return {
    get lost() { return watch.lost; },
    dispose() {
      stopped = true;
      watch.dispose();
    },
  };
}
