import type { Tensor, Tensor4D } from '@tensorflow/tfjs';
import type { Tf } from '../graph/node-definition';

/**
 * How training computes convolution filter gradients.
 * - `native`: tfjs's Conv2DBackpropFilter kernel.
 * - `patches`: extract the input patches with a one-hot depthwise convolution and multiply
 *   them by the output gradient in one matMul. Same result up to float rounding. On the tfjs
 *   cpu backend it is 5–40× faster (its Conv2DBackpropFilter reads every element through
 *   TensorBuffer.get); on WebGPU the native kernel runs one thread per filter element over
 *   the whole map, a hot spot for large maps. Benchmark both (`npm run bench -- --only generator`).
 */
export type FilterGradient = 'native' | 'patches';

export type ConvPad = 'same' | number;

/** `tf.conv2d(x, filter, stride, pad)`; with `patches`, its filter gradient comes from patches · dy. */
export function conv2d(tf: Tf, x: Tensor4D, filter: Tensor4D, stride: number, pad: ConvPad, filterGradient: FilterGradient = 'native'): Tensor4D {
  if (filterGradient === 'native') return tf.conv2d(x, filter, stride, pad);
  const op = tf.customGrad((input, kernel, save) => {
    const [xIn, w] = [input as Tensor4D, kernel as Tensor4D];
    (save as (tensors: Tensor[]) => void)([xIn, w]);
    return {
      value: tf.conv2d(xIn, w, stride, pad),
      gradFunc: (dy: Tensor4D, saved: Tensor[]) => {
        const [savedX, savedW] = saved as [Tensor4D, Tensor4D];
        return [
          tf.conv2dTranspose(dy, savedW, savedX.shape, stride, pad),
          filterGradientFromPatches(tf, savedX, dy, savedW.shape[0], stride, pad),
        ];
      },
    };
  });
  return op(x, filter) as Tensor4D;
}

/**
 * `tf.conv2dTranspose(x, filter, outputShape, stride, pad)`; with `patches`, its filter
 * gradient comes from the patches of dy (the transposed convolution's output side) · x.
 */
export function conv2dTranspose(
  tf: Tf, x: Tensor4D, filter: Tensor4D, outputShape: [number, number, number, number], stride: number, pad: ConvPad,
  filterGradient: FilterGradient = 'native',
): Tensor4D {
  if (filterGradient === 'native') return tf.conv2dTranspose(x, filter, outputShape, stride, pad);
  const op = tf.customGrad((input, kernel, save) => {
    const [xIn, w] = [input as Tensor4D, kernel as Tensor4D];
    (save as (tensors: Tensor[]) => void)([xIn, w]);
    return {
      value: tf.conv2dTranspose(xIn, w, outputShape, stride, pad),
      gradFunc: (dy: Tensor4D, saved: Tensor[]) => {
        const [savedX, savedW] = saved as [Tensor4D, Tensor4D];
        return [tf.conv2d(dy, savedW, stride, pad), filterGradientFromPatches(tf, dy, savedX, savedW.shape[0], stride, pad)];
      },
    };
  });
  return op(x, filter) as Tensor4D;
}

/**
 * ∂loss/∂filter of `conv2d(x, filter, stride, pad)` ([k, k, Cin, Cout]) given `dy`, its output
 * gradient: Σ over images and output pixels of (input patch ⊗ dy).
 */
export function filterGradientFromPatches(tf: Tf, x: Tensor4D, dy: Tensor4D, kernelSize: number, stride: number, pad: ConvPad): Tensor4D {
  return tf.tidy(() => {
    const [batch, , , inChannels] = x.shape;
    const [, outHeight, outWidth, outChannels] = dy.shape;
    const taps = kernelSize * kernelSize;
    const selector = tf.tensor4d(patchSelector(kernelSize, inChannels), [kernelSize, kernelSize, inChannels, taps]);
    const patches = tf.depthwiseConv2d(x, selector, stride, pad);
    const rows = batch * outHeight * outWidth;
    const product = tf.matMul(tf.reshape(patches, [rows, inChannels * taps]), tf.reshape(dy, [rows, outChannels]), true, false);
    return tf.transpose(tf.reshape(product, [inChannels, kernelSize, kernelSize, outChannels]), [1, 2, 0, 3]);
  });
}

const selectors = new Map<string, Float32Array>();

/**
 * The one-hot depthwise filter [k, k, C, k²] that copies input channel c at tap (i, j) to output
 * channel c·k² + i·k + j. Built in JS and memoised as plain numbers: tfjs's cpu Tile, the
 * tensor way to build it, costs more than the gradient it serves.
 */
function patchSelector(kernelSize: number, channels: number): Float32Array {
  const key = `${kernelSize}/${channels}`;
  let values = selectors.get(key);
  if (!values) {
    const taps = kernelSize * kernelSize;
    values = new Float32Array(taps * channels * taps);
    for (let tap = 0; tap < taps; tap++) {
      for (let c = 0; c < channels; c++) values[(tap * channels + c) * taps + tap] = 1;
    }
    selectors.set(key, values);
  }
  return values;
}
