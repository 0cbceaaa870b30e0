import { defineNode } from '../core';
import { loadAssetFile } from './media/asset-file';
import { FIT_MODES, isFit } from './media/fit';
import { AT_END_MODES, isAtEnd, sourceFrameIndex } from './media/frame-index';
import { FRAME_CACHE_BYTES, FrameCache } from './media/frame-cache';
import { rgbaToFrame } from './media/frame-upload';
import { parseImageSequence } from './media/image-sequence';
import { readImage } from './media/image-reader';
import { PictureFitter } from './media/picture-fitter';
import { MAX_SEQUENCE_IMAGES } from './media/import-media';

interface ImageSequenceState {
  readonly fitter: PictureFitter;
  /** The manifest param `images` was read for; a param edit does not rebuild the node. */
  sequence: string;
  images: readonly string[];
  /** Fitted images by index, for the fit in `cachedFit`. */
  readonly cache: FrameCache;
  cachedFit: string;
  pixels: Uint8ClampedArray | undefined;
}

/**
 * Plays an image sequence (several images picked or dropped together, in natural file-name
 * order) like a clip: loop frame n shows image `sourceFrameIndex(n, …)`, with the same
 * start, stride and end modes as the Video Source (media/frame-index.ts). Images are decoded
 * on demand with createImageBitmap and kept fitted in a cache. Black until one is picked.
 */
export const imageSequenceSource = defineNode({
  type: 'image-sequence-source',
  version: 1,
  title: 'Image Sequence',
  category: 'Sources',
  description: 'Plays a sequence of images as frames (loop, ping-pong or stop), fitted to the frame size.',
  volatile: true,
  // The state is a cache of decoded images, not run state (frame n always shows the same
  // picture): Reset goes back to frame 0 without decoding them again.
  keepsStateOnReset: true,
  inputs: [],
  outputs: [{ name: 'frame', type: 'frame', label: 'Frame' }],
  params: {
    sequence: { kind: 'asset', label: 'Images', default: '', accept: 'image-sequence' },
    fit: { kind: 'enum', label: 'Fit', default: 'crop', options: FIT_MODES },
    atEnd: { kind: 'enum', label: 'At the end', default: 'loop', options: AT_END_MODES },
    offset: { kind: 'number', label: 'Start image', default: 0, min: 0, max: MAX_SEQUENCE_IMAGES, step: 1, integer: true, unit: 'image' },
    stride: { kind: 'number', label: 'Image stride', default: 1, min: 1, max: 1000, step: 1, integer: true, unit: 'images' },
  },
  create: ({ size }): ImageSequenceState => ({
    fitter: new PictureFitter(size), sequence: '', images: [], cache: new FrameCache(FRAME_CACHE_BYTES), cachedFit: '', pixels: undefined,
  }),
  prepare: async ({ state, params, assets, frame }) => {
    if (params.sequence !== state.sequence || (state.images.length === 0 && params.sequence !== '')) {
      state.sequence = params.sequence;
      state.images = [];
      state.cache.clear();
      state.pixels = undefined;
      if (params.sequence === '') return;
      const manifest = await loadAssetFile(assets, params.sequence, 'the image sequence');
      state.images = parseImageSequence(await manifest.text(), manifest.name);
    }
    if (state.images.length === 0) return;
    const fit = isFit(params.fit) ? params.fit : 'crop';
    if (fit !== state.cachedFit) {
      state.cache.clear();
      state.cachedFit = fit;
    }
    const index = sourceFrameIndex(frame, { offset: params.offset, stride: params.stride, atEnd: isAtEnd(params.atEnd) ? params.atEnd : 'loop' }, state.images.length);
    let pixels = state.cache.get(index);
    if (!pixels) {
        pixels = await readImage(assets, state.images[index]!, state.fitter, fit);
      state.cache.set(index, pixels);
    }
    state.pixels = pixels;
  },
  process: ({ tf, state, size }) => ({ frame: rgbaToFrame(tf, state.pixels, size) }),
  dispose: (state) => state.cache.clear(),
});
