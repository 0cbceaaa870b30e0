// Builds the eval page on its own (tools/eval/eval.html), never into the app's dist/: the page
// `npm run eval` and the generator benchmark drive. scripts/lib/eval-build.ts runs it.
import path from 'node:path';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  logLevel: 'error',
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
    rolldownOptions: { input: { eval: path.resolve(import.meta.dirname, 'eval.html') } },
  },
});
