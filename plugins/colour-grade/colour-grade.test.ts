import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { Tensor3D } from '../../src/core';
import { GraphBuilder } from '../../test/helpers/graph-builder';
import { bareContext } from '../../test/helpers/node-context';
import { installExamplePlugin, renderWatched } from '../../test/helpers/plugin-harness';

const TYPE = 'colour-grade/grade';
const example = installExamplePlugin('colour-grade');
const NEUTRAL = { exposure: 0, contrast: 1, saturation: 1, hue: 0, gamma: 1, tint: '#ffffff', tintAmount: 0 };

async function grade(rgb: [number, number, number], params: Record<string, number | string>): Promise<number[]> {
  const definition = (await example).registry.get(TYPE)!;
  const frame = tf.tensor3d([[rgb]]);
  const out = tf.tidy(() => definition.process({ ...bareContext(), nodeId: 'g', params: { ...NEUTRAL, ...params }, size: { width: 1, height: 1 }, state: undefined, frame: 0, time: 0, inputs: { frame } }).frame as Tensor3D);
  const values = ((await out.array()) as number[][][])[0]![0]!;
  tf.dispose([frame, out]);
  return values;
}

const close = (actual: number[], expected: number[]) => actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 4));

describe('colour-grade plugin', () => {
  it('installs from its built file through the third-party path', async () => {
    expect((await example).plugin).toMatchObject({ id: 'colour-grade', version: '1.0.0', status: 'active', nodeTypes: [TYPE] });
  });

  it('is the identity at its defaults', async () => {
    close(await grade([0.2, 0.5, 0.9], {}), [0.2, 0.5, 0.9]);
  });

  it('turns red into green at a hue of 120°', async () => {
    close(await grade([1, 0, 0], { hue: 120 }), [0, 1, 0]);
  });

  it('leaves the Rec. 709 luma grey at saturation 0', async () => {
    const luma = 0.2126 * 0.2 + 0.7152 * 0.5 + 0.0722 * 0.9;
    close(await grade([0.2, 0.5, 0.9], { saturation: 0 }), [luma, luma, luma]);
  });

  it('doubles with one stop of exposure and clamps to 1', async () => {
    close(await grade([0.2, 0.3, 0.7], { exposure: 1 }), [0.4, 0.6, 1]);
  });

  it('runs in a feedback loop with a flat tensor count and no node errors', async () => {
    const { registry } = await example;
    const graph = new GraphBuilder(16)
      .node('src', 'train-window-source').node('fb', 'feedback').node('g', TYPE, { hue: 2, saturation: 1.02 }).node('out', 'preview')
      .edge('src.frame', 'fb.seed').edge('fb.out', 'g.frame').edge('g.frame', 'fb.in').edge('g.frame', 'out.frame').build();
    const run = await renderWatched(registry, graph, 'out', 10);
    expect(run.errors).toEqual([]);
    expect(run.after).toBe(run.settled);
  });
});
