import type { Tensor4D } from '@tensorflow/tfjs';
import type { DatasetSource } from '../graph/training';
import type { Tf } from '../graph/node-definition';

/** Frames read per storage call and per resize on the backend. */
const CHUNK = 64;
/** Training frames kept in memory at most; past this the user is asked for a smaller dataset or model size. */
export const MAX_TRAINING_BYTES = 768 * 1024 * 1024;

/**
 * A dataset's frames at the model's square size, as RGB bytes in memory: one centre-square
 * crop and resize at load, after which every batch is a cheap upload. Bytes, not tensors,
 * so a long dataset costs no GPU memory between steps.
 */
export class FrameStore {
  private constructor(readonly name: string, readonly size: number, private readonly frames: readonly Uint8Array[]) {}

  get count(): number {
    return this.frames.length;
  }

  /** Reads dataset `id` and fits every frame to `size` × `size`. @throws Error for the user when it is missing or too big. */
  static async read(tf: Tf, datasets: DatasetSource, id: string, size: number): Promise<FrameStore> {
    const info = await datasets.getDataset(id);
    if (!info) throw new Error('The dataset wired into this node no longer exists (deleted, perhaps in another tab). Pick another in the Dataset node.');
    const bytes = info.frameCount * size * size * 3;
    if (bytes > MAX_TRAINING_BYTES) {
      throw new Error(`Dataset "${info.name}" has ${info.frameCount} frames: at ${size}px that is ${Math.round(bytes / 2 ** 20)} MiB of training frames, over the ${MAX_TRAINING_BYTES / 2 ** 20} MiB limit. Extract fewer frames (a larger stride) or use a smaller Model size.`);
    }
    const frames: Uint8Array[] = [];
    for (let start = 0; start < info.frameCount; start += CHUNK) {
      const chunk = await datasets.readFrames(id, start, Math.min(CHUNK, info.frameCount - start));
      frames.push(...(await fitFrames(tf, chunk, info, size)));
    }
    return new FrameStore(info.name, size, frames);
  }

  /** A store over frames already at `size` (tests, eval). */
  static of(name: string, size: number, frames: readonly Uint8Array[]): FrameStore {
    for (const frame of frames) {
      if (frame.length !== size * size * 3) throw new RangeError(`A ${size}px RGB frame has ${size * size * 3} bytes, got ${frame.length}`);
    }
    return new FrameStore(name, size, frames);
  }

  frame(index: number): Uint8Array {
    const frame = this.frames[index];
    if (!frame) throw new RangeError(`Frame ${index} is outside the dataset (0…${this.frames.length - 1})`);
    return frame;
  }

  /** [n, size, size, 3] float32 in [0, 1]. */
  toTensor(tf: Tf, frames: readonly Uint8Array[]): Tensor4D {
    const plane = this.size * this.size * 3;
    const all = new Uint8Array(frames.length * plane);
    frames.forEach((frame, i) => all.set(frame, i * plane));
    return tf.tidy(() => tf.div(tf.tensor4d(all, [frames.length, this.size, this.size, 3], 'int32'), 255));
  }

  /** Each image of `batch` ([n, size, size, 3] in [0, 1]) as RGB bytes; `batch` is not disposed. */
  async toBytes(tf: Tf, batch: Tensor4D): Promise<Uint8Array[]> {
    const scaled = tf.tidy(() => tf.round(tf.mul(tf.clipByValue(batch, 0, 1), 255)));
    const values = await scaled.data();
    scaled.dispose();
    const plane = this.size * this.size * 3;
    return Array.from({ length: batch.shape[0] }, (_, i) => Uint8Array.from(values.subarray(i * plane, (i + 1) * plane)));
  }

  /** The first image of `batch` as RGBA8, for the sample strip. */
  async toRgba(tf: Tf, batch: Tensor4D): Promise<{ width: number; height: number; data: Uint8ClampedArray<ArrayBuffer> }> {
    const first = tf.slice(batch, [0], [1]);
    const [rgb] = await this.toBytes(tf, first);
    first.dispose();
    const data = new Uint8ClampedArray(this.size * this.size * 4);
    for (let p = 0, q = 0; p < rgb!.length; p += 3, q += 4) {
      data[q] = rgb![p]!;
      data[q + 1] = rgb![p + 1]!;
      data[q + 2] = rgb![p + 2]!;
      data[q + 3] = 255;
    }
    return { width: this.size, height: this.size, data };
  }
}

/** Centre-square crop and bilinear resize of stored frames (any size, RGB or RGBA) to `size` RGB. */
async function fitFrames(tf: Tf, chunk: readonly Uint8Array[], info: { width: number; height: number; channels: 3 | 4 }, size: number): Promise<Uint8Array[]> {
  const { width, height, channels } = info;
  const side = Math.min(width, height);
  const top = Math.floor((height - side) / 2);
  const left = Math.floor((width - side) / 2);
  const plane = width * height * channels;
  const all = new Uint8Array(chunk.length * plane);
  chunk.forEach((frame, i) => all.set(frame, i * plane));
  const fitted = tf.tidy(() => {
    const raw = tf.tensor4d(all, [chunk.length, height, width, channels], 'int32');
    const square = tf.slice(raw, [0, top, left, 0], [chunk.length, side, side, 3]);
    const resized = side === size ? tf.cast(square, 'float32') : tf.image.resizeBilinear(tf.cast(square, 'float32') as Tensor4D, [size, size], true);
    return tf.clipByValue(tf.round(resized), 0, 255);
  });
  const values = await fitted.data();
  fitted.dispose();
  const out = size * size * 3;
  return Array.from({ length: chunk.length }, (_, i) => Uint8Array.from(values.subarray(i * out, (i + 1) * out)));
}
