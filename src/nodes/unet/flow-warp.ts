import type { GradSaveFunc, Tensor, Tensor2D, Tensor4D } from '@tensorflow/tfjs';
import type { Tf } from '../../core';

/**
 * Samples `image` ([N, H, W, C]) at each pixel moved by `flow` ([N, H, W, 2]: x then y, in
 * pixels): output(y, x) = image(y + flow_y, x + flow_x), bilinear between the four nearest
 * pixels, positions clamped to the frame (the edge pixels repeat). A zero flow returns the
 * image exactly.
 *
 * Differentiable in `flow` through the bilinear weights (the sample positions' fractional
 * parts), as spatial transformer networks are (Jaderberg et al. 2015): the gradient says which
 * way a sub-pixel shift lowers the loss. Where a position is clamped its gradient is 0.
 */
export function warpBilinear(tf: Tf, image: Tensor4D, flow: Tensor4D): Tensor4D {
  const [n, h, w, c] = image.shape;
  return tf.tidy(() => {
    const [flowX, flowY] = tf.split(flow, 2, 3) as [Tensor4D, Tensor4D];
    const x = tf.clipByValue(tf.add(tf.reshape(tf.range(0, w), [1, 1, w, 1]), flowX), 0, w - 1);
    const y = tf.clipByValue(tf.add(tf.reshape(tf.range(0, h), [1, h, 1, 1]), flowY), 0, h - 1);
    // floor has a zero gradient, so the gradient reaches the flow through the weights only.
    const x0 = tf.floor(x);
    const y0 = tf.floor(y);
    const wx = tf.sub(x, x0);
    const wy = tf.sub(y, y0);
    const x1 = tf.minimum(tf.add(x0, 1), w - 1);
    const y1 = tf.minimum(tf.add(y0, 1), h - 1);
    const pixels = tf.reshape(image, [n * h * w, c]) as Tensor2D;
    const rowStart = tf.reshape(tf.mul(tf.range(0, n), h * w), [n, 1, 1, 1]);
    const gather = wholePixelGather(tf);
    const at = (row: Tensor, column: Tensor): Tensor4D => tf.reshape(gather(pixels, tf.reshape(tf.add(rowStart, tf.add(tf.mul(row, w), column)), [-1])), [n, h, w, c]);
    const top = tf.add(tf.mul(at(y0, x0), tf.sub(1, wx)), tf.mul(at(y0, x1), wx));
    const bottom = tf.add(tf.mul(at(y1, x0), tf.sub(1, wx)), tf.mul(at(y1, x1), wx));
    return tf.add(tf.mul(top, tf.sub(1, wy)), tf.mul(bottom, wy)) as Tensor4D;
  });
}

/**
 * `pixels` ([M, C]) at rows `positions` ([K] floats holding whole numbers), as tf.gather,
 * with gradients only where they mean something: the positions are floors, piecewise constant,
 * so their gradient is 0. tf.gather on int indices computed from the flow would put the
 * indices on the gradient tape, and tfjs refuses their (int) gradient.
 */
function wholePixelGather(tf: Tf): (pixels: Tensor2D, positions: Tensor) => Tensor2D {
  const gather = (pixels: Tensor2D, positions: Tensor, save: GradSaveFunc) => {
    const index = tf.cast(positions, 'int32');
    save([index]);
    return {
      value: tf.gather(pixels, index),
      // scatterND sums repeated rows, as a gather's gradient must; tfjs's unsortedSegmentSum would
      // do the same at a cost of rows × segments on the cpu backend (minutes a step at 64 px).
      gradFunc: (dy: Tensor, saved: Tensor[]) => [tf.scatterND(tf.expandDims(saved[0]!, 1), dy, pixels.shape), tf.zerosLike(positions)],
    };
  };
  // customGrad's type takes only tensors and the save function as one rest parameter.
  return tf.customGrad(gather as unknown as Parameters<Tf['customGrad']>[0]) as unknown as (pixels: Tensor2D, positions: Tensor) => Tensor2D;
}
