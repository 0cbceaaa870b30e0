import type { Tensor3D } from '@tensorflow/tfjs';
import { defineNode } from '../core';
import type { FrameSize, Tf } from '../core';
import type { BicubicMatrices } from './upscaler/bicubic';
import { bicubicMatrices, bicubicUpscale } from './upscaler/bicubic';
import type { UpscaleFactor, UpscalerModelName } from './upscaler/catalog';
import { UPSCALE_FACTORS, UPSCALER_MODEL_NAMES, scaleProblem } from './upscaler/catalog';
import type { UpscalerNetwork } from './upscaler/folded-network';
import { loadUpscalerModel, upscaleWithModel } from './upscaler/upscaler-network';

const BICUBIC = 'bicubic';
const METHODS = [...UPSCALER_MODEL_NAMES, BICUBIC] as const;
const TILE_SIZES = ['64', '128', '256'] as const;

interface UpscalerState {
  readonly tf: Tf;
  /** The loaded network and what it is, or the load in flight. */
  model: { readonly key: string; readonly network: UpscalerNetwork } | undefined;
  loading: { readonly key: string; readonly done: Promise<UpscalerNetwork> } | undefined;
  /** Bicubic weight matrices for the last input size and scale. */
  bicubic: { readonly key: string; readonly matrices: BicubicMatrices } | undefined;
}

/**
 * Upscales its input ×2 or ×4 (e.g. the loop's 128² frames to 512² for the Encoder) with the
 * UpscalerJS ESRGAN-slim or default RDN networks, whose weights ship in their npm packages and
 * are served from the app's own origin, or with bicubic interpolation for comparison.
 *
 * - The output is an `image` port: it is larger than the graph's frames, so it feeds image
 *   inputs (Preview, Encoder, which records at the upscaled size) and never a frame input.
 *   Its size is declared by `imageSize`, so the Encoder knows it before the first frame.
 * - Frames larger than a tile run in overlapping tiles, each reading 12 pixels of context
 *   around the part it keeps (the networks' reach is 10), so tiles leave no seams; all tiles
 *   have one size and go through the network a few at a time.
 * - Network outputs overshoot [0, 1] and are clipped; so is bicubic, which rings at edges.
 * - The weights load in `prepare` the first time and whenever Method or Scale changes.
 */
export const upscaler = defineNode({
  type: 'upscaler',
  version: 1,
  title: 'Upscaler',
  category: 'Transform',
  description: 'Upscales frames ×2 or ×4 with ESRGAN (UpscalerJS weights, served by the app) or bicubic interpolation; typically after the loop, before the Encoder.',
  inputs: [{ name: 'frame', type: 'image', label: 'Frame' }],
  outputs: [{ name: 'image', type: 'image', label: 'Upscaled' }],
  params: {
    method: { kind: 'enum', label: 'Method', default: 'esrgan-slim', options: METHODS },
    scale: { kind: 'enum', label: 'Scale', default: '4', options: UPSCALE_FACTORS.map(String) },
    tile: { kind: 'enum', label: 'Tile size (input px)', default: '128', options: TILE_SIZES },
  },
  imageSize: (params, input): FrameSize => ({ width: input.width * Number(params.scale), height: input.height * Number(params.scale) }),
  create: ({ tf }): UpscalerState => ({ tf, model: undefined, loading: undefined, bicubic: undefined }),
  prepare: async ({ state, params }) => {
    if (params.method === BICUBIC) return;
    const method = params.method as UpscalerModelName;
    const scale = Number(params.scale) as UpscaleFactor;
    const problem = scaleProblem(method, scale);
    if (problem) throw new Error(problem);
    const key = `${method}/x${scale}`;
    if (state.model?.key === key) return;
    if (state.loading?.key !== key) state.loading = { key, done: loadUpscalerModel(state.tf, method, scale) };
    const loading = state.loading;
    try {
      const network = await loading.done;
      // A newer load replaced this one while it ran: that one owns the state now.
      if (state.loading !== loading) { network.dispose(); return; }
      state.model?.network.dispose();
      state.model = { key, network };
    } finally {
      if (state.loading === loading) state.loading = undefined;
    }
  },
  process: ({ tf, state, params, inputs }) => {
    const frame = inputs['frame'];
    const scale = Number(params.scale);
    if (params.method === BICUBIC) return { image: bicubicUpscale(tf, frame, bicubicFor(state, frame, scale)) };
    const key = `${params.method}/x${scale}`;
    if (state.model?.key !== key) throw new Error(`the ${key} weights are not loaded yet`);
    return { image: upscaleWithModel(tf, state.model.network, frame, Number(params.tile)) };
  },
  dispose: (state) => {
    state.model?.network.dispose();
    state.model = undefined;
    state.loading?.done.then((network) => network.dispose(), () => undefined);
    state.loading = undefined;
    disposeBicubic(state);
  },
});

/** The bicubic matrices for this input size and scale, made once and kept (outside the frame's tidy). */
function bicubicFor(state: UpscalerState, frame: Tensor3D, scale: number): BicubicMatrices {
  const [height, width] = frame.shape;
  const key = `${height}x${width}x${scale}`;
  if (state.bicubic?.key !== key) {
    disposeBicubic(state);
    const matrices = bicubicMatrices(state.tf, height, width, scale);
    state.tf.keep(matrices.rows);
    state.tf.keep(matrices.colsT);
    state.bicubic = { key, matrices };
  }
  return state.bicubic.matrices;
}

function disposeBicubic(state: UpscalerState): void {
  state.bicubic?.matrices.rows.dispose();
  state.bicubic?.matrices.colsT.dispose();
  state.bicubic = undefined;
}
