// Imported from its own module, not '../../core': the worker's bundle then holds fflate and
// this function, not the whole core (tfjs and its backends).
import { unzipWithinBudget } from '../../core/library/bundle-unzip';
import { BundleError } from '../../core/library/bundle-error';
import type { UnzipReply, UnzipRequest } from './unzip-in-worker';
import { errorMessage } from '../../core/error-message';

/** Unpacks one bundle off the main thread, so a large one (or a zip bomb) never freezes the page. */
self.onmessage = (event: MessageEvent<UnzipRequest>) => {
  const { bytes, budgetBytes, source } = event.data;
  let reply: UnzipReply;
  let transfer: ArrayBuffer[] = [];
  try {
    const entries = unzipWithinBudget(bytes, budgetBytes, source);
    reply = { ok: true, entries };
    // Small stored entries are views into one buffer; each buffer may be transferred only once.
    transfer = [...new Set(Object.values(entries).map((e) => e.buffer as ArrayBuffer))];
  } catch (error) {
    reply = error instanceof BundleError
      ? { ok: false, code: error.code, message: error.message }
      : { ok: false, code: 'not-a-bundle', message: `${source} could not be unpacked: ${errorMessage(error)}` };
  }
  (self as unknown as Worker).postMessage(reply, transfer);
};
