import { AppSessions } from '../../../src/ui/app-sessions';
import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { NodeRegistry, PluginHost, Scheduler, addNode, emptyGraph, inspectPluginCode, pluginHeader, withPluginEntries } from '../../../src/core';
import type { Graph } from '../../../src/core';
import { builtInNodes } from '../../../src/nodes';
import type { EditorApp } from '../../../src/ui/editor-app';
import { GraphDocument } from '../../../src/ui/graph-document.svelte';
import { PluginsSession } from '../../../src/ui/plugins/plugins-session.svelte';

declare global {
  var __sessionPluginRan: number | undefined;
}

// Each test gets its own code (a nonce) so the module is evaluated afresh, not served from the import cache.
let nonce = 0;
function pluginFile(): File {
  const code = `${pluginHeader({ id: 'tint', version: '1.0.0' })}
// ${++nonce}
globalThis.__sessionPluginRan = (globalThis.__sessionPluginRan ?? 0) + 1;
export default { id: 'tint', version: '1.0.0', nodes: [{
  type: 'tint/tint', version: 1, title: 'Tint', category: 'Colour', params: { amount: { kind: 'number', label: 'Amount', default: 0.5 } },
  inputs: [{ name: 'frame', type: 'frame' }], outputs: [{ name: 'frame', type: 'frame' }],
  process: ({ tf, inputs, params }) => ({ frame: tf.mul(inputs.frame, params.amount) }),
}] };
`;
  return new File([code], 'tint-1.0.0.js', { type: 'text/javascript' });
}

function harness() {
  const registry = new NodeRegistry();
  registry.registerAll(builtInNodes);
  const plugins = new PluginHost({ registry });
  const scheduler = new Scheduler({ tf, registry, nodeTiming: 'dispatch' });
  const record = (graph: Graph) => withPluginEntries(graph, registry, (id) => plugins.get(id));
  const document = new GraphDocument(registry, scheduler, emptyGraph(), record);
  const app = { document, registry, scheduler, plugins, tf, sessions: new AppSessions() } as unknown as EditorApp;
  return { app, registry, document, scheduler, session: new PluginsSession(app) };
}

afterEach(() => {
  globalThis.__sessionPluginRan = undefined;
});

describe('PluginsSession', () => {
  it('asks first: a picked file waits for consent, and declining runs none of it', async () => {
    const { session, registry } = harness();
    await session.chooseFile(pluginFile());
    expect(session.pending).toMatchObject({ manifest: { id: 'tint', version: '1.0.0' }, source: 'tint-1.0.0.js' });
    session.decline();
    expect(session.pending).toBeUndefined();
    expect(session.outcome).toEqual({ ok: true, text: 'Did not install tint; none of its code ran.' });
    expect(globalThis.__sessionPluginRan).toBeUndefined();
    expect(registry.has('tint/tint')).toBe(false);
  });

  it('installs on consent, lists it, and records it in the graph when one of its nodes is added', async () => {
    const { session, document, registry } = harness();
    await session.chooseFile(pluginFile());
    await session.accept();
    expect(globalThis.__sessionPluginRan).toBe(1);
    expect(session.installed.map((p) => [p.id, p.status])).toEqual([['tint', 'active']]);
    const added = addNode(document.graph, registry, 'tint/tint', { x: 0, y: 0 });
    if (!added.ok) throw new Error(added.reason);
    document.apply(added.graph, 'structure');
    expect(document.graph.plugins).toMatchObject([{ id: 'tint', version: '1.0.0', sha256: session.installed[0]!.sha256, nodeTypes: [{ type: 'tint/tint' }] }]);
    expect(session.unmet(document.graph)).toEqual([]);
  });

  it('names a graph\'s missing plugin, and turns its placeholder live once installed', async () => {
    const { session, document, scheduler } = harness();
    const source = harness();
    await source.session.chooseFile(pluginFile());
    await source.session.accept();
    const added = addNode(source.document.graph, source.registry, 'tint/tint', { x: 0, y: 0 });
    if (!added.ok) throw new Error(added.reason);
    source.document.apply(added.graph, 'structure');
    document.replace(source.document.graph);
    expect(session.unmet(document.graph)).toMatchObject([{ id: 'tint', state: 'missing' }]);
    await scheduler.load(document.graph);
    expect(scheduler.nodeStats('tint-1')?.message).toBe('node type "tint/tint" is not installed');
    session.ask([await inspectPluginCode(source.app.plugins.code('tint')!, 'bundle: plugins/tint-1.0.0.js')]);
    await session.accept();
    expect(session.unmet(document.graph)).toEqual([]);
    // Replanned with the plugin: now only its unwired input holds it back.
    expect(scheduler.nodeStats('tint-1')?.message).toBe('input "frame" is not connected');
    await scheduler.stop();
    await source.scheduler.stop();
  });
});
