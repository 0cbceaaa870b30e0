import { Unzip, UnzipInflate, unzipSync } from 'fflate';
import { BundleError } from './bundle-error';
import { errorMessage } from '../error-message';

/**
 * Most bytes a bundle may unpack to: 1 GiB, the same as the cap on the bundle file itself.
 * Weights, clips and pictures barely compress, so an honest bundle unpacks to about its packed
 * size; anything far past that is a zip bomb. Holding the packed file and its unpacked files
 * (2 GiB together at worst) is about what one tab can afford.
 */
export const BUNDLE_UNPACKED_BUDGET = 1024 * 1024 * 1024;

/**
 * Bytes fed to the inflater per step. Deflate expands at most ~1032:1, so one step makes at
 * most ~16 MiB: the budget is overshot by that much at worst before the count stops it.
 */
const STEP_BYTES = 16 * 1024;

/**
 * Unpacks a zip without ever holding more than `budgetBytes` of unpacked data (plus one step):
 * first the sizes its central directory declares are summed, then, because declared sizes can
 * lie, the real output is counted while inflating, and the unpacking stops once it passes the
 * budget.
 * @throws BundleError `not-a-bundle` when the bytes are no zip; `too-large` past the budget.
 * @example
 * const files = unzipWithinBudget(bytes, BUNDLE_UNPACKED_BUDGET, '“shared.nfp.zip”');
 */
export function unzipWithinBudget(bytes: Uint8Array, budgetBytes: number, source = 'The bundle'): Record<string, Uint8Array> {
  const tooLarge = () => new BundleError('too-large', `${source} would unpack to more than ${formatMiB(budgetBytes)}; refused. Nothing was imported.`);
  let declared = 0;
  try {
    // A filter that takes nothing reads only the central directory: nothing is inflated.
    unzipSync(bytes, { filter: (file) => { declared += file.originalSize; return false; } });
  } catch {
    throw new BundleError('not-a-bundle', `${source} is not a zip file, so it is no graph bundle.`);
  }
  if (declared > budgetBytes) throw tooLarge();

  const chunks = new Map<string, Uint8Array[]>();
  let unpacked = 0;
  let failure: unknown;
  const unzipper = new Unzip((file) => {
    const parts: Uint8Array[] = [];
    chunks.set(file.name, parts);
    file.ondata = (error, data) => {
      if (error) { failure ??= error; return; }
      unpacked += data.byteLength;
      if (unpacked <= budgetBytes) parts.push(data);
    };
    file.start();
  });
  unzipper.register(UnzipInflate);
  try {
    for (let at = 0; at < bytes.byteLength; at += STEP_BYTES) {
      unzipper.push(bytes.subarray(at, at + STEP_BYTES), at + STEP_BYTES >= bytes.byteLength);
      if (unpacked > budgetBytes) throw tooLarge();
      if (failure) break;
    }
  } catch (error) {
    if (error instanceof BundleError) throw error;
    failure ??= error;
  }
  if (failure) throw new BundleError('not-a-bundle', `${source} is a damaged zip file (${errorMessage(failure)}), so it cannot be opened.`);
  return Object.fromEntries([...chunks].map(([name, parts]) => [name, joinChunks(parts)]));
}

function joinChunks(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.byteLength, 0));
  let at = 0;
  for (const part of parts) { out.set(part, at); at += part.byteLength; }
  return out;
}

function formatMiB(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MiB`;
}
