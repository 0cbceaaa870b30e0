import { EncodedPacketSink, VideoSampleSink } from 'mediabunny';
import type { Input, InputVideoTrack, VideoSample } from 'mediabunny';
import type { FrameSize } from '../../core';
import type { Fit } from './fit';
import { FrameCache } from './frame-cache';
import { MediaInputError, mediaInputMessages as say, quoteName } from './media-input-error';
import { PictureFitter } from './picture-fitter';
import { inspectVideo, openVideoInput, readerDetail } from './probe';
import type { FrameTable, NamedBlob } from './probe';

/**
 * Reads a clip's frames by index, exactly: WebCodecs through mediabunny's `VideoSampleSink`,
 * never a `<video>` element (which skips frames). Frames come back scaled to the graph's
 * frame size as RGBA bytes.
 *
 * - Frame i is the i-th frame in presentation order (the probe's frame table).
 * - Reads that move forward share one decode iterator; a jump backwards, or forwards past
 *   the next key frame, restarts it at the key frame at or before the target.
 * - Fitted frames are kept in a FrameCache; `keep(i)` says which frames passed on the way
 *   to a target are worth keeping too (a ping-pong going backwards decodes a whole run from
 *   the key frame anyway, so it keeps the frames it will show next).
 */
export class VideoReader {
  readonly #input: Input;
  readonly #track: InputVideoTrack;
  readonly #table: FrameTable;
  readonly #samples: VideoSampleSink;
  readonly #packets: EncodedPacketSink;
  readonly #fitter: PictureFitter;
  readonly #cache: FrameCache;
  #fit: Fit | undefined;
  #iterator: AsyncGenerator<VideoSample, void, unknown> | undefined;
  /** The index of the frame the iterator yields next. */
  #next = 0;
  /** Frames decoded since opening (for the benchmark and tests). */
  decoded = 0;

  private constructor(readonly name: string, input: Input, track: InputVideoTrack, table: FrameTable, size: FrameSize, cacheBytes: number) {
    this.#input = input;
    this.#track = track;
    this.#table = table;
    this.#samples = new VideoSampleSink(track);
    this.#packets = new EncodedPacketSink(track);
    this.#fitter = new PictureFitter(size);
    this.#cache = new FrameCache(cacheBytes);
  }

  /**
   * Checks the clip as an import does (so a file stored before a cap changed, or damaged in
   * storage, gets the same messages) and opens it.
   * @throws MediaInputError
   */
  static async open(file: NamedBlob, size: FrameSize, cacheBytes: number): Promise<VideoReader> {
    const input = openVideoInput(file);
    try {
      const { track, table } = await inspectVideo(file, input);
      return new VideoReader(file.name, input, track, table, size, cacheBytes);
    } catch (error) {
      input.dispose();
      throw error;
    }
  }

  get frameCount(): number {
    return this.#table.timestamps.length;
  }

  get size(): FrameSize {
    return this.#fitter.size;
  }

  /** Bytes of fitted frames kept now. */
  get cachedBytes(): number {
    return this.#cache.bytes;
  }

  /**
   * Frame `index` fitted to the frame size: width × height × 4 RGBA bytes. Do not modify.
   * @throws MediaInputError `corrupt` when the decoder fails or the frame never comes.
   */
  async frame(index: number, fit: Fit, keep: (index: number) => boolean = (i) => i === index): Promise<Uint8ClampedArray> {
    if (!(Number.isInteger(index) && index >= 0 && index < this.frameCount)) throw new RangeError(`frame ${index} is outside 0…${this.frameCount - 1}`);
    if (fit !== this.#fit) {
      this.#cache.clear();
      this.#fit = fit;
    }
    const cached = this.#cache.get(index);
    if (cached) return cached;
    try {
      // Forward reads keep decoding unless a key frame lies between here and the target.
      if (!this.#iterator || index < this.#next || (index > this.#next && (await this.#keyIndex(index)) > this.#next)) await this.#restart(index);
      return await this.#advanceTo(index, fit, keep);
    } catch (error) {
      // The iterator's state is unknown after a failure: the next read starts afresh.
      await this.#stop();
      if (error instanceof MediaInputError) throw error;
      throw new MediaInputError('corrupt', this.name, say.corrupt(quoteName(this.name), `frame ${index + 1} of ${this.frameCount} could not be decoded: ${readerDetail(error)}`));
    }
  }

  async dispose(): Promise<void> {
    await this.#stop();
    this.#cache.clear();
    this.#input.dispose();
  }

  async #advanceTo(index: number, fit: Fit, keep: (index: number) => boolean): Promise<Uint8ClampedArray> {
    const iterator = this.#iterator!;
    for (;;) {
      const step = await iterator.next();
      if (step.done) throw new Error('the decoder stopped before this frame');
      const sample = step.value;
      try {
        this.decoded++;
        const at = this.#indexOf(sample.timestamp);
        this.#next = at + 1;
        if (at > index) throw new Error(`the decoder skipped from frame ${index} to ${at}`);
        if (at === index || keep(at)) {
          const pixels = this.#fitter.fit(
            (context, r) => sample.draw(context, r.sx, r.sy, r.sw, r.sh, r.dx, r.dy, r.dw, r.dh),
            { width: sample.displayWidth, height: sample.displayHeight },
            fit,
          );
          this.#cache.set(at, pixels);
          if (at === index) return pixels;
        }
      } finally {
        sample.close();
      }
    }
  }

  /** The frame index of the key frame at or before frame `index`. */
  async #keyIndex(index: number): Promise<number> {
    const key = await this.#packets.getKeyPacket(this.#table.timestamps[index]!, { metadataOnly: true });
    return key ? this.#indexOf(key.timestamp) : 0;
  }

  async #restart(index: number): Promise<void> {
    await this.#stop();
    const from = await this.#keyIndex(index);
    this.#iterator = this.#samples.samples(this.#table.timestamps[from]!);
    this.#next = from;
  }

  async #stop(): Promise<void> {
    const iterator = this.#iterator;
    this.#iterator = undefined;
    await iterator?.return();
  }

  /** The frame whose timestamp is closest to `timestamp` (containers round timestamps to their timescale). */
  #indexOf(timestamp: number): number {
    const times = this.#table.timestamps;
    let lo = 0;
    let hi = times.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (times[mid]! < timestamp) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && timestamp - times[lo - 1]! < times[lo]! - timestamp ? lo - 1 : lo;
  }
}
