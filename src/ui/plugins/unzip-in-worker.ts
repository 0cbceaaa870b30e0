import { BundleError, unzipWithinBudget } from '../../core';
import type { BundleErrorCode } from '../../core';

export interface UnzipRequest { readonly bytes: Uint8Array; readonly budgetBytes: number; readonly source: string }
export type UnzipReply =
  | { readonly ok: true; readonly entries: Record<string, Uint8Array> }
  | { readonly ok: false; readonly code: BundleErrorCode; readonly message: string };

/**
 * `unzipWithinBudget` in a worker of its own, ended once it answers (which frees what it
 * unpacked on refusal). The bytes are transferred, so the caller must not use them after.
 * Where workers are unavailable it runs here, still within the budget.
 */
export function unzipInWorker(bytes: Uint8Array, budgetBytes: number, source: string): Promise<Record<string, Uint8Array>> {
  if (typeof Worker === 'undefined') return Promise.resolve(unzipWithinBudget(bytes, budgetBytes, source));
  const worker = new Worker(new URL('./bundle-unzip.worker.ts', import.meta.url), { type: 'module', name: 'bundle-unzip' });
  return new Promise<Record<string, Uint8Array>>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<UnzipReply>) => {
      const reply = event.data;
      if (reply.ok) resolve(reply.entries);
      else reject(new BundleError(reply.code, reply.message));
    };
    // The worker itself died (out of memory): the tab lives, and the user is told.
    worker.onerror = (event) => reject(new BundleError('too-large', `${source} could not be unpacked (${event.message || 'the unpacking worker stopped'}); refused. Nothing was imported.`));
    const request: UnzipRequest = { bytes, budgetBytes, source };
    worker.postMessage(request, [bytes.buffer as ArrayBuffer]);
  }).finally(() => worker.terminate());
}
