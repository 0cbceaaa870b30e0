// Serves the UpscalerJS weights from the app's own origin: the model packages ship model.json
// and its weight file in their npm tarballs, and the app may load nothing from another origin
// (the `upscaler` library would fetch them from a CDN). The dev server answers
// /models/upscaler/<model>/x<scale>/<file> from node_modules; a build copies the same files
// to that path of the output.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';
import { UPSCALER_MODELS, UPSCALER_MODEL_NAMES, UPSCALE_FACTORS, servedModelUrl } from '../../src/nodes/upscaler/catalog';
import type { UpscalerModelInfo } from '../../src/nodes/upscaler/catalog';

// The packages' `exports` hide package.json and the model folders from require.resolve.
const NODE_MODULES = path.resolve(import.meta.dirname, '../../node_modules');

/** Every served file: its URL path (no leading slash) and where it lies on disk. */
export function upscalerWeightFiles(): { readonly url: string; readonly file: string }[] {
  const files: { url: string; file: string }[] = [];
  for (const name of UPSCALER_MODEL_NAMES) {
    const info: UpscalerModelInfo = UPSCALER_MODELS[name];
    const packageDir = path.join(NODE_MODULES, info.packageName);
    for (const scale of UPSCALE_FACTORS) {
      const modelJson = info.files[scale];
      if (!modelJson) continue;
      const sourceDir = path.join(packageDir, path.dirname(modelJson));
      const servedDir = path.posix.dirname(servedModelUrl(name, scale)).slice(1);
      for (const entry of readdirSync(sourceDir)) files.push({ url: `${servedDir}/${entry}`, file: path.join(sourceDir, entry) });
    }
  }
  return files;
}

export function upscalerWeights(): Plugin {
  const files = new Map(upscalerWeightFiles().map((f) => [`/${f.url}`, f.file]));
  return {
    name: 'nfp-upscaler-weights',
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const file = files.get((request.url ?? '').split('?')[0]!);
        if (!file) return next();
        response.setHeader('Content-Type', file.endsWith('.json') ? 'application/json' : 'application/octet-stream');
        response.end(readFileSync(file));
      });
    },
    generateBundle() {
      for (const [url, file] of files) this.emitFile({ type: 'asset', fileName: url.slice(1), source: readFileSync(file) });
    },
  };
}
