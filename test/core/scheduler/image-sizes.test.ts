import * as tf from '@tensorflow/tfjs';
import type { Tensor3D } from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { compilePlan, defineNode, NodeRegistry, Scheduler } from '../../../src/core';
import { imageSizes, MAX_IMAGE_SIDE_IN_GRAPH } from '../../../src/core/scheduler/image-sizes';
import { builtInNodes } from '../../../src/nodes';
import { GraphBuilder } from '../../helpers/graph-builder';
import { testRegistry } from '../../helpers/test-nodes';

const registry = new NodeRegistry();
registry.registerAll(builtInNodes);


describe('image sizes', () => {
  it(`refuses a chain that makes an image over ${MAX_IMAGE_SIDE_IN_GRAPH} px a side, naming the chain`, () => {
    const graph = new GraphBuilder(4096)
      .node('src', 'train-window-source', { seed: 1, speed: 1, poles: true }, 'Clip').node('up1', 'upscaler', { method: 'bicubic', scale: '4' }).node('up2', 'upscaler', { method: 'bicubic', scale: '4' }).node('out', 'preview')
      .edge('src.frame', 'up1.frame').edge('up1.image', 'up2.frame').edge('up2.image', 'out.frame').build();
    const sizes = imageSizes(compilePlan(graph, registry), { width: 4096, height: 4096 });
    const chain = '"Clip" (src) 4096×4096 → "upscaler" (up1) 16384×16384';
    expect(sizes.refused.get('up1')).toBe(`image size 16384×16384 is over the limit of 8192 px a side; it comes from ${chain}. Lower a scale or the graph's frame size.`);
    expect(sizes.refused.get('up2')).toContain('it comes from "Clip" (src) 4096×4096 → "upscaler" (up1) 16384×16384');
    expect(sizes.refused.has('src')).toBe(false);
  });

  it('lets ×2 of a 4096 px frame through: 8192 is within the limit', () => {
    const graph = new GraphBuilder(4096).node('src', 'train-window-source', {}).node('up', 'upscaler', { method: 'bicubic', scale: '2' }).node('out', 'preview')
      .edge('src.frame', 'up.frame').edge('up.image', 'out.frame').build();
    expect(imageSizes(compilePlan(graph, registry), { width: 4096, height: 4096 }).refused.size).toBe(0);
  });

  it('marks the oversized node errored with the chain when the graph runs, without building it', async () => {
    const built: string[] = [];
    // ×16 per step keeps the run cheap: 64 px → 1024 px runs, the next ×16 (16384 px) must not.
    const zoom = defineNode({
      type: 'test/zoom', version: 1, title: 'Zoom', category: 'Test',
      inputs: [{ name: 'in', type: 'image' }], outputs: [{ name: 'out', type: 'image' }], params: {},
      imageSize: (_params, input) => ({ width: input.width * 16, height: input.height * 16 }),
      create: ({ nodeId }) => { built.push(nodeId); },
      process: ({ tf: t, inputs }) => ({ out: t.image.resizeNearestNeighbor(inputs.in as Tensor3D, [(inputs.in as Tensor3D).shape[0] * 16, (inputs.in as Tensor3D).shape[1] * 16]) }),
    });
    const reg = testRegistry();
    reg.registerAll([zoom, ...builtInNodes.filter((n) => n.type === 'preview')]);
    const graph = new GraphBuilder(64)
      .node('src', 'test/const', { value: 0.5 }, 'Const').node('z1', 'test/zoom', {}, 'Zoom in').node('z2', 'test/zoom', {}, 'Zoom more').node('out', 'preview')
      .edge('src.out', 'z1.in').edge('z1.out', 'z2.in').edge('z2.out', 'out.frame').build();
    const scheduler = new Scheduler({ tf, registry: reg });
    await scheduler.load(graph);
    expect(await scheduler.step()).toBe(false);
    expect(scheduler.nodeStats('z2')).toMatchObject({
      status: 'error',
      message: 'image size 16384×16384 is over the limit of 8192 px a side; it comes from "Const" (src) 64×64 → "Zoom in" (z1) 1024×1024 → "Zoom more" (z2) 16384×16384. Lower a scale or the graph\'s frame size.',
    });
    expect(scheduler.nodeStats('z1')?.status).toBe('ok');
    expect(built).toEqual(['z1']);
    await scheduler.stop();
  });
});
