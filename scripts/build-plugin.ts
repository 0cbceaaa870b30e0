/**
 * Builds a node plugin into one installable ES module file.
 *
 *   npm run build-plugin -- plugins/<name> [--out <dir>]     (default --out dist/plugins)
 *
 * Prints the file, its id, version and SHA-256 (what the studio's consent dialog will show).
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { buildPlugin } from './lib/plugin-build';
import { errorMessage } from '../src/core';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const outAt = args.indexOf('--out');
  const outDir = outAt >= 0 ? args[outAt + 1] : 'dist/plugins';
  const folders = outAt >= 0 ? args.filter((_, i) => i !== outAt && i !== outAt + 1) : args;
  if (folders.length === 0 || !outDir) {
    console.error('usage: npm run build-plugin -- plugins/<name> [plugins/<other> …] [--out <dir>]');
    process.exit(2);
  }
  for (const folder of folders) {
    const built = await buildPlugin(folder, path.resolve(outDir));
    const sha256 = createHash('sha256').update(built.code).digest('hex');
    console.log(`${path.relative(process.cwd(), built.file)}  ${built.plugin.id} ${built.plugin.version}  sha-256 ${sha256}`);
  }
}

main().catch((error: unknown) => {
  console.error(`build-plugin: ${errorMessage(error)}`);
  process.exit(1);
});
