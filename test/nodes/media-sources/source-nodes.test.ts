import * as tf from '@tensorflow/tfjs';
import type { Tensor3D } from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { defaultParams, memoryAssetSource, paramValueProblem } from '../../../src/core';
import type { AnyNodeDefinition, AssetSource, ParamSchema } from '../../../src/core';
import { rgbaToFrame } from '../../../src/nodes/media/frame-upload';
import { imageSequenceSource } from '../../../src/nodes/image-sequence-source';
import { imageSource } from '../../../src/nodes/image-source';
import { videoSource } from '../../../src/nodes/video-source';
import { webcamSource } from '../../../src/nodes/webcam-source';
import { bareContext } from '../../helpers/node-context';

const size = { width: 8, height: 6 };
const fileSources = [videoSource, imageSource, imageSequenceSource] as AnyNodeDefinition[];

/** Runs prepare + process for one frame, the way the scheduler does. */
async function runFrame(definition: AnyNodeDefinition, params: Record<string, unknown>, assets?: AssetSource) {
  const all = { ...defaultParams(definition.params), ...params } as never;
  const base = { nodeId: 'n', params: all, size, ...bareContext(assets ? { assets } : {}) };
  const state = definition.create?.(base);
  try {
    await definition.prepare?.({ ...base, state, frame: 0, time: 0 });
    return tf.tidy(() => definition.process({ ...base, state, frame: 0, time: 0, inputs: {} }).frame as Tensor3D);
  } finally {
    definition.dispose?.(state);
  }
}

describe('source nodes', () => {
  it.each(fileSources.map((d) => [d.type, d] as const))('%s outputs black at the frame size until a file is picked', async (_, definition) => {
    const frame = await runFrame(definition, {});
    expect(frame.shape).toEqual([6, 8, 3]);
    expect(frame.dtype).toBe('float32');
    expect(tf.max(frame).dataSync()[0]).toBe(0);
    frame.dispose();
  });

  it.each(fileSources.map((d) => [d.type, d] as const))('%s fails with the storage\'s message when its file is not stored', async (_, definition) => {
    const param = Object.entries(definition.params as Record<string, ParamSchema>).find(([, s]) => s.kind === 'asset')![0];
    await expect(runFrame(definition, { [param]: 'a'.repeat(64) }, memoryAssetSource([]))).rejects.toThrow(/is not in this studio's storage\. Pick the file again\./);
  });

  it('declares valid defaults and an asset param accepting its kind', () => {
    const accepts = fileSources.map((d) => Object.values(d.params as Record<string, ParamSchema>).find((s) => s.kind === 'asset'));
    expect(accepts.map((s) => s?.kind === 'asset' && s.accept)).toEqual(['video', 'image', 'image-sequence']);
    for (const definition of [...fileSources, webcamSource]) {
      for (const schema of Object.values(definition.params as Record<string, ParamSchema>)) expect(paramValueProblem(schema, schema.default)).toBeNull();
    }
  });

  it('only the changing sources are volatile: a still image is computed once and cached', () => {
    expect([videoSource, imageSource, imageSequenceSource, webcamSource].map((d) => d.volatile ?? false)).toEqual([true, false, true, true]);
  });

  it('a webcam in a page without getUserMedia says why it cannot show a camera', async () => {
    await expect(runFrame(webcamSource, {})).rejects.toThrow(/getUserMedia/);
  });
});

describe('rgbaToFrame', () => {
  it('uploads RGBA bytes as RGB floats in [0, 1], dropping alpha', () => {
    const pixels = new Uint8ClampedArray([255, 0, 51, 7, 0, 255, 102, 255]);
    const frame = tf.tidy(() => rgbaToFrame(tf, pixels, { width: 2, height: 1 }));
    expect(Array.from(frame.dataSync()).map((v) => Math.round(v * 255))).toEqual([255, 0, 51, 0, 255, 102]);
    frame.dispose();
  });

  it('refuses bytes of the wrong size', () => {
    expect(() => rgbaToFrame(tf, new Uint8ClampedArray(12), { width: 2, height: 2 })).toThrow(/expected 2×2 RGBA pixels/);
  });
});
