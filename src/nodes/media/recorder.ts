import type { Tensor3D } from '@tensorflow/tfjs';
import { BufferTarget, EncodedPacket, EncodedVideoPacketSource, Mp4OutputFormat, Output, WebMOutputFormat } from 'mediabunny';
import type { FrameSize, Tf } from '../../core';
import type { Container, VideoCodecName } from './codecs';
import { CODEC_LABELS, codecProblem, codecString, MIME_TYPES } from './codecs';
import type { FrameSurface } from './frame-pixels';
import { createFrameSurface } from './frame-pixels';
import { graphMetadataTags, readGraphFromVideo } from './graph-in-video';
import { finishedRecording } from './recordings';
import { Soundtrack } from './soundtrack';
import type { SoundtrackOptions } from './soundtrack';
import type { Recording } from './recordings';
import { errorMessage } from '../../core';

export interface RecorderOptions {
  readonly container: Container;
  readonly codec: VideoCodecName;
  readonly bitrateKbps: number;
  readonly fps: number;
  readonly size: FrameSize;
  /** Graph-file text to embed; undefined embeds none (with a warning in the result). */
  readonly graphJson: string | undefined;
  /** File title and download name stem. */
  readonly title: string;
  readonly nodeId: string;
  /** A clip's sound to put under the video, cut to its length (the file's fps is `fps`). */
  readonly soundtrack?: Omit<SoundtrackOptions, 'fps'>;
}

/** Frames the encoder may hold before `waitForRoom` makes the loop wait. */
export const MAX_ENCODE_QUEUE = 4;
/** Frames whose pixels may still be on their way back from the backend (readback path). */
export const MAX_PENDING_CAPTURES = 2;
/** A recording stops (finished, with a warning) once it holds this many bytes. */
export const MAX_RECORDING_BYTES = 1024 ** 3;
/** A key frame every this many seconds, so players can seek. */
const KEY_FRAME_SECONDS = 2;

/**
 * One video file being written: WebCodecs `VideoEncoder` → mediabunny `Output` into memory.
 * Frames are timed by their index (i / fps), never by the wall clock, so offline renders are
 * exact and the file has one frame per `encode` call.
 */
export class Recorder {
  readonly options: RecorderOptions;
  readonly #surface: FrameSurface;
  readonly #encoder: VideoEncoder;
  readonly #output: Output<WebMOutputFormat | Mp4OutputFormat, BufferTarget>;
  readonly #source: EncodedVideoPacketSource;
  readonly #codecString: string;
  readonly #soundtrack: Soundtrack | undefined;
  readonly #started = performance.now();
  #writes: Promise<void> = Promise.resolve();
  /** Captured frames on their way to the encoder, in order. */
  #captures: Promise<void> = Promise.resolve();
  #pendingCaptures = 0;
  #cancelled = false;
  #error: Error | undefined;
  #frames = 0;
  #chunks = 0;
  #bytes = 0;
  #closed = false;

  private constructor(options: RecorderOptions, surface: FrameSurface, encoder: VideoEncoder, output: Output<WebMOutputFormat | Mp4OutputFormat, BufferTarget>, source: EncodedVideoPacketSource, codec: string, soundtrack: Soundtrack | undefined) {
    this.options = options;
    this.#soundtrack = soundtrack;
    this.#surface = surface;
    this.#encoder = encoder;
    this.#output = output;
    this.#source = source;
    this.#codecString = codec;
  }

  /** Checks the codec, configures the encoder and starts the file. @throws Error with a message for the user. */
  static async start(tf: Tf, options: RecorderOptions): Promise<Recorder> {
    const { container, codec, size, fps } = options;
    const problem = codecProblem(container, codec, size);
    if (problem) throw new Error(problem);
    if (typeof VideoEncoder === 'undefined') throw new Error('this browser has no WebCodecs VideoEncoder, so it cannot record video');
    const config: VideoEncoderConfig = {
      codec: codecString(codec, size.width, size.height),
      width: size.width,
      height: size.height,
      bitrate: Math.round(options.bitrateKbps * 1000),
      framerate: fps,
      latencyMode: 'quality',
      ...(codec === 'avc' ? { avc: { format: 'avc' as const } } : {}),
    };
    const support = await VideoEncoder.isConfigSupported(config);
    if (!support.supported) {
      throw new Error(`this browser cannot encode ${CODEC_LABELS[codec]} (${config.codec}) at ${size.width}×${size.height}, ${options.bitrateKbps} kbps`);
    }

    const output = new Output({
      format: container === 'webm' ? new WebMOutputFormat() : new Mp4OutputFormat({ metadataFormat: 'mdta' }),
      target: new BufferTarget(),
    });
    const source = new EncodedVideoPacketSource(codec);
    output.addVideoTrack(source, { frameRate: fps });
    const soundtrack = options.soundtrack ? await Soundtrack.add(output, container, { ...options.soundtrack, fps }) : undefined;
    output.setMetadataTags(graphMetadataTags(container, options.graphJson, options.title));
    await output.start();

    // The encoder's callbacks only fire after encode(), by which time `recorder` is set.
    let recorder!: Recorder;
    const encoder = new VideoEncoder({
      output: (chunk, meta) => recorder.#write(chunk, meta),
      error: (error) => recorder.#fail(error),
    });
    encoder.configure(config);
    recorder = new Recorder(options, createFrameSurface(tf, size), encoder, output, source, config.codec, soundtrack);
    return recorder;
  }

  /** Suggested download name: the title made file-safe, plus the container's extension. */
  get fileName(): string {
    return `${slug(this.options.title)}.${this.options.container}`;
  }

  get frames(): number {
    return this.#frames;
  }

  /** True once the file reached MAX_RECORDING_BYTES. */
  get full(): boolean {
    return this.#bytes >= MAX_RECORDING_BYTES;
  }

  get pixelPath(): FrameSurface['path'] {
    return this.#surface.path;
  }

  /** Resolves once the encoder can take another frame; rejects with the encoder's error. */
  async waitForRoom(): Promise<void> {
    this.#throwIfFailed();
    if (this.#pendingCaptures > MAX_PENDING_CAPTURES) await this.#captures;
    this.#throwIfFailed();
    while (this.#encoder.state === 'configured' && this.#encoder.encodeQueueSize > MAX_ENCODE_QUEUE) {
      // `dequeue` fires as the queue shrinks; the timeout re-checks in case the encoder died instead.
      await new Promise<void>((resolve) => {
        const done = () => { clearTimeout(timer); this.#encoder.removeEventListener('dequeue', done); resolve(); };
        const timer = setTimeout(done, 100);
        this.#encoder.addEventListener('dequeue', done);
      });
      this.#throwIfFailed();
    }
    // Muxer writes are quick (memory), but keep them from piling up behind a slow encoder.
    await this.#writes;
    await this.#soundtrack?.settled();
    this.#throwIfFailed();
  }

  /** Encodes `frame` as the next frame of the file. Synchronous: call it from `process`. */
  encode(tf: Tf, frame: Tensor3D): void {
    this.#throwIfFailed();
    if (this.#closed) throw new Error('the recording is already finished');
    const index = this.#frames;
    const { fps } = this.options;
    const timestamp = Math.round((index * 1e6) / fps);
    const duration = Math.round(((index + 1) * 1e6) / fps) - timestamp;
    const keyFrame = index % Math.max(1, Math.round(fps * KEY_FRAME_SECONDS)) === 0;
    let captured!: VideoFrame | Promise<VideoFrame>;
    tf.tidy(() => { captured = this.#surface.capture(frame, timestamp, duration); });
    if (captured instanceof VideoFrame && this.#pendingCaptures === 0) {
      this.#encodeFrame(captured, keyFrame);
    } else {
      // Pixels read back asynchronously: encode them in frame order as they arrive.
      this.#pendingCaptures++;
      const ready = Promise.resolve(captured);
      ready.catch(() => undefined); // handled in the chain below, possibly after it settles
      this.#captures = this.#captures
        .then(() => ready)
        .then((videoFrame) => this.#encodeFrame(videoFrame, keyFrame))
        .catch((error: unknown) => this.#fail(error))
        .finally(() => { this.#pendingCaptures--; });
    }
    this.#soundtrack?.write(index);
    this.#frames++;
  }

  /**
   * Flushes the encoder, finalizes the file and reads it back to check the embedded graph.
   * `expectedFrames` > frames adds a "stopped early" warning. Releases everything.
   */
  async finish(expectedFrames = 0, note?: string): Promise<Omit<Recording, 'id'>> {
    this.#closed = true;
    try {
      if (this.#frames === 0) throw new Error('no frames were recorded');
      await this.#captures;
      this.#throwIfFailed();
      await this.#encoder.flush();
      await this.#writes;
      this.#throwIfFailed();
      await this.#soundtrack?.close();
      this.#source.close();
      await this.#output.finalize();
    } catch (error) {
      this.#release();
      await this.#output.cancel().catch(() => undefined);
      throw error;
    }
    this.#release();
    const buffer = this.#output.target.buffer;
    if (!buffer) throw new Error('the muxer produced no file');
    const { container, codec, size, fps, graphJson, nodeId } = this.options;
    return finishedRecording(
      {
        nodeId,
        fileName: this.fileName,
        mimeType: MIME_TYPES[container],
        blob: new Blob([buffer], { type: MIME_TYPES[container] }),
        container,
        codec,
        codecString: this.#codecString,
        width: size.width,
        height: size.height,
        fps,
        frames: this.#frames,
        graphJson,
        pixelPath: this.#surface.path,
        ...(this.#soundtrack ? { soundtrack: this.#soundtrack.info } : {}),
      },
      {
        expectedFrames,
        note,
        problems: [
          ...(this.#chunks === this.#frames ? [] : [`the encoder returned ${this.#chunks} packets for ${this.#frames} frames`]),
          ...(this.#soundtrack?.warnings ?? []),
        ],
        started: this.#started,
        verifyGraph: (blob, json, warnings) => this.#verifyGraph(blob, json, warnings),
      },
    );
  }

  /** Drops the file and releases everything (nothing was recorded, or it is being thrown away). */
  cancel(): void {
    this.#closed = true;
    this.#cancelled = true;
    this.#release();
    void this.#output.cancel().catch(() => undefined);
  }

  #encodeFrame(videoFrame: VideoFrame, keyFrame: boolean): void {
    try {
      if (!this.#cancelled && this.#encoder.state === 'configured') this.#encoder.encode(videoFrame, { keyFrame });
    } finally {
      videoFrame.close();
    }
  }

  async #verifyGraph(blob: Blob, graphJson: string, warnings: string[]): Promise<boolean> {
    try {
      const recovered = await readGraphFromVideo(blob);
      if (recovered === graphJson) return true;
      warnings.push(recovered === null
        ? 'the graph could not be read back from the finished file'
        : `the graph read back from the finished file differs from the one written (${recovered.length} vs ${graphJson.length} characters)`);
    } catch (error) {
      warnings.push(`the finished file could not be read back to check its graph: ${errorMessage(error)}`);
    }
    return false;
  }

  #write(chunk: EncodedVideoChunk, meta: EncodedVideoChunkMetadata | undefined): void {
    this.#chunks++;
    this.#bytes += chunk.byteLength;
    const packet = EncodedPacket.fromEncodedChunk(chunk);
    // Packets must reach the muxer in decode order: chain the writes.
    this.#writes = this.#writes.then(() => this.#source.add(packet, meta)).catch((error: unknown) => this.#fail(error));
  }

  #fail(error: unknown): void {
    this.#error ??= error instanceof Error ? error : new Error(String(error));
  }

  #throwIfFailed(): void {
    if (this.#error) throw new Error(`video encoding failed: ${this.#error.message}`);
  }

  #release(): void {
    if (this.#encoder.state !== 'closed') this.#encoder.close();
    this.#surface.dispose();
  }
}

/** A file-name stem from a title: lower case, dashes, nothing a file system objects to. */
export function slug(title: string): string {
  return title.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'recording';
}
