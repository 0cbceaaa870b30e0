// Node has no server at /models/upscaler/: this tf.io load router answers the URLs the app
// serves with the very files the Vite plugin serves (scripts/lib/upscaler-weights-plugin.ts),
// read from the packages in node_modules.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { io } from '@tensorflow/tfjs';
import { upscalerWeightFiles } from '../../../scripts/lib/upscaler-weights-plugin';

const served = new Map(upscalerWeightFiles().map((f) => [`/${f.url}`, f.file]));
let registered = false;

/** A tf.io handler that loads a served model.json and its weights from disk. */
export function servedModelHandler(url: string): io.IOHandler {
  return {
    load: async () => {
      const modelFile = served.get(url);
      if (!modelFile) throw new Error(`not served: ${url}`);
      const json = JSON.parse(readFileSync(modelFile, 'utf8')) as io.ModelJSON;
      const specs: io.WeightsManifestEntry[] = [];
      const buffers: Uint8Array[] = [];
      for (const group of json.weightsManifest) {
        specs.push(...group.weights);
        for (const weightPath of group.paths) buffers.push(readFileSync(path.join(path.dirname(modelFile), weightPath)));
      }
      const weightData = new Uint8Array(buffers.reduce((n, b) => n + b.byteLength, 0));
      let offset = 0;
      for (const buffer of buffers) { weightData.set(buffer, offset); offset += buffer.byteLength; }
      return { modelTopology: json.modelTopology, format: json.format, weightSpecs: specs, weightData: weightData.buffer };
    },
  };
}

/** Makes `tf.loadLayersModel('/models/upscaler/…')` work in node, as it does in the app. */
export function serveUpscalerWeights(): void {
  if (registered) return;
  registered = true;
  // tfjs routers answer null for URLs they do not handle; its IORouter type leaves that out.
  tf.io.registerLoadRouter((url) => (typeof url === 'string' && served.has(url) ? servedModelHandler(url) : null) as io.IOHandler);
}
