import type { Scalar, Tensor3D, Tensor4D } from '@tensorflow/tfjs';
import type { Tf } from '../../core';
import { RandomStream } from '../../core/training-kit';

/**
 * The fixed feature extractor the style loss reads textures with: no pretrained network (the app
 * may load nothing from elsewhere), but one layer of random filters at several scales, which
 * synthesises textures well (Ustyuzhaninov et al., "What does it take to generate natural
 * textures?", ICLR 2017). Each scale is an average-pooled copy of the image (×1, ×½, ×¼)
 * convolved with its own seeded random 5×5 filters and rectified; with 5×5 taps the three
 * scales see 5, 10 and 20 pixel neighbourhoods. The filters are constants: never trained.
 */
export interface TextureFeatures {
  /** One [5, 5, 3, FILTERS] filter bank per scale, finest first. */
  readonly filters: readonly Tensor4D[];
  readonly seed: number;
}

const TEXTURE_SCALES = [1, 2, 4] as const;
const FILTERS = 48;
const TAPS = 5;

/** The seeded random filter banks. Each filter has zero mean and unit norm, so scales weigh alike. */
export function createTextureFeatures(tf: Tf, seed: number): TextureFeatures {
  const random = new RandomStream(seed);
  const filters = TEXTURE_SCALES.map(() => tf.tidy(() => {
    const raw = tf.randomNormal([TAPS * TAPS * 3, FILTERS], 0, 1, 'float32', random.tfSeed());
    const centred = tf.sub(raw, tf.mean(raw, 0, true));
    const unit = tf.div(centred, tf.norm(centred, 'euclidean', 0, true));
    return tf.reshape(unit, [TAPS, TAPS, 3, FILTERS]) as Tensor4D;
  }));
  return { filters, seed };
}

export function disposeTextureFeatures(features: TextureFeatures): void {
  for (const bank of features.filters) bank.dispose();
}

/** Feature maps of `images` ([N, H, W, 3] in [0, 1]) at each scale, finest first. */
export function textureFeatureMaps(tf: Tf, features: TextureFeatures, images: Tensor4D): Tensor4D[] {
  return TEXTURE_SCALES.map((scale, i) => {
    const pooled = scale === 1 ? images : tf.avgPool(images, scale, scale, 'valid');
    // 'valid': border pixels would otherwise add a zero-padding texture the style image lacks.
    return tf.relu(tf.conv2d(tf.sub(pooled, 0.5), features.filters[i]!, 1, 'valid'));
  });
}

/** [N, C, C] Gram matrices of [N, H, W, C] maps, averaged over positions so the image size does not scale them. */
function gramMatrices(tf: Tf, maps: Tensor4D): Tensor3D {
  const [n, height, width, channels] = maps.shape;
  const flat = tf.reshape(maps, [n, height * width, channels]) as Tensor3D;
  return tf.div(tf.matMul(flat, flat, true, false), height * width) as Tensor3D;
}

/** The style image's Gram matrix at each scale ([1, C, C] each): the targets, computed once per training. */
export function styleTargets(tf: Tf, features: TextureFeatures, style: Tensor4D): Tensor3D[] {
  return tf.tidy(() => textureFeatureMaps(tf, features, style).map((maps) => gramMatrices(tf, maps)));
}

/**
 * How far the textures of `maps` (from `textureFeatureMaps`) are from the style's: per scale,
 * ‖G − G_style‖² / ‖G_style‖², averaged over images and scales. Relative, so it reads the same
 * for any style image: 1 means as far as an image with no texture at all.
 */
export function styleDistance(tf: Tf, maps: readonly Tensor4D[], targets: readonly Tensor3D[]): Scalar {
  return tf.tidy(() => {
    const perScale = maps.map((scaleMaps, i) => {
      const target = targets[i]!;
      const squaredError = tf.sum(tf.square(tf.sub(gramMatrices(tf, scaleMaps), target)), [1, 2]);
      return tf.div(tf.mean(squaredError), tf.sum(tf.square(target)));
    });
    return tf.div(tf.addN(perScale), perScale.length) as Scalar;
  });
}

/**
 * Content loss on the coarsest random features (¼ scale): it keeps the frame's layout and large
 * shapes, while the finer scales are left to the style. Relative to the content's own feature
 * energy, like the style distance. Pixels would pin the content's colours, which style transfer
 * is meant to change.
 */
export function contentDistance(tf: Tf, outputMaps: readonly Tensor4D[], contentMaps: readonly Tensor4D[]): Scalar {
  return tf.tidy(() => {
    const last = outputMaps.length - 1;
    const target = contentMaps[last]!;
    return tf.div(tf.mean(tf.square(tf.sub(outputMaps[last]!, target))), tf.add(tf.mean(tf.square(target)), 1e-6)) as Scalar;
  });
}

/** Total variation: mean squared difference between neighbouring pixels, which discourages speckle. */
export function totalVariation(tf: Tf, images: Tensor4D): Scalar {
  return tf.tidy(() => {
    const [, height, width] = images.shape;
    const down = tf.sub(tf.slice(images, [0, 1, 0, 0], [-1, height - 1, -1, -1]), tf.slice(images, [0, 0, 0, 0], [-1, height - 1, -1, -1]));
    const right = tf.sub(tf.slice(images, [0, 0, 1, 0], [-1, -1, width - 1, -1]), tf.slice(images, [0, 0, 0, 0], [-1, -1, width - 1, -1]));
    return tf.add(tf.mean(tf.square(down)), tf.mean(tf.square(right))) as Scalar;
  });
}
