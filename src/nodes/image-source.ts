import { defineNode } from '../core';
import { FIT_MODES, isFit } from './media/fit';
import { rgbaToFrame } from './media/frame-upload';
import { readImage } from './media/image-reader';
import { PictureFitter } from './media/picture-fitter';

interface ImageSourceState {
  readonly fitter: PictureFitter;
  /** Which image and fit `pixels` were made for; a param edit does not rebuild the node. */
  shown: string;
  pixels: Uint8ClampedArray | undefined;
}

/**
 * One still image, fitted to the frame size: typically the chosen first frame of a
 * generation, fed to a Feedback node's seed. Its output only changes when its params do, so
 * the scheduler computes it once and serves it from the cache. Black until an image is picked.
 */
export const imageSource = defineNode({
  type: 'image-source',
  version: 1,
  title: 'Image Source',
  category: 'Sources',
  description: 'A still image (e.g. the first frame of a generation), fitted to the frame size.',
  // The state is the decoded picture, not run state: Reset keeps it.
  keepsStateOnReset: true,
  inputs: [],
  outputs: [{ name: 'frame', type: 'frame', label: 'Frame' }],
  params: {
    image: { kind: 'asset', label: 'Image', default: '', accept: 'image' },
    fit: { kind: 'enum', label: 'Fit', default: 'crop', options: FIT_MODES },
  },
  create: ({ size }): ImageSourceState => ({ fitter: new PictureFitter(size), shown: '', pixels: undefined }),
  prepare: async ({ state, params, assets }) => {
    const fit = isFit(params.fit) ? params.fit : 'crop';
    const wanted = params.image === '' ? '' : `${params.image}/${fit}`;
    if (wanted === state.shown && (state.pixels || wanted === '')) return;
    state.shown = wanted;
    state.pixels = undefined;
    if (params.image === '') return;
    state.pixels = await readImage(assets, params.image, state.fitter, fit);
  },
  process: ({ tf, state, size }) => ({ frame: rgbaToFrame(tf, state.pixels, size) }),
});
