/**
 * Turns a plugin folder (`plugins/<name>/index.ts`) into the one ES module file the studio
 * installs: bundled by Vite in library mode (its helpers inlined, tfjs never bundled since
 * plugins receive `tf` from the node context), unminified so a user can read what they
 * consent to, with the `// @nfp-plugin {"id","version"}` header the consent dialog shows.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'vite';
import type { Rolldown } from 'vite';
import { pluginHeader } from '../../src/core';
import type { PluginDefinition } from '../../src/core';
import { importModuleText } from '../../src/core/plugins/plugin-loader';
import { pluginProblem } from '../../src/core/plugins/plugin-definition';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** package.json "exports" of the public API: what a plugin imports, and nothing else of this repo. */
const PUBLIC_ENTRIES = {
  'nfp-studio/plugin-api': path.join(ROOT, 'src/core/index.ts'),
  'nfp-studio/training-kit': path.join(ROOT, 'src/core/training-kit/index.ts'),
};

export interface BuiltPlugin {
  readonly file: string;
  readonly code: string;
  readonly plugin: PluginDefinition;
}

/** Builds `folder` into `outDir/<id>-<version>.js`. @throws with a message naming what is wrong. */
export async function buildPlugin(folder: string, outDir: string): Promise<BuiltPlugin> {
  const entry = path.resolve(folder, 'index.ts');
  if (!existsSync(entry)) throw new Error(`${folder} has no index.ts; a plugin folder holds index.ts, whose default export is definePlugin({ id, version, nodes })`);
  const result = await build({
    configFile: false,
    logLevel: 'warn',
    // The public API by its package names (package.json "exports"), resolved to this checkout, so
    // a plugin folder anywhere (its own repository) builds against the studio that builds it.
    resolve: { alias: PUBLIC_ENTRIES },
    build: {
      write: false,
      target: 'es2022',
      minify: false,
      lib: { entry, formats: ['es'], fileName: 'plugin' },
      rolldownOptions: {
        // A plugin that pulls in tfjs or a storage library has imported more than the public API's helpers.
        external: (id) => /^@tensorflow\//.test(id),
        // The public API has no import-time effects (nothing registers on import), so only the
        // helpers a plugin calls are kept, not the graph-file parser or storage behind them.
        treeshake: { moduleSideEffects: (id) => id.startsWith(path.resolve(folder)) },
      },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  const chunks = outputs.flatMap((o) => o.output).filter((o): o is Rolldown.OutputChunk => o.type === 'chunk');
  if (chunks.length !== 1) throw new Error(`${folder}: expected one bundled file, got ${chunks.length}; plugins may not use dynamic imports`);
  const body = chunks[0]!.code;
  if (/^\s*import\s|^\s*export\s.*\sfrom\s/m.test(body)) {
    throw new Error(`${folder}: the bundle still imports other modules (${body.match(/from\s+["'][^"']+["']/)?.[0] ?? 'import'}); a plugin must import only src/core and get tf from the node context`);
  }
  // The author's own code, built on their machine: evaluating it here reads the id and version for the header.
  const plugin = (await importModuleText(body)).default as PluginDefinition;
  const problem = pluginProblem(plugin);
  if (problem) throw new Error(`${folder}: ${problem}`);
  const header = pluginHeader({ id: plugin.id, version: plugin.version, ...(plugin.description ? { description: plugin.description } : {}) });
  const code = `${header}\n${body}`;
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `${plugin.id}-${plugin.version}.js`);
  writeFileSync(file, code);
  return { file, code, plugin };
}
