/**
 * Why a plugin could not be installed or loaded:
 * - `not-a-plugin`: no valid `@nfp-plugin` header, or too large; nothing ran.
 * - `fetch-failed`: the URL could not be read; nothing ran.
 * - `url-refused`: the URL is plain http on another origin (or not a web address); nothing was fetched.
 * - `timed-out`: its module did not finish evaluating in time; it was skipped, the app went on.
 * - `load-failed`: the module threw, failed to parse, or imported something it may not.
 * - `invalid`: its default export is not a valid plugin, or disagrees with its header.
 * - `conflict`: one of its node types is already taken (by the app or another plugin).
 * - `tampered`: stored code no longer matches the hash the user accepted; it was not run.
 */
export type PluginErrorCode = 'not-a-plugin' | 'fetch-failed' | 'url-refused' | 'timed-out' | 'load-failed' | 'invalid' | 'conflict' | 'tampered';

export class PluginError extends Error {
  override readonly name = 'PluginError';
  constructor(readonly code: PluginErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
  }
}
