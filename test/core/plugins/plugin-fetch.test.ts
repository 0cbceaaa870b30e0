import { describe, expect, it } from 'vitest';
import { MAX_PLUGIN_BYTES, fetchPluginCode, pluginHeader } from '../../../src/core';
import { pluginUrlProblem } from '../../../src/core/plugins';

const code = `${pluginHeader({ id: 'probe', version: '1.0.0' })}\nexport default {};\n`;

/** A body streamed in 64 KiB chunks, recording how many were pulled and whether it was cancelled. */
function streamed(total: number, headers: Record<string, string> = {}) {
  const seen = { pulled: 0, cancelled: false };
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      seen.pulled++;
      sent += chunk.byteLength;
      controller.enqueue(seen.pulled === 1 ? new TextEncoder().encode(code.padEnd(chunk.byteLength, ' ')) : chunk);
    },
    cancel() { seen.cancelled = true; },
  });
  return { response: new Response(body, { status: 200, headers }), seen };
}

describe('plugin URL policy', () => {
  it('allows https anywhere and any scheme on the app\'s own origin', () => {
    expect(pluginUrlProblem('https://example.com/p.js')).toBeUndefined();
    expect(pluginUrlProblem('http://127.0.0.1:4173/plugins/p.js', 'http://127.0.0.1:4173')).toBeUndefined();
    expect(pluginUrlProblem('/plugins/p.js', 'http://127.0.0.1:4173')).toBeUndefined();
  });

  it('refuses plain http on another origin, and what is not a web address, fetching nothing', async () => {
    expect(pluginUrlProblem('http://example.com/p.js', 'https://studio.example')).toContain('http://example.com/p.js uses plain http://, which anyone on the network can alter');
    expect(pluginUrlProblem('data:text/javascript,1', 'https://studio.example')).toContain('is not a web address');
    expect(pluginUrlProblem('nope')).toContain('“nope” is not a web address');
    let fetched = false;
    const error = await fetchPluginCode('http://example.com/p.js', async () => { fetched = true; return new Response(code); }, 'https://studio.example').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'url-refused', message: expect.stringContaining('plugins are fetched only over https://') });
    expect(fetched).toBe(false);
  });
});

describe('plugin download size check', () => {
  it('refuses a body whose Content-Length is over the limit without reading it', async () => {
    const { response, seen } = streamed(8 * MAX_PLUGIN_BYTES, { 'content-length': String(8 * MAX_PLUGIN_BYTES) });
    await expect(fetchPluginCode('https://example.com/big.js', async () => response))
      .rejects.toMatchObject({ code: 'not-a-plugin', message: 'https://example.com/big.js is 16.0 MiB; a plugin file may be at most 2 MiB. Nothing more was downloaded.' });
    expect(seen.pulled).toBeLessThanOrEqual(1);
  });

  it('stops a body without a length once it passes the limit, rather than reading it whole', async () => {
    const { response, seen } = streamed(64 * MAX_PLUGIN_BYTES);
    await expect(fetchPluginCode('https://example.com/endless.js', async () => response))
      .rejects.toThrow('https://example.com/endless.js is over 2 MiB; a plugin file may be at most 2 MiB. Nothing more was downloaded.');
    expect(seen.cancelled).toBe(true);
    expect(seen.pulled * 64 * 1024).toBeLessThan(MAX_PLUGIN_BYTES + 4 * 64 * 1024);
  });

  it('reads a body under the limit as the candidate\'s code', async () => {
    const { response } = streamed(128 * 1024);
    const candidate = await fetchPluginCode('https://example.com/ok.js', async () => response);
    expect(candidate).toMatchObject({ manifest: { id: 'probe' }, bytes: 128 * 1024 });
  });
});
