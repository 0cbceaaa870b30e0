/**
 * Why a graph bundle could not be made or opened:
 * - `incomplete`: exporting, something the graph names is not available here.
 * - `not-a-bundle`: not a zip, or a zip without a valid `bundle.json`.
 * - `tampered`: a file does not match its SHA-256, is missing, or is not listed.
 * - `invalid`: the bundle is intact but its graph, its `bundle.json` or a plugin file cannot be used.
 * - `too-large`: it would unpack to more than the budget (a zip bomb, or simply too much).
 * Every message says which file and that nothing was changed.
 */
export type BundleErrorCode = 'incomplete' | 'not-a-bundle' | 'tampered' | 'invalid' | 'too-large';

export class BundleError extends Error {
  override readonly name = 'BundleError';
  constructor(readonly code: BundleErrorCode, message: string) {
    super(message);
  }
}
