/**
 * Fitted RGBA frames kept for reuse, least recently used first out, within a byte budget.
 * A loop or a ping-pong revisits every frame; keeping them spares re-decoding (and, going
 * backwards, decoding from the previous key frame for every single frame).
 */
export class FrameCache {
  readonly #frames = new Map<number, Uint8ClampedArray>();
  #bytes = 0;

  constructor(readonly budgetBytes: number) {}

  get bytes(): number {
    return this.#bytes;
  }

  get size(): number {
    return this.#frames.size;
  }

  has(index: number): boolean {
    return this.#frames.has(index);
  }

  /** The frame, now counted as the most recently used; undefined when not kept. */
  get(index: number): Uint8ClampedArray | undefined {
    const frame = this.#frames.get(index);
    if (frame) {
      // Map keeps insertion order: re-inserting moves it to the young end.
      this.#frames.delete(index);
      this.#frames.set(index, frame);
    }
    return frame;
  }

  /** Keeps `frame`, dropping the least recently used ones while over budget (never the new one). */
  set(index: number, frame: Uint8ClampedArray): void {
    const old = this.#frames.get(index);
    if (old) {
      this.#bytes -= old.byteLength;
      this.#frames.delete(index);
    }
    this.#frames.set(index, frame);
    this.#bytes += frame.byteLength;
    for (const [oldest, bytes] of this.#frames) {
      if (this.#bytes <= this.budgetBytes || oldest === index) break;
      this.#frames.delete(oldest);
      this.#bytes -= bytes.byteLength;
    }
  }

  clear(): void {
    this.#frames.clear();
    this.#bytes = 0;
  }
}

/**
 * Per source node. 256 MiB holds 1024 frames at 256×256 (all of a typical clip, so a
 * ping-pong decodes each frame once) and 256 at 512×512.
 */
export const FRAME_CACHE_BYTES = 256 * 1024 * 1024;
