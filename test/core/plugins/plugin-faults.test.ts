import * as tf from '@tensorflow/tfjs';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { NodeRegistry, PluginHost, Scheduler, inspectPluginCode, openStudioStorage, pluginHeader } from '../../../src/core';
import type { SchedulerEvent } from '../../../src/core';
import { builtInNodes } from '../../../src/nodes';
import { GraphBuilder } from '../../helpers/graph-builder';

/** A third-party plugin file with one frame → frame node whose process body is `process`. */
function faultyPlugin(id: string, process: string): string {
  return `${pluginHeader({ id, version: '1.0.0' })}
export default {
  id: '${id}', version: '1.0.0',
  nodes: [{
    type: '${id}/node', version: 1, title: 'Faulty', category: 'Test', params: {},
    inputs: [{ name: 'frame', type: 'frame' }], outputs: [{ name: 'frame', type: 'frame' }],
    process: ({ tf, inputs, frame }) => { ${process} },
  }],
};
`;
}

const FAULTS = {
  throws: 'if (frame === 2) throw new Error("kernel exploded"); return { frame: inputs.frame };',
  'wrong-shape': 'return { frame: tf.zeros([3, 3, 3]) };',
  leaks: 'tf.keep(tf.zeros([2, 2])); return { frame: tf.mul(inputs.frame, 0.5) };',
} as const;

async function installed(): Promise<NodeRegistry> {
  const registry = new NodeRegistry();
  registry.registerAll(builtInNodes);
  const host = new PluginHost({ registry });
  for (const [id, body] of Object.entries(FAULTS)) await host.install(await inspectPluginCode(faultyPlugin(id, body), `${id}.js`));
  return registry;
}

/** A healthy loop (source → preview) beside the plugin node under test. */
function graphWith(type: string) {
  return new GraphBuilder(8)
    .node('src', 'train-window-source').node('bad', type).node('p', 'preview').node('ok', 'preview')
    .edge('src.frame', 'bad.frame').edge('bad.frame', 'p.frame').edge('src.frame', 'ok.frame').build();
}

async function runUntilPaused(registry: NodeRegistry, type: string) {
  const scheduler = new Scheduler({ tf, registry, nodeTiming: 'dispatch' });
  const events: SchedulerEvent[] = [];
  scheduler.on((e) => events.push(e));
  await scheduler.load(graphWith(type));
  scheduler.setMode('offline');
  scheduler.run();
  await new Promise<void>((resolve) => scheduler.on((e) => { if (e.type === 'statechanged' && e.state === 'paused') resolve(); }));
  return { scheduler, events };
}

describe('plugin faults', () => {
  it.each([
    ['throws', 'kernel exploded', 2],
    ['wrong-shape', 'output "frame" has shape [3, 3, 3], expected [8, 8, 3]', 0],
    ['leaks', 'leaked 1 tensor in one frame: process must not keep tensors (tf.keep)', 0],
  ] as const)('a plugin node that %s is marked errored and the loop pauses with its message', async (id, message, frame) => {
    const registry = await installed();
    const { scheduler, events } = await runUntilPaused(registry, `${id}/node`);
    expect(scheduler.frame).toBe(frame);
    expect(scheduler.nodeStats('bad')).toMatchObject({ status: 'error', message: expect.stringContaining(message) });
    expect(events).toContainEqual({ type: 'nodeerrored', nodeId: 'bad', message: expect.stringContaining(message) });
    await scheduler.stop();
  });

  it('keeps the rest of the graph working once the faulty node is taken out', async () => {
    const registry = await installed();
    const { scheduler } = await runUntilPaused(registry, 'leaks/node');
    const graph = graphWith('leaks/node');
    await scheduler.load({ ...graph, nodes: graph.nodes.filter((n) => n.id !== 'bad'), edges: graph.edges.filter((e) => e.from.node !== 'bad' && e.to.node !== 'bad') });
    await scheduler.renderFrames(1);
    const settled = tf.memory().numTensors;
    expect(await scheduler.renderFrames(5)).toBe(true);
    expect(scheduler.nodeStats('ok')?.status).toBe('ok');
    expect(tf.memory().numTensors).toBe(settled);
    await scheduler.stop();
  });

  it('lists a stored plugin that fails to load with its reason and loads the others', async () => {
    const storage = await openStudioStorage({ factory: new IDBFactory(), dbName: 'faults' });
    const good = await inspectPluginCode(faultyPlugin('good', 'return { frame: inputs.frame };'), 'good.js');
    const broken = await inspectPluginCode(`${pluginHeader({ id: 'broken', version: '1.0.0' })}\nexport default {;`, 'broken.js');
    for (const c of [broken, good]) await storage.savePlugin({ id: c.manifest.id, version: c.manifest.version, sha256: c.sha256, source: c.source, code: c.code });
    const registry = new NodeRegistry();
    const host = new PluginHost({ registry, library: storage });
    await host.loadInstalled();
    expect(host.get('broken')).toMatchObject({ status: 'failed', message: expect.stringContaining('Plugin "broken" 1.0.0 failed to load:') });
    expect(host.get('good')).toMatchObject({ status: 'active', nodeTypes: ['good/node'] });
    expect(registry.has('good/node')).toBe(true);
    storage.close();
  });
});
