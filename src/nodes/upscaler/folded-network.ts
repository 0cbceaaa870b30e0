import type { LayersModel, Tensor, Tensor1D, Tensor4D } from '@tensorflow/tfjs';
import type { Tf } from '../../core';

/** An upscaling network ready to run: [n, h, w, 3] in [0, 1] → [n, h·s, w·s, 3] in about [0, 1] (unclipped). */
export interface UpscalerNetwork {
  readonly scale: number;
  run(batch: Tensor4D): Tensor4D;
  dispose(): void;
}

type Layer = LayersModel['layers'][number];

/** The layer's [kernel, bias] when it is a biased, linear, stride-1 3×3 or other Conv2D; else undefined. */
function convWeights(layer: Layer | undefined): [Tensor, Tensor] | undefined {
  if (layer?.getClassName() !== 'Conv2D') return undefined;
  const weights = layer.getWeights();
  return weights.length === 2 ? [weights[0]!, weights[1]!] : undefined;
}

function config(layer: Layer): Record<string, unknown> {
  return layer.getConfig() as Record<string, unknown>;
}

const same = (value: unknown, expected: readonly unknown[]): boolean => JSON.stringify(value) === JSON.stringify(expected);

/**
 * Rewrites an UpscalerJS RDN model (all of the catalog's have this shape) into the same
 * function with less work per frame, changing only float rounding:
 *
 * - **Pixel range.** The models read and write [0, 255]. The only layer that reads the input
 *   is a conv, so conv(255·x) is that conv with its kernel × 255; the output layer is linear,
 *   so its kernel and bias ÷ 255 give y / 255. That drops a full-frame multiply before and a
 *   full-output divide after every frame.
 * - **Upsampling tail.** The models end in nearest-neighbour UpSampling2D(s) followed by a
 *   3×3 conv at the output resolution: the conv reads an s²-times larger, 48-channel tensor
 *   (and, on webgl, an im2col copy of it 9 times larger again), which took about 40 % of a
 *   ×4 frame. Each output pixel's 3×3 window over a nearest-upsampled picture covers at most
 *   3×3 input pixels, so the same result is a 3×3 conv at the input resolution with s²·3
 *   output channels (one kernel per sub-pixel phase, its taps summed where they fall on one
 *   input pixel) followed by depthToSpace. Zero padding at the output border falls on the
 *   input's zero padding, so borders are exact too.
 *
 * The returned network shares the model's weights: disposing it disposes the model.
 * @throws Error when the model does not have that shape.
 */
export function foldUpscaler(tf: Tf, model: LayersModel): UpscalerNetwork {
  const input = model.inputs[0]!;
  // The input layer's own node lists the input too: only the layers after it read it.
  const readers = model.layers.filter((layer) => layer !== input.sourceLayer && layer.inboundNodes.some((node) => node.inputTensors.includes(input)));
  const first = readers.length === 1 ? readers[0] : undefined;
  const last = model.outputs.length === 1 ? model.outputs[0]!.sourceLayer : undefined;
  const upsample = last?.inboundNodes[0]?.inboundLayers[0];
  const firstWeights = convWeights(first);
  const lastWeights = last && last !== first ? convWeights(last) : undefined;
  const lastConfig = last ? config(last) : {};
  const tailFits = lastWeights && lastConfig['activation'] === 'linear' && same(lastConfig['kernelSize'], [3, 3]) && same(lastConfig['strides'], [1, 1])
    && same(lastConfig['dilationRate'], [1, 1]) && lastConfig['padding'] === 'same';
  const upsampleConfig = upsample ? config(upsample) : {};
  const size = upsampleConfig['size'] as number[] | undefined;
  const upsampleFits = upsample?.getClassName() === 'UpSampling2D' && upsampleConfig['interpolation'] === 'nearest' && size?.length === 2 && size[0] === size[1];
  if (!first || !firstWeights || !tailFits || !upsampleFits) {
    throw new Error(`the ${model.name} network does not start with one conv reading the input and end with nearest upsampling and a linear 3×3 conv, so it cannot be folded`);
  }
  const scale = size![0]!;
  tf.tidy(() => first.setWeights([tf.mul(firstWeights[0], 255), firstWeights[1]]));
  const kernel = tf.tensor4d(phaseKernel(lastWeights[0].dataSync() as Float32Array, lastWeights[0].shape[2]!, lastWeights[0].shape[3]!, scale), [3, 3, lastWeights[0].shape[2]!, scale * scale * lastWeights[0].shape[3]!]);
  const bias = tf.tidy(() => tf.div(tf.tile(lastWeights[1], [scale * scale]), 255)) as Tensor1D;
  const body = tf.model({ inputs: model.inputs, outputs: upsample!.inboundNodes[0]!.inputTensors[0]!, name: `${model.name}_body` });
  return {
    scale,
    run: (batch) => tf.tidy(() => {
      const features = body.predict(batch) as Tensor4D;
      return tf.depthToSpace(tf.fused.conv2d({ x: features, filter: kernel, bias, strides: 1, pad: 'same' }), scale, 'NHWC');
    }),
    dispose: () => {
      model.dispose();
      tf.dispose([kernel, bias]);
    },
  };
}

/**
 * The input-resolution kernel equal to nearest ×`scale` upsampling then `highRes` (a 3×3
 * kernel, [3][3][cin][cout] row-major), ÷ 255. Output channel (i·scale + j)·cout + c is
 * sub-pixel phase (i, j) of colour c, the order depthToSpace reads. For phase i, the
 * high-resolution tap at row offset dy ∈ {−1, 0, 1} reads input row offset ⌊(i + dy) / scale⌋.
 */
export function phaseKernel(highRes: Float32Array, cin: number, cout: number, scale: number): Float32Array {
  const outChannels = scale * scale * cout;
  const kernel = new Float32Array(9 * cin * outChannels);
  for (let i = 0; i < scale; i++) {
    for (let j = 0; j < scale; j++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const row = Math.floor((i + dy) / scale) + 1;
          const col = Math.floor((j + dx) / scale) + 1;
          for (let k = 0; k < cin; k++) {
            for (let c = 0; c < cout; c++) {
              const from = (((dy + 1) * 3 + (dx + 1)) * cin + k) * cout + c;
              const to = ((row * 3 + col) * cin + k) * outChannels + (i * scale + j) * cout + c;
              kernel[to]! += highRes[from]! / 255;
            }
          }
        }
      }
    }
  }
  return kernel;
}
