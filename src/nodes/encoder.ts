import type { Tensor3D } from '@tensorflow/tfjs';
import { defineNode, toGraphJson, errorMessage } from '../core';
import type { AssetSource, FrameSize, NodeHost, Tf } from '../core';
import { decodeClipAudio } from './audio/clip-audio';
import type { ClipAudio } from './audio/clip-audio';
import { loadAssetFile } from './media/asset-file';
import { CONTAINERS, VIDEO_CODECS, codecProblem, isContainer, isVideoCodecName } from './media/codecs';
import type { Container, VideoCodecName } from './media/codecs';
import { PNG_ZIP, PngSequenceRecorder } from './media/png-sequence';
import { Recorder } from './media/recorder';
import { RECORDING_CHANNEL } from './media/recordings';
import type { RecordingMessage } from './media/recordings';

interface EncoderState {
  readonly nodeId: string;
  readonly tf: Tf;
  /** Where finished files go (`RECORDING_CHANNEL`), and where the graph to embed comes from; none outside a scheduler. */
  readonly host: NodeHost | undefined;
  /** The file being written, from the first recorded frame until it is finished. */
  recorder: Recorder | PngSequenceRecorder | undefined;
  /** The file's frame count, read when it started (0 = until stopped). */
  target: number;
  /** The frame count was reached: wait for `record` to go off and on again (or a reset). */
  done: boolean;
  /** A recording failed: shown as the node's error until reset. */
  failure: string | undefined;
  /** The Soundtrack clip's sound, decoded for the asset it names; kept for the next file. */
  sound: { readonly asset: string; readonly audio: ClipAudio } | undefined;
}

/**
 * Records its input into a video file: WebCodecs `VideoEncoder`, muxed by mediabunny into
 * WebM (VP9, VP8, AV1) or MP4 (H.264, AV1), with the graph embedded in the file's metadata
 * and read back to check it survived.
 *
 * - Every frame the node receives is encoded; none is dropped. When the encoder falls behind,
 *   `prepare` waits, so an offline render stays exact and a realtime loop slows down (late
 *   frames) rather than recording a file that differs from what the loop showed.
 * - Timestamps come from the frame index (i / fps), so the file plays at `fps` whatever the
 *   loop's speed was.
 * - Turning `record` on starts a file at the next frame; it ends when `frames` frames are in
 *   it, when `record` goes off, or when the node is reset or removed (a new file starts after
 *   a reset). Settings are read when a file starts.
 * - Finished files are published on the host channel `RECORDING_CHANNEL`: the app's
 *   RecordingStore (src/nodes/media/recordings.ts) keeps them for download and the render command.
 * - The file has its input's size: the graph's, or the size of an image port feeding it (an
 *   Upscaler's output), which is known when the graph is compiled.
 * - Container `png-zip` writes a zip of lossless PNG frames plus graph.json instead
 *   (src/nodes/media/png-sequence.ts); codec, bitrate and soundtrack do not apply to it and
 *   are not checked.
 * - `soundtrack` puts a clip's sound under the video (src/nodes/media/soundtrack.ts): Opus in
 *   WebM, AAC or else Opus in MP4, lasting exactly frames / fps. The file's first frame gets
 *   the sound at the graph time it was computed at (0 in an offline render), so the sound
 *   lines up with an Audio node following the same clip; it loops past the clip's end.
 */
export const encoder = defineNode({
  type: 'encoder',
  version: 2,
  // Version 2 added the soundtrack; files from before have none.
  migrations: { 2: (params) => ({ ...params, soundtrack: '' }) },
  title: 'Encoder',
  category: 'Output',
  description: 'Records the frames it receives into a WebM or MP4 video, or a zip of PNG frames (png-zip), with the graph embedded in the file.',
  // It has a side effect every frame: it must run even when its input is a cached static frame.
  volatile: true,
  // An image input: it records frames, or images of another size (after an Upscaler) at that size.
  inputs: [{ name: 'frame', type: 'image', label: 'Frame' }],
  outputs: [],
  params: {
    record: { kind: 'boolean', label: 'Record', default: false },
    container: { kind: 'enum', label: 'Container', default: 'webm', options: [...CONTAINERS, PNG_ZIP] },
    // "Video": a PNG zip ignores both, and the labels say so where the widgets are.
    codec: { kind: 'enum', label: 'Video codec', default: 'vp9', options: VIDEO_CODECS },
    bitrate: { kind: 'number', label: 'Video bitrate', default: 2000, min: 50, max: 100_000, step: 50, integer: true, unit: 'kbps' },
    fps: { kind: 'number', label: 'Frame rate', default: 30, min: 1, max: 240, step: 1, unit: 'fps' },
    frames: { kind: 'number', label: 'Frame count (0 = until stopped)', default: 0, min: 0, max: 1_000_000, step: 1, integer: true, unit: 'frames' },
    soundtrack: { kind: 'asset', label: 'Soundtrack (clip sound)', default: '', accept: 'video' },
  },
  create: ({ nodeId, tf, params, size, inputSizes, host }): EncoderState => {
    // Refuse a bad pair as soon as the graph is compiled, not only once recording starts.
    fileFormat(params.container, params.codec, inputSizes?.['frame'] ?? size);
    return { nodeId, tf, host, recorder: undefined, target: 0, done: false, failure: undefined, sound: undefined };
  },
  prepare: async ({ state, params, size: graphSize, inputSizes, assets, time }) => {
    if (state.failure) throw new Error(state.failure);
    // The file has the size of what arrives: the graph's, or an Upscaler's output size.
    const size = inputSizes?.['frame'] ?? graphSize;
    // Params change live without a new `create`: re-check so a bad pair shows at once.
    const format = fileFormat(params.container, params.codec, size);
    const recording = state.recorder?.options.size;
    // A live edit upstream (e.g. the Upscaler's scale) changed the size: a file holds one size.
    if (recording && (recording.width !== size.width || recording.height !== size.height)) finish(state, 'stopped early: its input changed size');
    if (!params.record) {
      state.done = false;
      finish(state);
      return;
    }
    if (!state.recorder && !state.done) {
      const graph = state.host?.runningGraph();
      const file = { fps: params.fps, size, graphJson: graph ? toGraphJson(graph) : undefined, title: graph?.name ?? 'recording', nodeId: state.nodeId };
      if (format === PNG_ZIP) {
        state.recorder = PngSequenceRecorder.start(file);
      } else {
        const audio = await soundtrackAudio(state, assets, params.soundtrack);
        const soundtrack = audio && { audio, start: time, graphFps: graph?.settings.fps };
        state.recorder = await Recorder.start(state.tf, { ...file, ...format, bitrateKbps: params.bitrate, soundtrack });
      }
      state.target = params.frames;
      publish(state, { type: 'recordingstarted', fileName: state.recorder.fileName });
    }
    try {
      await state.recorder?.waitForRoom();
    } catch (error) {
      fail(state, error);
      throw error;
    }
  },
  process: ({ state, inputs, params }) => {
    const recorder = state.recorder;
    if (!recorder || !params.record) return {};
    recorder.encode(state.tf, inputs.frame);
    if (state.target > 0 && recorder.frames >= state.target) {
      state.done = true;
      finish(state);
    } else if (recorder.full) {
      state.done = true;
      finish(state, 'stopped at the 1 GiB size limit');
    }
    return {};
  },
  dispose: (state) => {
    if (state.recorder?.frames === 0) {
      state.recorder.cancel();
      state.recorder = undefined;
    }
    finish(state);
  },
});

/** The Soundtrack clip's sound (decoded once per clip), or undefined when none is picked. @throws Error naming the problem. */
async function soundtrackAudio(state: EncoderState, assets: AssetSource, asset: string): Promise<ClipAudio | undefined> {
  if (asset === '') return undefined;
  if (state.sound?.asset !== asset) {
    state.sound = undefined;
    const audio = await decodeClipAudio(await loadAssetFile(assets, asset, 'the soundtrack clip'), 'stereo');
    state.sound = { asset, audio };
  }
  return state.sound.audio;
}

/** What to write: a PNG zip (no codec), or a container and codec that fit. @throws Error naming the problem. */
function fileFormat(container: string, codec: string, size: FrameSize): typeof PNG_ZIP | { container: Container; codec: VideoCodecName } {
  if (container === PNG_ZIP) return PNG_ZIP;
  if (!isContainer(container) || !isVideoCodecName(codec)) throw new Error(`unknown container or codec: ${container} / ${codec}`);
  const problem = codecProblem(container, codec, size);
  if (problem) throw new Error(problem);
  return { container, codec };
}

/**
 * Ends the current file in the background and publishes it (or the failure). A file that
 * ends before its frame count (Record off, reset, stop) is kept, with a warning.
 */
function finish(state: EncoderState, note?: string): void {
  const recorder = state.recorder;
  if (!recorder) return;
  state.recorder = undefined;
  recorder.finish(state.target, note).then(
    (recording) => publish(state, { type: 'recordingfinished', recording }),
    (error: unknown) => fail(state, error),
  );
}

function fail(state: EncoderState, error: unknown): void {
  const message = errorMessage(error);
  state.failure ??= message;
  state.recorder?.cancel();
  state.recorder = undefined;
  publish(state, { type: 'recordingfailed', message });
}

function publish(state: EncoderState, message: RecordingMessage): void {
  state.host?.publish(RECORDING_CHANNEL, message);
}
