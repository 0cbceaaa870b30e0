import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { Tensor3D } from '../../src/core';
import { GraphBuilder } from '../../test/helpers/graph-builder';
import { bareContext } from '../../test/helpers/node-context';
import { installExamplePlugin, renderWatched } from '../../test/helpers/plugin-harness';

const TYPE = 'my-plugin/invert';
// Builds the folder with the build script and installs the file as the editor would.
const example = installExamplePlugin('template');

describe('plugin template', () => {
  it('installs through the third-party path', async () => {
    expect((await example).plugin).toMatchObject({ id: 'my-plugin', status: 'active', nodeTypes: [TYPE] });
  });

  it('inverts a pixel fully at amount 1', async () => {
    const definition = (await example).registry.get(TYPE)!;
    const frame = tf.tensor3d([[[0.2, 0.5, 1]]]);
    const out = tf.tidy(() => definition.process({ ...bareContext(), nodeId: 'n', params: { amount: 1 }, size: { width: 1, height: 1 }, state: undefined, frame: 0, time: 0, inputs: { frame } }).frame as Tensor3D);
    const values = (await out.data()) as Float32Array;
    tf.dispose([frame, out]);
    [0.8, 0.5, 0].forEach((v, i) => expect(values[i]).toBeCloseTo(v, 5));
  });

  it('keeps the tensor count flat in a feedback loop', async () => {
    const graph = new GraphBuilder(16)
      .node('src', 'train-window-source').node('fb', 'feedback').node('n', TYPE, { amount: 0.5 }).node('out', 'preview')
      .edge('src.frame', 'fb.seed').edge('fb.out', 'n.frame').edge('n.frame', 'fb.in').edge('n.frame', 'out.frame').build();
    const run = await renderWatched((await example).registry, graph, 'out', 10);
    expect(run.errors).toEqual([]);
    expect(run.after).toBe(run.settled);
  });
});
