import { defineNode } from '../core';
import type { FrameSize } from '../core';
import { loadAssetFile } from './media/asset-file';
import { FIT_MODES, isFit } from './media/fit';
import type { Fit } from './media/fit';
import { effectiveOffset } from '../core';
import { AT_END_MODES, isAtEnd, sourceFrameIndex } from './media/frame-index';
import type { FrameSelection } from './media/frame-index';
import { FRAME_CACHE_BYTES } from './media/frame-cache';
import { rgbaToFrame } from './media/frame-upload';
import { MAX_VIDEO_FRAMES } from './media/probe';
import { VideoReader } from './media/video-reader';

interface VideoSourceState {
  readonly size: FrameSize;
  /** The clip param the reader was opened for ('' = none); a param edit does not rebuild the node. */
  clip: string;
  reader: VideoReader | undefined;
  /** This frame's fitted RGBA bytes, made in `prepare`, uploaded in `process`. */
  pixels: Uint8ClampedArray | undefined;
}

/**
 * Plays a picked video clip (WebM or MP4: VP8, VP9, H.264, AV1), decoded exactly with
 * WebCodecs through mediabunny and fitted to the graph's frame size.
 *
 * Time model: loop frame n shows the n-th selected frame of the clip (offset, then every
 * `stride`-th, with `atEnd` deciding what follows the last; see media/frame-index.ts),
 * whatever the clip's own frame rate and however fast the loop runs. Offline renders and
 * training sets therefore see exactly the same frames as a live run, and no frame is ever
 * skipped or shown twice by timing. A 10 fps clip in a 30 fps graph plays 3× faster.
 *
 * Decoding happens in `prepare` (async, no tensors), one forward decoder for sequential
 * frames, restarted at a key frame for jumps; fitted frames are cached (FRAME_CACHE_BYTES)
 * so loops and ping-pongs do not decode again. With no clip picked it outputs black. A
 * missing or unreadable file is a node error naming the file and what to do.
 */
export const videoSource = defineNode({
  type: 'video-source',
  version: 1,
  title: 'Video Source',
  category: 'Sources',
  description: 'Plays a video file frame by frame (exact decode), fitted to the frame size.',
  volatile: true,
  // The state is a decoder and a cache of decoded frames, not run state (frame n always shows
  // the same picture): Reset goes back to frame 0 without decoding everything again.
  keepsStateOnReset: true,
  inputs: [],
  outputs: [{ name: 'frame', type: 'frame', label: 'Frame' }],
  params: {
    clip: { kind: 'asset', label: 'Clip', default: '', accept: 'video' },
    fit: { kind: 'enum', label: 'Fit', default: 'crop', options: FIT_MODES },
    atEnd: { kind: 'enum', label: 'At the end', default: 'loop', options: AT_END_MODES },
    offset: { kind: 'number', label: 'Start frame', default: 0, min: 0, max: MAX_VIDEO_FRAMES, step: 1, integer: true, unit: 'frame' },
    stride: { kind: 'number', label: 'Frame stride', default: 1, min: 1, max: 1000, step: 1, integer: true, unit: 'frames' },
  },
  create: ({ size }): VideoSourceState => ({ size, clip: '', reader: undefined, pixels: undefined }),
  prepare: async ({ state, params, assets, frame }) => {
    if (params.clip !== state.clip || (!state.reader && params.clip !== '')) {
      await closeReader(state);
      state.clip = params.clip;
      if (params.clip === '') return;
      const file = await loadAssetFile(assets, params.clip, 'the clip');
      state.reader = await VideoReader.open(file, state.size, FRAME_CACHE_BYTES);
    }
    const reader = state.reader;
    if (!reader) return;
    const selection: FrameSelection = { offset: params.offset, stride: params.stride, atEnd: isAtEnd(params.atEnd) ? params.atEnd : 'loop' };
    const index = sourceFrameIndex(frame, selection, reader.frameCount);
    state.pixels = await reader.frame(index, fitOf(params.fit), selectedBy(selection, reader.frameCount));
  },
  process: ({ tf, state, size }) => ({ frame: rgbaToFrame(tf, state.pixels, size) }),
  dispose: (state) => {
    void closeReader(state);
  },
});

function fitOf(value: string): Fit {
  return isFit(value) ? value : 'crop';
}

/** The frames this selection will show: worth keeping when decoded on the way to another. */
function selectedBy(selection: FrameSelection, frameCount: number): (index: number) => boolean {
  const offset = effectiveOffset(selection.offset, frameCount);
  const stride = Math.max(1, Math.floor(selection.stride));
  return (index) => index >= offset && (index - offset) % stride === 0;
}

async function closeReader(state: VideoSourceState): Promise<void> {
  const reader = state.reader;
  state.reader = undefined;
  state.pixels = undefined;
  await reader?.dispose();
}
