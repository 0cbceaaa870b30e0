import * as tf from '@tensorflow/tfjs';
import type { Tensor3D } from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { defaultParams } from '../../src/core';
import { BORDER_MODES, transform2d } from '../../src/nodes/transform-2d';
import type { BorderMode } from '../../src/nodes/transform-2d';
import { bareContext } from '../helpers/node-context';

const N = 16;
const size = { width: N, height: N };

function apply(frame: Tensor3D, params: Record<string, unknown>): Tensor3D {
  const all = { ...defaultParams(transform2d.params), ...params } as never;
  return tf.tidy(() => transform2d.process({ nodeId: 't', params: all, size, ...bareContext(), state: undefined, frame: 0, time: 0, inputs: { frame } }).frame as Tensor3D);
}

function randomFrame(seed: number): Tensor3D {
  return tf.randomUniform([N, N, 3], 0, 1, 'float32', seed) as Tensor3D;
}

/** A plain float64 reference of the warp: Deforum's inverse map, bilinear, each border rule written out. */
function reference(pixels: Float32Array, p: { zoom: number; angle: number; translateX: number; translateY: number; centreX: number; centreY: number; border: BorderMode }): Float64Array {
  const a = (p.angle * Math.PI) / 180;
  const cx = p.centreX * (N - 1);
  const cy = p.centreY * (N - 1);
  const index = (i: number): number => {
    if (p.border === 'clamp') return Math.min(Math.max(i, 0), N - 1);
    if (p.border === 'wrap') return ((i % N) + N) % N;
    const m = ((i % (2 * N)) + 2 * N) % (2 * N);
    return m < N ? m : 2 * N - 1 - m;
  };
  const read = (y: number, x: number, c: number) => pixels[(index(y) * N + index(x)) * 3 + c]!;
  const out = new Float64Array(N * N * 3);
  for (let y = 0; y < N; y++) {
    for (let x = 0; x < N; x++) {
      const sx = cx + (Math.cos(a) * (x - cx) - Math.sin(a) * (y - cy)) / p.zoom - p.translateX;
      const sy = cy + (Math.sin(a) * (x - cx) + Math.cos(a) * (y - cy)) / p.zoom - p.translateY;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      for (let c = 0; c < 3; c++) {
        const upper = read(y0, x0, c) * (1 - fx) + read(y0, x0 + 1, c) * fx;
        const lower = read(y0 + 1, x0, c) * (1 - fx) + read(y0 + 1, x0 + 1, c) * fx;
        out[(y * N + x) * 3 + c] = upper * (1 - fy) + lower * fy;
      }
    }
  }
  return out;
}

describe('transform 2D', () => {
  it('leaves the frame exactly as it was at zoom 1, angle 0 and no translation, in every border mode', () => {
    const frame = randomFrame(1);
    for (const border of BORDER_MODES) {
      const out = apply(frame, { zoom: 1, angle: 0, translateX: 0, translateY: 0, border });
      expect(out.shape).toEqual([N, N, 3]);
      expect(Array.from(out.dataSync())).toEqual(Array.from(frame.dataSync()));
      out.dispose();
    }
    frame.dispose();
  });

  it('moves the picture right and down by whole pixels, bringing the border in by its rule', () => {
    const ramp = tf.tidy(() => tf.tile(tf.reshape(tf.range(0, N), [1, N, 1]), [N, 1, 3])) as Tensor3D;
    const firstRow = (border: BorderMode, translateX: number) => tf.tidy(() =>
      Array.from(tf.slice(apply(ramp, { zoom: 1, translateX, border }), [0, 0, 0], [1, -1, 1]).dataSync()));
    expect(firstRow('wrap', 2)).toEqual([14, 15, ...Array.from({ length: N - 2 }, (_, i) => i)]);
    expect(firstRow('mirror', 2)).toEqual([1, 0, ...Array.from({ length: N - 2 }, (_, i) => i)]);
    expect(firstRow('clamp', 2)).toEqual([0, 0, ...Array.from({ length: N - 2 }, (_, i) => i)]);
    expect(firstRow('wrap', -1)).toEqual([...Array.from({ length: N - 1 }, (_, i) => i + 1), 0]);
    // Half a pixel interpolates; across the wrap seam too (15 ↔ 0), where tf.image.transform clamps.
    expect(firstRow('wrap', 0.5).slice(0, 2)).toEqual([7.5, 0.5]);
    const down = apply(ramp.transpose([1, 0, 2]) as Tensor3D, { zoom: 1, translateY: 3, border: 'wrap' });
    expect(Array.from(tf.slice(down, [0, 0, 0], [-1, 1, 1]).dataSync()).slice(0, 4)).toEqual([13, 14, 15, 0]);
    tf.dispose([ramp, down]);
  });

  it('turns the picture anticlockwise for a positive angle, as Deforum does', () => {
    const values = new Float32Array(N * N * 3);
    values.fill(1, (7 * N + 12) * 3, (7 * N + 12) * 3 + 3);
    const dot = tf.tensor3d(values, [N, N, 3]);
    // At 90° about the centre (7.5, 7.5) a point 4.5 px right of it ends up 4.5 px above it.
    const turned = apply(dot, { zoom: 1, angle: 90, border: 'clamp' });
    const brightest = tf.tidy(() => tf.argMax(tf.reshape(tf.slice(turned, [0, 0, 0], [-1, -1, 1]), [-1])).dataSync()[0]!);
    expect({ y: Math.floor(brightest / N), x: brightest % N }).toEqual({ y: 3, x: 7 });
    tf.dispose([dot, turned]);
  });

  it('matches a float64 reference for zoom, angle, translation and an off-centre centre, in every border mode', () => {
    const frame = randomFrame(2);
    const pixels = frame.dataSync() as Float32Array;
    const motions = [
      { zoom: 1.3, angle: 17, translateX: 2.25, translateY: -1.5, centreX: 0.3, centreY: 0.6 },
      { zoom: 0.4, angle: -75, translateX: -7.5, translateY: 4, centreX: 0.5, centreY: 0.5 },
      { zoom: 0.12, angle: 200, translateX: 30, translateY: -40, centreX: 1, centreY: 0 },
    ];
    for (const border of BORDER_MODES) {
      for (const motion of motions) {
        const out = apply(frame, { ...motion, border });
        const expected = reference(pixels, { ...motion, border });
        const got = out.dataSync();
        let worst = 0;
        for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i]! - expected[i]!));
        expect(worst, `${border} ${JSON.stringify(motion)}`).toBeLessThan(1e-4);
        out.dispose();
      }
    }
    frame.dispose();
  });

  it('keeps the tensor count flat over many frames', () => {
    const frame = randomFrame(3);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) tf.dispose(apply(frame, { zoom: 1 + i / 100, angle: i, translateX: i / 3, border: BORDER_MODES[i % 3] }));
    expect(tf.memory().numTensors).toBe(before);
    frame.dispose();
  });
});
