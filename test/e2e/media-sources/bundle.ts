// Builds page-api.ts into one classic script for page.addScriptTag, with the app's own
// bundler (vite). tfjs is not in it: the media code imports only core's storage and
// constants, and tree-shaking drops the rest.
import path from 'node:path';
import { build } from 'vite';
import type { Rolldown } from 'vite';

export async function mediaTestBundle(): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      write: false,
      minify: false,
      target: 'es2022',
      lib: { entry: path.join(import.meta.dirname, 'page-api.ts'), formats: ['iife'], name: 'nfpMediaTest', fileName: 'media-test' },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  const chunk = outputs.flatMap((o) => o.output).find((o) => o.type === 'chunk');
  if (!chunk || chunk.type !== 'chunk') throw new Error('vite built no script for the media test page');
  return chunk.code;
}
