import type { Tensor, Tensor3D, Tensor4D } from '@tensorflow/tfjs';
import type { FrameSize, Tf } from '../../core';

/** Pixel value ranges models expect or give. Frames are [0, 1]. */
export const VALUE_RANGES = ['0 to 1', '-1 to 1', '0 to 255'] as const;
export type ValueRange = (typeof VALUE_RANGES)[number];

/** How the frame meets a model with a fixed input size. */
export const FITS = ['frame size', 'resize to model input'] as const;
export type Fit = (typeof FITS)[number];

const SCALES: Readonly<Record<ValueRange, { readonly mul: number; readonly add: number }>> = {
  '0 to 1': { mul: 1, add: 0 },
  '-1 to 1': { mul: 2, add: -1 },
  '0 to 255': { mul: 255, add: 0 },
};

/** A [0, 1] frame as the model's input range. */
export function toRange(tf: Tf, frame: Tensor4D, range: ValueRange): Tensor4D {
  const { mul, add } = SCALES[range];
  return (mul === 1 && add === 0 ? frame : tf.add(tf.mul(frame, mul), add)) as Tensor4D;
}

/** A model output in `range` back to [0, 1], clipped (outputs overshoot). */
export function fromRange(tf: Tf, output: Tensor, range: ValueRange): Tensor {
  const { mul, add } = SCALES[range];
  return tf.clipByValue(tf.div(tf.sub(output, add), mul), 0, 1);
}

/**
 * The spatial size to feed the model, or why it cannot take these frames: the input must be
 * one NHWC RGB image ([1, H, W, 3]), of the frame's size unless `fit` resizes to a fixed size.
 */
export function inputSizeFor(shape: readonly (number | null)[] | undefined, frame: FrameSize, fit: Fit): FrameSize | { readonly problem: string } {
  if (shape === undefined) return frame;
  const shown = `[${shape.map((d) => d ?? 'any').join(', ')}]`;
  if (shape.length !== 4) {
    return { problem: `the model's input has shape ${shown} (rank ${shape.length}); this node feeds one frame as [1, height, width, 3] (NHWC, rank 4)` };
  }
  const [batch, height, width, channels] = shape as [number | null, number | null, number | null, number | null];
  if (channels !== null && channels !== 3) {
    const hint = height === 3 ? ' It looks channels-first (NCHW); only channels-last (NHWC) models are supported.' : '';
    return { problem: `the model's input has shape ${shown}: ${channels} channels, but frames have 3 (RGB).${hint}` };
  }
  if (batch !== null && batch !== 1) return { problem: `the model's input has shape ${shown}: a batch of ${batch}, but this node feeds one frame at a time` };
  if (height === null || width === null) return frame;
  if (height === frame.height && width === frame.width) return frame;
  if (fit === 'resize to model input') return { width, height };
  return { problem: `the model takes ${width}×${height} inputs but frames are ${frame.width}×${frame.height}: set Size to "resize to model input" or change the graph's size` };
}

/** Why a model output cannot be a frame, or null: it must be [1, h, w, 3]. */
export function outputProblem(shape: readonly number[]): string | null {
  if (shape.length === 4 && shape[0] === 1 && shape[3] === 3) return null;
  return `the model's output has shape [${shape.join(', ')}], but this node needs one RGB image, [1, height, width, 3]`;
}

/** The model output as a frame of the graph's size. */
export function toFrame(tf: Tf, output: Tensor4D, size: FrameSize): Tensor3D {
  const [, height, width] = output.shape;
  const fitted = height === size.height && width === size.width ? output : tf.image.resizeBilinear(output, [size.height, size.width]);
  return tf.squeeze(fitted, [0]) as Tensor3D;
}
