// Builds the upscaler benchmark page on its own: it bundles the `upscaler` library (a
// devDependency, for comparison only), which the app's build must not ship.
import { defineConfig } from 'vite';
import { upscalerWeights } from '../../../scripts/lib/upscaler-weights-plugin';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [upscalerWeights()],
  logLevel: 'error',
  build: { target: 'es2022', chunkSizeWarningLimit: 8000 },
});
