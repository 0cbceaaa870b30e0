import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { upscalerWeights } from './scripts/lib/upscaler-weights-plugin';

// Cross-origin isolation: needed later for threaded wasm and precise timers; harmless now.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [svelte(), upscalerWeights()],
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  build: {
    chunkSizeWarningLimit: 4000,
    target: 'es2022',
    // The app alone: the eval and benchmark pages are tools with builds of their own (tools/).
    rolldownOptions: { input: { main: path.resolve(import.meta.dirname, 'index.html') } },
  },
  // rete-svelte-plugin's presets use Sass @import and global built-ins; the warnings are theirs.
  css: { preprocessorOptions: { scss: { silenceDeprecations: ['import', 'global-builtin', 'color-functions'] } } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['test/**/*.test.ts', 'plugins/**/*.test.ts'],
          exclude: ['test/e2e/**'],
          setupFiles: ['test/setup/unit-setup.ts'],
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
