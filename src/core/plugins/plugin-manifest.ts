import { pluginIdProblem, pluginVersionProblem } from './plugin-definition';

/**
 * The first line of every plugin file: `// @nfp-plugin {"id":"kaleidoscope","version":"1.0.0"}`.
 *
 * Why a header: the consent dialog must name the plugin before any of its code runs, and a
 * module cannot be asked its name without running it. So `npm run build-plugin` writes the
 * id and version into this comment, the dialog shows them as *declared*, and after consent
 * the loader refuses a module whose `definePlugin` says otherwise.
 */
export const PLUGIN_HEADER_PREFIX = '// @nfp-plugin ';

export interface PluginManifest {
  readonly id: string;
  readonly version: string;
  readonly description?: string;
}

/**
 * The header line for `manifest`, as the build script writes it.
 * @example pluginHeader({ id: 'kaleidoscope', version: '1.0.0' }) // '// @nfp-plugin {"id":"kaleidoscope","version":"1.0.0"}'
 */
export function pluginHeader(manifest: PluginManifest): string {
  return `${PLUGIN_HEADER_PREFIX}${JSON.stringify(manifest)}`;
}

/** Reads the header of `code` without evaluating anything; a string says what is wrong. */
export function readPluginManifest(code: string): PluginManifest | string {
  const firstLine = code.replace(/^\uFEFF/, '').split('\n', 1)[0]!.trim();
  if (!firstLine.startsWith(PLUGIN_HEADER_PREFIX)) {
    return `the file does not start with a "${PLUGIN_HEADER_PREFIX.trim()} {…}" line naming its id and version. Build plugins with "npm run build-plugin"`;
  }
  let header: unknown;
  try {
    header = JSON.parse(firstLine.slice(PLUGIN_HEADER_PREFIX.length));
  } catch {
    return 'its @nfp-plugin header is not valid JSON';
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) return 'its @nfp-plugin header is not a JSON object';
  const { id, version, description } = header as Record<string, unknown>;
  const problem = pluginIdProblem(id) ?? pluginVersionProblem(version);
  if (problem) return `its @nfp-plugin header is invalid: ${problem}`;
  if (description !== undefined && (typeof description !== 'string' || description.length > 300)) {
    return 'its @nfp-plugin header has a description that is not a string of at most 300 characters';
  }
  return { id: id as string, version: version as string, ...(description !== undefined ? { description: description as string } : {}) };
}
