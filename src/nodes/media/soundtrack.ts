import { AudioSample, AudioSampleSource, canEncodeAudio, Quality } from 'mediabunny';
import type { Output } from 'mediabunny';
import { errorMessage } from '../../core';
import { loopedWindow, windowStart } from '../audio/clip-audio';
import type { ClipAudio } from '../audio/clip-audio';
import type { Container } from './codecs';

/** The sound to put under a recording. */
export interface SoundtrackOptions {
  /** A clip's sound, decoded with `decodeClipAudio(file, 'stereo')`. */
  readonly audio: ClipAudio;
  /**
   * Where on the clip's timeline the file's first frame sits, in seconds: the graph time of
   * the first recorded frame, which is where an Audio node following the same clip was.
   */
  readonly start: number;
  /** The file's frame rate: file frame i gets the sound from start + i / fps to start + (i + 1) / fps. */
  readonly fps: number;
  /** The graph's frame rate, when known: a different one is worth a warning (see `warnings`). */
  readonly graphFps: number | undefined;
}

/** What a finished recording says about its sound. */
export interface SoundtrackInfo {
  /** mediabunny's codec name: `opus` or `aac`. */
  readonly codec: SoundtrackCodec;
  /** The clip the sound came from. */
  readonly from: string;
  readonly seconds: number;
  readonly channels: number;
  /** The file's sample rate (the encoder's: Opus always runs at 48 kHz). */
  readonly sampleRate: number;
}

export type SoundtrackCodec = 'opus' | 'aac';

const BITRATE = 128_000;
/** Opus encodes at 48 kHz only; AAC is given the same, so both paths resample alike. */
const FILE_SAMPLE_RATE = 48_000;

/**
 * Opus in WebM; in MP4 AAC where this browser encodes it (Chromium on Linux does not), else
 * Opus, which MP4 carries too (browsers, ffmpeg and VLC play it).
 * @throws Error when the browser can encode neither.
 */
export async function soundtrackCodec(container: Container, channels: number): Promise<SoundtrackCodec> {
  const options = { numberOfChannels: channels, sampleRate: FILE_SAMPLE_RATE, quality: new Quality({ bitrate: BITRATE }) };
  const candidates: readonly SoundtrackCodec[] = container === 'mp4' ? ['aac', 'opus'] : ['opus'];
  for (const codec of candidates) {
    if (await canEncodeAudio(codec, options).catch(() => false)) return codec;
  }
  throw new Error(`this browser cannot encode ${candidates.map((c) => (c === 'aac' ? 'AAC' : 'Opus')).join(' or ')} sound, so the soundtrack cannot be written into ${container.toUpperCase()}: clear the Encoder's Soundtrack, or record in Chrome or Edge`);
}

/**
 * A recording's sound track: the clip's sound, cut frame by frame to the video, so the file's
 * sound always lasts exactly frames / fps, whenever the recording stops. Written as the video
 * is (one piece per encoded frame), so the muxer interleaves the two as it goes. The clip
 * loops past its end, as the Audio node's reading of it does.
 */
export class Soundtrack {
  readonly #audio: ClipAudio;
  readonly #options: SoundtrackOptions;
  readonly #source: AudioSampleSource;
  readonly codec: SoundtrackCodec;
  /** The clip's sample under the file's first frame. */
  readonly #base: number;
  #writes: Promise<void> = Promise.resolve();
  #error: Error | undefined;
  #frames = 0;

  private constructor(options: SoundtrackOptions, source: AudioSampleSource, codec: SoundtrackCodec) {
    this.#audio = options.audio;
    this.#options = options;
    this.#source = source;
    this.codec = codec;
    this.#base = windowStart(options.start, options.audio.sampleRate);
  }

  /** Adds the audio track to `output`; call before `output.start()`. @throws Error when no codec fits. */
  static async add(output: Output, container: Container, options: SoundtrackOptions): Promise<Soundtrack> {
    const channels = options.audio.channels.length;
    const codec = await soundtrackCodec(container, channels);
    const source = new AudioSampleSource({ codec, quality: new Quality({ bitrate: BITRATE }), transform: { sampleRate: FILE_SAMPLE_RATE } });
    output.addAudioTrack(source);
    return new Soundtrack(options, source, codec);
  }

  /** Queues the sound under file frame `index` (frames come in order, one call each). */
  write(index: number): void {
    if (index !== this.#frames) throw new Error(`soundtrack frame ${index} written after ${this.#frames - 1}`);
    this.#frames++;
    const { sampleRate, channels } = this.#audio;
    const from = sampleOf(index, sampleRate, this.#options.fps);
    const length = sampleOf(index + 1, sampleRate, this.#options.fps) - from;
    if (length === 0) return;
    const data = new Float32Array(length * channels.length);
    channels.forEach((plane, c) => loopedWindow(plane, this.#base + from, data.subarray(c * length, (c + 1) * length)));
    const sample = new AudioSample({ data, format: 'f32-planar', numberOfChannels: channels.length, sampleRate, timestamp: from / sampleRate });
    this.#writes = this.#writes
      .then(() => this.#source.add(sample))
      .catch((error: unknown) => { this.#error ??= error instanceof Error ? error : new Error(String(error)); })
      .finally(() => sample.close());
  }

  /** Resolves once every queued piece reached the encoder. @throws Error when one failed. */
  async settled(): Promise<void> {
    await this.#writes;
    if (this.#error) throw new Error(`the soundtrack could not be encoded: ${errorMessage(this.#error)}`);
  }

  /** Writes what is queued and ends the track (the encoder flushes when the output finalizes). */
  async close(): Promise<void> {
    await this.settled();
    this.#source.close();
  }

  /** What the file holds, for the finished recording. */
  get info(): SoundtrackInfo {
    const { fps } = this.#options;
    return { codec: this.codec, from: this.#audio.name, seconds: this.#frames / fps, channels: this.#audio.channels.length, sampleRate: FILE_SAMPLE_RATE };
  }

  /** Problems worth telling the user that did not stop the file. */
  get warnings(): string[] {
    const { fps, graphFps } = this.#options;
    if (graphFps === undefined || graphFps === fps) return [];
    return [`the soundtrack plays at the file's ${fps} fps while the graph ran at ${graphFps} fps, so the pictures drift from the sound they followed; set the Encoder's frame rate to ${graphFps}`];
  }
}

/** The first sample of file frame `index`: rounded once from the start, so pieces meet exactly. */
function sampleOf(index: number, sampleRate: number, fps: number): number {
  return Math.round((index * sampleRate) / fps);
}
