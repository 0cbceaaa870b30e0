import { PluginError } from './plugin-error';
import type { PluginCandidate } from './plugin-loader';
import { MAX_PLUGIN_BYTES, inspectPluginCode } from './plugin-loader';
import { errorMessage } from '../error-message';

/**
 * Why `url` may not be fetched as a plugin, or undefined when it may: https anywhere, or
 * any scheme on the app's own origin (a dev server or a test serving plain http). Plain
 * http elsewhere is refused: anyone on the network path could substitute the file, and the
 * consent dialog's SHA-256 would then vouch for the substitute.
 * @example pluginUrlProblem('http://example.com/p.js', 'https://studio.app') // 'plain http://…'
 */
export function pluginUrlProblem(url: string, appOrigin?: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url, appOrigin);
  } catch {
    return `“${url}” is not a web address: give an https:// URL of a plugin .js file`;
  }
  if (appOrigin !== undefined && parsed.origin === new URL(appOrigin).origin) return undefined;
  if (parsed.protocol === 'https:') return undefined;
  if (parsed.protocol === 'http:') {
    return `${parsed.href} uses plain http://, which anyone on the network can alter; plugins are fetched only over https:// (or from this app's own address). Use the https:// address, or download the file and install it from disk`;
  }
  return `“${url}” is not a web address: give an https:// URL of a plugin .js file`;
}

/**
 * Fetches a plugin from a URL as text (no code runs) and inspects it. The size limit is
 * checked before the body is read (Content-Length) and while it streams in, so a huge or
 * endless response is cut off at {@link MAX_PLUGIN_BYTES} rather than held in memory whole.
 * @param appOrigin the studio's own origin, where http is allowed too; relative URLs resolve against it.
 * @throws PluginError `url-refused`, `fetch-failed`, `not-a-plugin`.
 * @example
 * const candidate = await fetchPluginCode('https://example.com/kaleidoscope-1.0.0.js');
 */
export async function fetchPluginCode(url: string, fetchText: (url: string) => Promise<Response> = fetch, appOrigin?: string): Promise<PluginCandidate> {
  const problem = pluginUrlProblem(url, appOrigin);
  if (problem) throw new PluginError('url-refused', `${problem}.`);
  const href = new URL(url, appOrigin).href;
  let response: Response;
  try {
    response = await fetchText(href);
  } catch (error) {
    throw new PluginError('fetch-failed', `Could not download ${href}: ${errorMessage(error)}. Check the address, or download the file and install it from disk.`, { cause: error });
  }
  if (!response.ok) throw new PluginError('fetch-failed', `Could not download ${href}: the server answered ${response.status} ${response.statusText}.`.replace(' .', '.'));
  return inspectPluginCode(await readLimited(response, href), href);
}

/** The body as text, refusing (and cancelling the download) once it passes the size limit. */
async function readLimited(response: Response, source: string): Promise<string> {
  const tooLarge = (bytes: string) => new PluginError('not-a-plugin', `${source} is ${bytes}; a plugin file may be at most ${MAX_PLUGIN_BYTES / 1024 / 1024} MiB. Nothing more was downloaded.`);
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > MAX_PLUGIN_BYTES) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(`${(declared / 1024 / 1024).toFixed(1)} MiB`);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let received = 0;
  let text = '';
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch (error) {
      throw new PluginError('fetch-failed', `Could not download ${source}: ${errorMessage(error)}.`, { cause: error });
    }
    if (chunk.done) return text + decoder.decode();
    received += chunk.value.byteLength;
    if (received > MAX_PLUGIN_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(`over ${MAX_PLUGIN_BYTES / 1024 / 1024} MiB`);
    }
    text += decoder.decode(chunk.value, { stream: true });
  }
}
