import { ALL_FORMATS, BlobSource, EncodedPacketSink, Input, UnsupportedInputFormatError } from 'mediabunny';
import type { InputVideoTrack } from 'mediabunny';
import { MAX_ASSET_BYTES, errorMessage } from '../../core';
import { checkImageHeader } from './image-header';
import { MediaInputError, mediaInputMessages as say, quoteName } from './media-input-error';

/**
 * Caps on what a source file may be. A feedback loop or a training set never needs more, and
 * past these a tab runs out of memory or spends minutes decoding before showing anything.
 * - 100,000 frames: over an hour at 25 fps; the frame table costs 8 bytes a frame.
 * - 4096 px a side for video (4K DCI): WebCodecs decodes it everywhere, and every frame is
 *   scaled down to the graph's size anyway.
 * - 16384 px for a still image: large photos are common and decoded once.
 */
export const MAX_VIDEO_FRAMES = 100_000;
export const MAX_VIDEO_SIDE = 4096;
export const MAX_IMAGE_SIDE = 16_384;

/** What a video file holds, found without decoding a frame. Stored as the asset's `meta`. */
export interface VideoFacts {
  /** Container name as mediabunny reports it, e.g. `WebM`, `MP4`. */
  readonly container: string;
  /** mediabunny's codec name: `vp9`, `vp8`, `av1`, `avc`, `hevc`. */
  readonly codec: string;
  /** Full codec string, e.g. `vp09.00.10.08`; '' when the file does not give one. */
  readonly codecString: string;
  readonly width: number;
  readonly height: number;
  /** Exact number of frames (one per packet in presentation order). */
  readonly frames: number;
  /** From the first frame's start to the last frame's end, seconds. */
  readonly duration: number;
  /** The clip's own average frame rate; the Video Source ignores it (one frame per loop frame). */
  readonly fps: number;
  /** Whether this browser's WebCodecs can decode it (always true once probed: else it is refused). */
  readonly decodable: boolean;
}

export interface ImageFacts {
  readonly width: number;
  readonly height: number;
}

/** A named blob: a `File`, or a `Blob` with the name the user knows it by. */
export type NamedBlob = Blob & { readonly name: string };

/** Opens `blob` with mediabunny; dispose the result. */
export function openVideoInput(blob: Blob): Input {
  return new Input({ source: new BlobSource(blob), formats: ALL_FORMATS });
}

/**
 * Reads a video's facts: container, codec, size, exact frame count (by counting packets, no
 * decoding), duration and fps, and whether WebCodecs decodes it.
 * @throws MediaInputError for every way the file can be unusable (see MediaInputErrorCode).
 */
export async function probeVideo(file: NamedBlob): Promise<VideoFacts> {
  const input = openVideoInput(file);
  try {
    return (await inspectVideo(file, input)).facts;
  } finally {
    input.dispose();
  }
}

/** What probeVideo learns, plus the track and its frame table for a reader to keep using. */
export interface InspectedVideo {
  readonly facts: VideoFacts;
  readonly track: InputVideoTrack;
  readonly table: FrameTable;
}

/** probeVideo on an Input the caller opened (and disposes). @throws MediaInputError */
export async function inspectVideo(file: NamedBlob, input: Input): Promise<InspectedVideo> {
  const q = quoteName(file.name);
  checkBytes(file, q);
  const format = await input.getFormat().catch(async (error: unknown) => {
    const looks = await sniff(file);
    throw new MediaInputError('not-video', file.name, say.notVideo(q, looks ?? (error instanceof UnsupportedInputFormatError ? '' : readerDetail(error))));
  });
  const container = format.name;
  const track = await input.getPrimaryVideoTrack().catch((error: unknown) => {
    throw new MediaInputError('corrupt', file.name, say.corrupt(q, readerDetail(error)));
  });
  if (!track) throw new MediaInputError('no-video-track', file.name, say.noVideoTrack(q, container));
  const codec = track.codec;
  const codecString = (await track.getCodecParameterString().catch(() => null)) ?? '';
  if (!codec) throw new MediaInputError('unsupported-codec', file.name, say.unknownCodec(q, container, codecString));
  if (!(await track.canDecode().catch(() => false))) {
    throw new MediaInputError('unsupported-codec', file.name, say.unsupportedCodec(q, codecLabel(codec, codecString), container));
  }
  const width = track.displayWidth;
  const height = track.displayHeight;
  if (width > MAX_VIDEO_SIDE || height > MAX_VIDEO_SIDE) {
    throw new MediaInputError('too-big-frame', file.name, say.tooBigFrame(q, width, height, MAX_VIDEO_SIDE));
  }
  const table = await frameTable(track, file.name);
  if (table.timestamps.length === 0) throw new MediaInputError('no-frames', file.name, say.noFrames(q, container));
  await checkComplete(track, table, file.name);
  const frames = table.timestamps.length;
  const duration = table.end - table.timestamps[0]!;
  const span = table.timestamps[frames - 1]! - table.timestamps[0]!;
  const fps = frames > 1 && span > 0 ? (frames - 1) / span : frames / Math.max(duration, 1e-6);
  const facts = { container, codec, codecString, width, height, frames, duration: round(duration, 3), fps: round(fps, 3), decodable: true };
  return { facts, track, table };
}

/** Presentation timestamps of every frame, sorted (frame i starts at `timestamps[i]`), and where the last one ends. */
export interface FrameTable {
  readonly timestamps: Float64Array;
  readonly end: number;
}

/**
 * Lists every frame's timestamp by walking the packets' metadata (no pixel data is read).
 * Decode order differs from presentation order with B-frames, hence the sort.
 * @throws MediaInputError `too-many-frames` past `cap` frames, `corrupt` when the walk fails.
 */
export async function frameTable(track: InputVideoTrack, fileName: string, cap = MAX_VIDEO_FRAMES): Promise<FrameTable> {
  const q = quoteName(fileName);
  const sink = new EncodedPacketSink(track);
  const times: number[] = [];
  let end = -Infinity;
  try {
    for (let packet = await sink.getFirstPacket({ metadataOnly: true }); packet; packet = await sink.getNextPacket(packet, { metadataOnly: true })) {
      if (times.length >= cap) throw new MediaInputError('too-many-frames', fileName, say.tooManyFrames(q, cap));
      times.push(packet.timestamp);
      end = Math.max(end, packet.timestamp + packet.duration);
    }
  } catch (error) {
    if (error instanceof MediaInputError) throw error;
    throw new MediaInputError('corrupt', fileName, say.corrupt(q, readerDetail(error)));
  }
  const timestamps = Float64Array.from(times).sort();
  return { timestamps, end: timestamps.length > 0 ? end : 0 };
}

/**
 * A file cut off mid-way (an interrupted download) still parses: its header promises the
 * full duration while the packets stop early. Such a clip is refused rather than played up to
 * the cut, because its last packet is usually partial and breaks the decoder mid-loop.
 * Files without a stated duration (MediaRecorder WebMs) cannot be checked this way.
 */
async function checkComplete(track: InputVideoTrack, table: FrameTable, fileName: string): Promise<void> {
  const stated = await track.getDurationFromMetadata().catch(() => null);
  const lastFrame = table.timestamps.length > 1 ? table.timestamps[1]! - table.timestamps[0]! : 0;
  // Allow one frame of slack plus rounding: containers state durations to the millisecond.
  if (stated !== null && Number.isFinite(stated) && stated - table.end > lastFrame + 0.05) {
    throw new MediaInputError('corrupt', fileName, say.truncated(quoteName(fileName), table.end, stated));
  }
  // The last packet's bytes must be all there, or the decoder fails on the final frame.
  try {
    const sink = new EncodedPacketSink(track);
    const last = await sink.getPacket(Infinity);
    if (last && last.byteLength === 0) throw new Error('the last frame has no data');
  } catch (error) {
    throw new MediaInputError('corrupt', fileName, say.corrupt(quoteName(fileName), readerDetail(error)));
  }
}

/**
 * Reads an image's size from its header, refusing one too large before anything decodes it,
 * then decodes it once to be sure the browser can.
 * @throws MediaInputError `empty`, `too-large`, `not-image`, `too-big-frame`.
 */
export async function probeImage(file: NamedBlob): Promise<ImageFacts> {
  const q = quoteName(file.name);
  checkBytes(file, q);
  await checkImageHeader(file, MAX_IMAGE_SIDE);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new MediaInputError('not-image', file.name, say.notImage(q));
  }
  const { width, height } = bitmap;
  bitmap.close();
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE) {
    throw new MediaInputError('too-big-frame', file.name, say.tooBigFrame(q, width, height, MAX_IMAGE_SIDE));
  }
  return { width, height };
}

function checkBytes(file: NamedBlob, q: string): void {
  if (file.size === 0) throw new MediaInputError('empty', file.name, say.empty(q));
  if (file.size > MAX_ASSET_BYTES) throw new MediaInputError('too-large', file.name, say.tooLarge(q, file.size, MAX_ASSET_BYTES));
}

const CODEC_LABELS: Readonly<Record<string, string>> = { vp8: 'VP8', vp9: 'VP9', av1: 'AV1', avc: 'H.264', hevc: 'H.265 (HEVC)', prores: 'ProRes' };

function codecLabel(codec: string, codecString: string): string {
  const label = CODEC_LABELS[codec] ?? codec;
  return codecString && codecString !== codec ? `${label} (${codecString})` : label;
}

const SIGNATURES: ReadonlyArray<readonly [string, readonly number[]]> = [
  ['a PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['a JPEG image', [0xff, 0xd8, 0xff]],
  ['a GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['a PDF document', [0x25, 0x50, 0x44, 0x46]],
  ['a ZIP archive', [0x50, 0x4b, 0x03, 0x04]],
];

/** What a file that is not a video looks like from its first bytes, so the message can say so. */
async function sniff(file: Blob): Promise<string | undefined> {
  const head = new Uint8Array(await file.slice(0, 512).arrayBuffer());
  const named = SIGNATURES.find(([, magic]) => magic.every((byte, i) => head[i] === byte));
  if (named) return `it looks like ${named[0]}`;
  // Tabs, newlines and printable ASCII/UTF-8 only: someone renamed a text file.
  const text = head.length > 0 && head.every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b !== 127));
  return text ? 'it is plain text' : undefined;
}

/** The reader's own words, for the part of a message that says what exactly failed. */
export function readerDetail(error: unknown): string {
  const text = errorMessage(error);
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
