import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { Tensor3D } from '../../src/core';
import { GraphBuilder } from '../../test/helpers/graph-builder';
import { bareContext } from '../../test/helpers/node-context';
import { installExamplePlugin, renderWatched } from '../../test/helpers/plugin-harness';

const TYPE = 'kaleidoscope/kaleidoscope';
const example = installExamplePlugin('kaleidoscope');

async function kaleidoscope(frame: Tensor3D, params: Record<string, number>, time = 0): Promise<number[][][]> {
  const definition = (await example).registry.get(TYPE)!;
  const size = { width: frame.shape[1], height: frame.shape[0] };
  const out = tf.tidy(() => definition.process({ ...bareContext(), nodeId: 'k', params: { segments: 6, rotation: 0, spin: 0, zoom: 1, ...params }, size, state: undefined, frame: 0, time, inputs: { frame } }).frame as Tensor3D);
  const values = (await out.array()) as number[][][];
  out.dispose();
  return values;
}

describe('kaleidoscope plugin', () => {
  it('installs from its built file through the third-party path, adding one node type', async () => {
    const { plugin, code } = await example;
    expect(code.split('\n', 1)[0]).toBe('// @nfp-plugin {"id":"kaleidoscope","version":"1.0.0","description":"Mirror the frame into N wedges: symmetric mandalas in feedback loops."}');
    expect(plugin).toMatchObject({ id: 'kaleidoscope', version: '1.0.0', status: 'active', nodeTypes: [TYPE] });
  });

  it('mirrors the image about the wedge edge: two segments give a top-bottom mirror', async () => {
    const frame = tf.randomUniform([9, 9, 3], 0, 1, 'float32', 7) as Tensor3D;
    const out = await kaleidoscope(frame, { segments: 2 });
    frame.dispose();
    for (let y = 0; y < 9; y++) for (let x = 0; x < 9; x++) {
      for (let c = 0; c < 3; c++) expect(out[y]![x]![c]).toBeCloseTo(out[8 - y]![x]![c]!, 4);
    }
  });

  it('turns with time at the spin rate', async () => {
    const frame = tf.randomUniform([12, 12, 3], 0, 1, 'float32', 3) as Tensor3D;
    const spun = await kaleidoscope(frame, { spin: 90 }, 1);
    const turned = await kaleidoscope(frame, { rotation: 90 });
    const still = await kaleidoscope(frame, {});
    frame.dispose();
    expect(spun).toEqual(turned);
    expect(spun).not.toEqual(still);
  });

  it('runs in a feedback loop with a flat tensor count and no node errors', async () => {
    const { registry } = await example;
    const graph = new GraphBuilder(16)
      .node('src', 'train-window-source').node('fb', 'feedback').node('k', TYPE, { segments: 5 }).node('out', 'preview')
      .edge('src.frame', 'fb.seed').edge('fb.out', 'k.frame').edge('k.frame', 'fb.in').edge('k.frame', 'out.frame').build();
    const run = await renderWatched(registry, graph, 'out', 10);
    expect(run.errors).toEqual([]);
    expect(run.after).toBe(run.settled);
    expect(run.image?.width).toBe(16);
  });
});
