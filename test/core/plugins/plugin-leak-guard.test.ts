import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { NodeRegistry, PluginHost, Scheduler, inspectPluginCode, pluginHeader } from '../../../src/core';
import type { TrainingHook } from '../../../src/core';
import { builtInNodes } from '../../../src/nodes';
import { GraphBuilder } from '../../helpers/graph-builder';

/** A plugin with one frame → frame node carrying `extra` hooks (object-literal source). */
function pluginWith(id: string, extra: string): string {
  return `${pluginHeader({ id, version: '1.0.0' })}
export default { id: '${id}', version: '1.0.0', nodes: [{
  type: '${id}/node', version: 1, title: 'Node', category: 'Test', params: {},
  inputs: [{ name: 'frame', type: 'frame' }], outputs: [{ name: 'frame', type: 'frame' }],
  create: () => ({ kept: [] }),
  process: ({ inputs }) => ({ frame: inputs.frame }),
  ${extra}
}] };
`;
}

async function install(id: string, extra: string): Promise<NodeRegistry> {
  const registry = new NodeRegistry();
  registry.registerAll(builtInNodes);
  await new PluginHost({ registry }).install(await inspectPluginCode(pluginWith(id, extra), `${id}.js`));
  return registry;
}

const graph = (type: string) => new GraphBuilder(8).node('src', 'train-window-source').node('n', type).node('p', 'preview')
  .edge('src.frame', 'n.frame').edge('n.frame', 'p.frame').build();

describe('plugin leak check beyond process', () => {
  it('stops a plugin node whose prepare leaves a tensor behind every frame', async () => {
    const registry = await install('leaky-prepare', 'prepare: async ({ tf, state }) => { state.kept.push(tf.zeros([2, 2])); },');
    const scheduler = new Scheduler({ tf, registry, nodeTiming: 'dispatch' });
    await scheduler.load(graph('leaky-prepare/node'));
    expect(await scheduler.renderFrames(5)).toBe(false);
    expect(scheduler.nodeStats('n')).toMatchObject({ status: 'error', message: expect.stringContaining('leaked tensors: prepare left 1 more tensor behind, 3 times in a row') });
    await scheduler.stop();
  });

  it('lets a prepare load weights into state once', async () => {
    const registry = await install('loads-once', 'prepare: async ({ tf, state }) => { if (state.kept.length === 0) state.kept.push(tf.zeros([2, 2])); },');
    const scheduler = new Scheduler({ tf, registry, nodeTiming: 'dispatch' });
    await scheduler.load(graph('loads-once/node'));
    expect(await scheduler.renderFrames(5)).toBe(true);
    await scheduler.stop();
  });

  it('fails a plugin training job whose steps leave tensors behind', async () => {
    const registry = await install('leaky-training', `training: { start: async ({ tf }) => ({
      totalSteps: 10, stepsDone: 0, save: async () => ({}), dispose: () => {},
      step: async () => { tf.keep(tf.zeros([1])); return { step: 1, losses: { l1: 1 } }; },
    }) },`);
    const hook = registry.get('leaky-training/node')!.training as TrainingHook;
    const job = await hook.start({ tf } as never);
    await job.step();
    await job.step();
    await expect(job.step()).rejects.toThrow('leaked tensors: a training step left 1 more tensor behind, 3 times in a row');
  });
});
