// A synthetic clip for generator tests: a smooth colour pattern sliding right at a constant
// speed, so the true next frame is known and copying the last frame is measurably wrong.
import type { Tensor4D } from '@tensorflow/tfjs';
import type { Tf } from '../../../src/core';
import { seededRandom } from '../../../src/core';

export interface TranslatingClipOptions {
  readonly size: number;
  readonly frames: number;
  /** Pixels per frame, rightwards. */
  readonly speed?: number;
  readonly seed?: number;
}

/** [frames, size, size, 3] in [0, 1]. */
export function translatingClip(tf: Tf, { size, frames, speed = 1, seed = 1 }: TranslatingClipOptions): Tensor4D {
  const random = seededRandom(seed);
  // Per channel: two waves across x (which moves) and one across y (which does not).
  const waves = [0, 1, 2].map(() => ({
    periodX: 6 + 8 * random(), periodX2: 11 + 9 * random(), periodY: 7 + 9 * random(),
    phaseX: 2 * Math.PI * random(), phaseX2: 2 * Math.PI * random(), phaseY: 2 * Math.PI * random(),
  }));
  const values = new Float32Array(frames * size * size * 3);
  let i = 0;
  for (let t = 0; t < frames; t++) {
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const u = x - speed * t;
        for (const w of waves) {
          values[i++] = 0.5 + 0.2 * Math.sin((2 * Math.PI * u) / w.periodX + w.phaseX)
            + 0.15 * Math.sin((2 * Math.PI * u) / w.periodX2 + w.phaseX2) * Math.cos((2 * Math.PI * y) / w.periodY + w.phaseY);
        }
      }
    }
  }
  return tf.tensor4d(values, [frames, size, size, 3]);
}
