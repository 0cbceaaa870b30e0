import type { io } from '@tensorflow/tfjs';

/** Marks a stored model as one the user imported for the TF.js Model node (its pickers list these). */
export const IMPORTED_MODEL_KEY = 'importedModel';

/** Bytes per weight value by dtype, for checking the weight files against the manifest. */
const DTYPE_BYTES: Readonly<Record<string, number>> = { float32: 4, int32: 4, bool: 1, uint8: 1, float16: 2, complex64: 8 };

interface ModelJson {
  readonly modelTopology?: unknown;
  readonly weightsManifest?: readonly { readonly paths: readonly string[]; readonly weights: readonly io.WeightsManifestEntry[] }[];
  readonly format?: string;
  readonly generatedBy?: string;
  readonly convertedBy?: string | null;
  readonly userDefinedMetadata?: Record<string, unknown>;
}

/**
 * Reads a picked or dropped tfjs model: one model.json and the weight files its manifest
 * names (matched by file name), as artifacts ready for storage. @throws Error with a message
 * for the user: no or several model.json files, not a tfjs model, a weight file missing or of
 * the wrong size.
 */
export async function readModelFiles(files: readonly File[]): Promise<io.ModelArtifacts> {
  const jsons = files.filter((f) => f.name.toLowerCase().endsWith('.json'));
  if (jsons.length === 0) throw new Error('Pick or drop the model.json together with its weight files (.bin): no .json file was among them.');
  if (jsons.length > 1) throw new Error(`Pick one model at a time: found ${jsons.map((f) => f.name).join(', ')}.`);
  const jsonFile = jsons[0]!;
  let json: ModelJson;
  try {
    json = JSON.parse(await jsonFile.text()) as ModelJson;
  } catch {
    throw new Error(`${jsonFile.name} is not valid JSON.`);
  }
  if (typeof json !== 'object' || json === null || !json.modelTopology || !Array.isArray(json.weightsManifest)) {
    throw new Error(`${jsonFile.name} is not a TensorFlow.js model.json (it needs "modelTopology" and "weightsManifest").`);
  }
  const byName = new Map(files.map((f) => [f.name, f]));
  const buffers: ArrayBuffer[] = [];
  const weightSpecs: io.WeightsManifestEntry[] = [];
  for (const group of json.weightsManifest) {
    weightSpecs.push(...group.weights);
    for (const weightPath of group.paths) {
      const name = weightPath.split('/').pop()!;
      const file = byName.get(name);
      if (!file) throw new Error(`${jsonFile.name} needs the weight file ${name}, which was not among the files: pick or drop it together with the model.json.`);
      buffers.push(await file.arrayBuffer());
    }
  }
  const weightData = concat(buffers);
  const expected = expectedBytes(weightSpecs);
  if (expected !== undefined && expected !== weightData.byteLength) {
    throw new Error(`The weight files hold ${weightData.byteLength.toLocaleString('en')} bytes but ${jsonFile.name} describes ${expected.toLocaleString('en')}: they belong to another model, or one is cut off.`);
  }
  const format = json.format ?? (isGraphDef(json.modelTopology) ? 'graph-model' : 'layers-model');
  return {
    modelTopology: json.modelTopology as io.ModelArtifacts['modelTopology'],
    weightSpecs,
    weightData,
    format,
    ...(json.generatedBy ? { generatedBy: json.generatedBy } : {}),
    ...(json.convertedBy ? { convertedBy: json.convertedBy } : {}),
    userDefinedMetadata: { ...json.userDefinedMetadata, [IMPORTED_MODEL_KEY]: jsonFile.name },
  };
}

function isGraphDef(topology: unknown): boolean {
  return typeof topology === 'object' && topology !== null && Array.isArray((topology as { node?: unknown }).node);
}

/** What the manifest says the weights take, or undefined for quantized or unknown dtypes. */
function expectedBytes(specs: readonly io.WeightsManifestEntry[]): number | undefined {
  let total = 0;
  for (const spec of specs) {
    const bytes = DTYPE_BYTES[spec.dtype];
    if (spec.quantization || bytes === undefined) return undefined;
    total += spec.shape.reduce((n, d) => n * d, 1) * bytes;
  }
  return total;
}

function concat(buffers: readonly ArrayBuffer[]): ArrayBuffer {
  const out = new Uint8Array(buffers.reduce((n, b) => n + b.byteLength, 0));
  let offset = 0;
  for (const buffer of buffers) { out.set(new Uint8Array(buffer), offset); offset += buffer.byteLength; }
  return out.buffer;
}
