/**
 * The upscaling networks the Upscaler node offers: the UpscalerJS RDN models whose weights
 * ship inside their npm packages. The app never fetches them from a CDN: the build copies
 * each model.json and its weight file to `/models/upscaler/<model>/x<scale>/` of our own
 * origin (scripts/upscaler-weights-plugin.ts), and the node loads them from there.
 *
 * What the packages' own definitions say (dist/esm/.../esrgan.js, architecture "rdn"):
 * input and output range [0, 255], NHWC, input shape [null, null, null, 3] (any size, no
 * divisibility factor), patch size 128. The outputs overshoot [0, 255]: we clip them.
 */
export interface UpscalerModelInfo {
  readonly label: string;
  /** npm package that ships the weights. */
  readonly packageName: string;
  /** model.json inside the package, by scale. */
  readonly files: Readonly<Partial<Record<UpscaleFactor, string>>>;
}

export type UpscaleFactor = 2 | 4;
export const UPSCALE_FACTORS: readonly UpscaleFactor[] = [2, 4];

export const UPSCALER_MODELS = {
  'esrgan-slim': {
    label: 'ESRGAN slim (UpscalerJS)',
    packageName: '@upscalerjs/esrgan-slim',
    files: { 2: 'models/x2/model.json', 4: 'models/x4/model.json' },
  },
  'default-model': {
    label: 'Default model (UpscalerJS, ×2 only)',
    packageName: '@upscalerjs/default-model',
    files: { 2: 'models/model.json' },
  },
} as const satisfies Record<string, UpscalerModelInfo>;

export type UpscalerModelName = keyof typeof UPSCALER_MODELS;
export const UPSCALER_MODEL_NAMES = Object.keys(UPSCALER_MODELS) as UpscalerModelName[];

/** Where the app serves a model's model.json (its weight file sits next to it). */
export function servedModelUrl(model: UpscalerModelName, scale: UpscaleFactor): string {
  return `/models/upscaler/${model}/x${scale}/model.json`;
}

/** Why `model` cannot upscale by `scale`, or null. */
export function scaleProblem(model: UpscalerModelName, scale: UpscaleFactor): string | null {
  const info: UpscalerModelInfo = UPSCALER_MODELS[model];
  if (info.files[scale]) return null;
  const offered = UPSCALE_FACTORS.filter((s) => info.files[s]).map((s) => `×${s}`).join(', ');
  return `${info.label} upscales ${offered} only; pick ESRGAN slim or Bicubic for ×${scale}`;
}
