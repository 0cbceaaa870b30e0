import type { PluginDefinition } from './plugin-definition';
import { pluginProblem } from './plugin-definition';
import { PluginError } from './plugin-error';
import type { PluginManifest } from './plugin-manifest';
import { readPluginManifest } from './plugin-manifest';
import { sha256Hex } from '../storage/bytes';
import { errorMessage } from '../error-message';

/** Larger files are refused unread: a node plugin is a few kilobytes of code. */
export const MAX_PLUGIN_BYTES = 2 * 1024 * 1024;

/**
 * How long a plugin's module may take to evaluate. A plugin's top level only declares nodes,
 * so it settles at once; one that awaits forever would otherwise hold up start-up for good.
 */
export const PLUGIN_LOAD_TIMEOUT_MS = 5000;

/**
 * What the user is asked to consent to: everything known about a plugin file without
 * running any of it. `manifest` is what the file *declares*; it is checked after loading.
 */
export interface PluginCandidate {
  readonly manifest: PluginManifest;
  /** A file name or a URL. */
  readonly source: string;
  /** SHA-256 of the code as UTF-8, lowercase hex. */
  readonly sha256: string;
  readonly bytes: number;
  readonly code: string;
}

/** Evaluates an ES module's text and returns its namespace. */
export type ModuleImporter = (code: string) => Promise<Record<string, unknown>>;

/**
 * Reads a plugin file's header and hash. Evaluates nothing: this is what runs before consent.
 * @throws PluginError `not-a-plugin`.
 * @example
 * const { manifest, sha256 } = await inspectPluginCode(await file.text(), file.name);
 * show(`${manifest.id} ${manifest.version}`, sha256); // then PluginHost.install on consent
 */
export async function inspectPluginCode(code: string, source: string): Promise<PluginCandidate> {
  const utf8 = new TextEncoder().encode(code);
  if (utf8.byteLength > MAX_PLUGIN_BYTES) {
    throw new PluginError('not-a-plugin', `${source} is ${(utf8.byteLength / 1024 / 1024).toFixed(1)} MiB; a plugin file may be at most ${MAX_PLUGIN_BYTES / 1024 / 1024} MiB`);
  }
  const manifest = readPluginManifest(code);
  if (typeof manifest === 'string') throw new PluginError('not-a-plugin', `${source} is not a studio plugin: ${manifest}.`);
  return { manifest, source, sha256: await sha256Hex(utf8.buffer), bytes: utf8.byteLength, code };
}

/**
 * Runs the plugin's module (call only after consent) and checks what it exports against
 * its header. A module still unsettled after `timeoutMs` is given up on (it cannot be
 * cancelled, but nothing waits for it and its nodes are never registered).
 * @throws PluginError `load-failed`, `timed-out`, `invalid`.
 */
export async function evaluatePlugin(candidate: PluginCandidate, importModule: ModuleImporter = importModuleText, timeoutMs = PLUGIN_LOAD_TIMEOUT_MS): Promise<PluginDefinition> {
  const { manifest } = candidate;
  const name = `Plugin "${manifest.id}" ${manifest.version}`;
  let namespace: Record<string, unknown>;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PluginError('timed-out', `${name} did not finish loading within ${timeoutMs / 1000} s, so it was skipped: its top-level code never settled. Remove or disable it in Plugins.`)), timeoutMs);
  });
  try {
    namespace = await Promise.race([importModule(candidate.code), timedOut]);
  } catch (error) {
    if (error instanceof PluginError) throw error;
    throw new PluginError('load-failed', `${name} failed to load: ${errorMessage(error)}. A plugin file is one ES module that imports nothing (tf comes from the node context).`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
  const plugin = namespace.default;
  const problem = pluginProblem(plugin);
  if (problem) throw new PluginError('invalid', `${name} is not a valid plugin: ${problem}.`);
  const { id, version } = plugin as PluginDefinition;
  if (id !== manifest.id || version !== manifest.version) {
    throw new PluginError('invalid', `${name} declares itself as "${id}" ${version} in its code; header and code must agree. Rebuild it with "npm run build-plugin".`);
  }
  return plugin as PluginDefinition;
}

/**
 * Imports module text through a `data:` URL: it needs no server, has no origin of its own
 * to leak, and works alike in browsers and in Node (so tests load plugins this same way).
 */
export function importModuleText(code: string): Promise<Record<string, unknown>> {
  const url = `data:text/javascript;charset=utf-8,${encodeURIComponent(code)}`;
  return import(/* @vite-ignore */ url) as Promise<Record<string, unknown>>;
}
