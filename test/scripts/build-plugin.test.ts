import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/lib/app-server';
import { buildPlugin } from '../../scripts/lib/plugin-build';

/** A plugin folder inside the checkout (so `../../../src/core` resolves), ignored by git. */
function pluginFolder(name: string, source: string): string {
  const folder = path.join(ROOT, 'test-results', 'build-plugin-test', name);
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, 'index.ts'), source);
  return folder;
}

const out = () => mkdtempSync(path.join(os.tmpdir(), 'built-'));

describe('build-plugin', () => {
  it('writes one file that imports nothing, headed by the id and version', async () => {
    const folder = pluginFolder('tiny', `import { definePlugin, defineNode } from '../../../src/core';
export default definePlugin({ id: 'tiny', version: '2.1.0', nodes: [defineNode({
  type: 'tiny/pass', version: 1, title: 'Pass', category: 'Test', params: {},
  inputs: [{ name: 'frame', type: 'frame' }], outputs: [{ name: 'frame', type: 'frame' }],
  process: ({ inputs }) => ({ frame: inputs.frame! }),
})] });
`);
    const built = await buildPlugin(folder, out());
    expect(path.basename(built.file)).toBe('tiny-2.1.0.js');
    expect(built.code.split('\n', 1)[0]).toBe('// @nfp-plugin {"id":"tiny","version":"2.1.0"}');
    expect(built.code).not.toMatch(/^\s*import\s/m);
    expect(built.code.length).toBeLessThan(3000);
  });

  it('builds a plugin folder outside the checkout (its own repository) that imports the API by package name', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'own-repo-plugin-'));
    writeFileSync(path.join(folder, 'index.ts'), `import { definePlugin, defineNode } from 'nfp-studio/plugin-api';
import { RandomStream } from 'nfp-studio/training-kit';
export default definePlugin({ id: 'outside', version: '1.0.0', nodes: [defineNode({
  type: 'outside/pass', version: 1, title: 'Pass', category: 'Test', params: {},
  inputs: [{ name: 'frame', type: 'frame' }], outputs: [{ name: 'frame', type: 'frame' }],
  process: ({ inputs }) => ({ frame: inputs.frame! }),
})], description: typeof RandomStream });
`);
    const built = await buildPlugin(folder, out());
    expect(built.plugin).toMatchObject({ id: 'outside', version: '1.0.0', description: 'function' });
    expect(built.code).not.toMatch(/^\s*import\s/m);
  });

  it('refuses a plugin that imports tfjs itself, and a folder without index.ts', async () => {
    const folder = pluginFolder('heavy', `import * as tf from '@tensorflow/tfjs';
import { definePlugin } from '../../../src/core';
export default definePlugin({ id: 'heavy', version: '1.0.0', nodes: [{ type: 'heavy/x', version: 1, title: 'X', category: 'T', params: {}, inputs: [], outputs: [], process: () => ({ n: tf.version_core }) } as never] });
`);
    await expect(buildPlugin(folder, out())).rejects.toThrow('the bundle still imports other modules');
    await expect(buildPlugin(path.join(ROOT, 'plugins', 'nope'), out())).rejects.toThrow('has no index.ts');
  });
});
