import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { Tensor3D } from '../../src/core';
import { GraphBuilder } from '../../test/helpers/graph-builder';
import { bareContext } from '../../test/helpers/node-context';
import { installExamplePlugin, renderWatched } from '../../test/helpers/plugin-harness';

const TYPE = 'zoom-rotate/warp';
const example = installExamplePlugin('zoom-rotate');
const IDENTITY = { zoom: 1, rotate: 0, shiftX: 0, shiftY: 0, centerX: 0.5, centerY: 0.5, edges: 'reflect' };

async function warp(frame: Tensor3D, params: Record<string, number | string>): Promise<number[][][]> {
  const definition = (await example).registry.get(TYPE)!;
  const size = { width: frame.shape[1], height: frame.shape[0] };
  const out = tf.tidy(() => definition.process({ ...bareContext(), nodeId: 'w', params: { ...IDENTITY, ...params }, size, state: undefined, frame: 0, time: 0, inputs: { frame } }).frame as Tensor3D);
  const values = (await out.array()) as number[][][];
  out.dispose();
  return values;
}

describe('zoom-rotate plugin', () => {
  const frame = tf.randomUniform([8, 8, 3], 0, 1, 'float32', 11) as Tensor3D;
  const pixels = frame.arraySync() as number[][][];

  it('installs from its built file through the third-party path', async () => {
    expect((await example).plugin).toMatchObject({ id: 'zoom-rotate', version: '1.0.0', status: 'active', nodeTypes: [TYPE] });
  });

  it('leaves the frame unchanged at zoom 1, no turn and no shift', async () => {
    const out = await warp(frame, {});
    out.forEach((row, y) => row.forEach((px, x) => px.forEach((v, c) => expect(v).toBeCloseTo(pixels[y]![x]![c]!, 5))));
  });

  it('moves the picture right by one pixel for a shift of one pixel width', async () => {
    const out = await warp(frame, { shiftX: 1 / 8, edges: 'nearest' });
    for (let y = 0; y < 8; y++) for (let x = 1; x < 8; x++) expect(out[y]![x]![0]).toBeCloseTo(pixels[y]![x - 1]![0]!, 5);
  });

  it('turns a quarter turn about the centre', async () => {
    const out = await warp(frame, { rotate: 90 });
    // A clockwise quarter turn on screen (y down): the output pixel (x, y) reads input (y, 7 − x).
    for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) expect(out[y]![x]![1]).toBeCloseTo(pixels[7 - x]![y]![1]!, 4);
  });

  it('spirals in a feedback loop with a flat tensor count and no node errors', async () => {
    const { registry } = await example;
    const graph = new GraphBuilder(16)
      .node('src', 'train-window-source').node('fb', 'feedback').node('w', TYPE, { zoom: 1.05, rotate: 3 }).node('out', 'preview')
      .edge('src.frame', 'fb.seed').edge('fb.out', 'w.frame').edge('w.frame', 'fb.in').edge('w.frame', 'out.frame').build();
    const run = await renderWatched(registry, graph, 'out', 10);
    expect(run.errors).toEqual([]);
    expect(run.after).toBe(run.settled);
  });
});
