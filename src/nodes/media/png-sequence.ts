import type { Tensor3D } from '@tensorflow/tfjs';
import { readRgbBytes, errorMessage } from '../../core';
import type { FrameSize, Tf } from '../../core';
import { FrameZip, GRAPH_ENTRY, MAX_ZIP_FRAMES, ZIP_MIME_TYPE, readZipEntry } from './frame-zip';
import { MAX_RECORDING_BYTES, slug } from './recorder';
import { finishedRecording } from './recordings';
import type { Recording } from './recordings';

/** The Encoder's container value for a zip of PNG frames. */
export const PNG_ZIP = 'png-zip';

export interface PngSequenceOptions {
  /** Recorded in the result only: a PNG sequence has no timing of its own. */
  readonly fps: number;
  readonly size: FrameSize;
  /** Graph-file text to put in the zip as graph.json; undefined puts none (with a warning in the result). */
  readonly graphJson: string | undefined;
  /** Download name stem. */
  readonly title: string;
  readonly nodeId: string;
}

/** Frames whose pixels may be on their way back or being encoded before `waitForRoom` waits. */
export const MAX_PENDING_PNGS = 3;

/**
 * One PNG-sequence zip being written: each frame is read back (asynchronously, packed on GPU
 * backends), drawn into an OffscreenCanvas and encoded as a lossless PNG by the browser, then
 * appended to a streaming zip in frame order. Same life cycle as the video `Recorder`.
 */
export class PngSequenceRecorder {
  readonly options: PngSequenceOptions;
  readonly pixelPath = 'readback' as const;
  readonly #zip: FrameZip;
  readonly #canvas: OffscreenCanvas;
  readonly #context: OffscreenCanvasRenderingContext2D;
  readonly #started = performance.now();
  /** Frames on their way into the zip, in order. */
  #chain: Promise<void> = Promise.resolve();
  #pending = 0;
  #frames = 0;
  #error: Error | undefined;
  #closed = false;

  private constructor(options: PngSequenceOptions, canvas: OffscreenCanvas, context: OffscreenCanvasRenderingContext2D) {
    this.options = options;
    this.#canvas = canvas;
    this.#context = context;
    this.#zip = new FrameZip(options.graphJson);
  }

  /** @throws Error with a message for the user when this browser cannot encode PNGs off-screen. */
  static start(options: PngSequenceOptions): PngSequenceRecorder {
    if (typeof OffscreenCanvas === 'undefined') throw new Error('this browser has no OffscreenCanvas, so it cannot write PNG frames; record WebM or MP4 instead');
    const canvas = new OffscreenCanvas(options.size.width, options.size.height);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('this browser refused a 2D canvas for PNG frames; record WebM or MP4 instead');
    return new PngSequenceRecorder(options, canvas, context);
  }

  get fileName(): string {
    return `${slug(this.options.title)}.zip`;
  }

  get frames(): number {
    return this.#frames;
  }

  /** True once the zip reached MAX_RECORDING_BYTES or the most frames a zip may hold. */
  get full(): boolean {
    return this.#zip.bytes >= MAX_RECORDING_BYTES || this.#frames >= MAX_ZIP_FRAMES;
  }

  /** Resolves once another frame may be encoded; rejects with the failure of an earlier frame. */
  async waitForRoom(): Promise<void> {
    this.#throwIfFailed();
    if (this.#pending >= MAX_PENDING_PNGS) await this.#chain;
    this.#throwIfFailed();
  }

  /** Starts writing `frame` as the next PNG. Synchronous: call it from `process`. */
  encode(tf: Tf, frame: Tensor3D): void {
    this.#throwIfFailed();
    if (this.#closed) throw new Error('the recording is already finished');
    const { width, height } = this.options.size;
    if (frame.shape[0] !== height || frame.shape[1] !== width) {
      throw new Error(`expected a ${width}×${height} frame, got shape [${frame.shape.join(', ')}]`);
    }
    const pixels = readRgbBytes(tf, frame);
    pixels.catch(() => undefined); // handled in the chain below, possibly after it settles
    this.#pending++;
    this.#chain = this.#chain
      .then(async () => {
        if (this.#error) return; // an earlier frame failed, or the zip was thrown away
        this.#zip.addFrame(await this.#png(await pixels));
      })
      .catch((error: unknown) => { this.#error ??= error instanceof Error ? error : new Error(String(error)); })
      .finally(() => { this.#pending--; });
    this.#frames++;
  }

  /** Waits for the last PNG, closes the zip and reads graph.json back to check it. */
  async finish(expectedFrames = 0, note?: string): Promise<Omit<Recording, 'id'>> {
    this.#closed = true;
    if (this.#frames === 0) throw new Error('no frames were recorded');
    await this.#chain;
    this.#throwIfFailed();
    const { size, fps, graphJson, nodeId } = this.options;
    return finishedRecording(
      {
        nodeId,
        fileName: this.fileName,
        mimeType: ZIP_MIME_TYPE,
        blob: this.#zip.finish(),
        container: PNG_ZIP,
        codec: 'png',
        codecString: 'image/png',
        width: size.width,
        height: size.height,
        fps,
        frames: this.#frames,
        graphJson,
        pixelPath: this.pixelPath,
      },
      { expectedFrames, note, started: this.#started, verifyGraph },
    );
  }

  /** Drops the zip (nothing was recorded, or it is being thrown away). */
  cancel(): void {
    this.#closed = true;
    this.#error ??= new Error('the recording was cancelled');
  }

  async #png(rgb: Uint8Array): Promise<Uint8Array> {
    const { width, height } = this.options.size;
    const image = this.#context.createImageData(width, height);
    const rgba = image.data;
    for (let p = 0, q = 0; q < rgba.length; p += 3, q += 4) {
      rgba[q] = rgb[p]!;
      rgba[q + 1] = rgb[p + 1]!;
      rgba[q + 2] = rgb[p + 2]!;
      rgba[q + 3] = 255;
    }
    // Opaque pixels: no premultiplication, so the PNG holds exactly these bytes.
    this.#context.putImageData(image, 0, 0);
    const blob = await this.#canvas.convertToBlob({ type: 'image/png' });
    return new Uint8Array(await blob.arrayBuffer());
  }

  #throwIfFailed(): void {
    if (this.#error) throw new Error(`writing PNG frames failed: ${this.#error.message}`);
  }
}

async function verifyGraph(blob: Blob, graphJson: string, warnings: string[]): Promise<boolean> {
  try {
    const entry = await readZipEntry(blob, GRAPH_ENTRY);
    const recovered = entry && new TextDecoder().decode(entry);
    if (recovered === graphJson) return true;
    warnings.push(recovered === null
      ? `${GRAPH_ENTRY} could not be found in the finished zip`
      : `${GRAPH_ENTRY} read back from the finished zip differs from the one written (${recovered.length} vs ${graphJson.length} characters)`);
  } catch (error) {
    warnings.push(`the finished zip could not be read back to check its graph: ${errorMessage(error)}`);
  }
  return false;
}
