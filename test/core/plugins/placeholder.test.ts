import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  NodeRegistry, Scheduler, connect, declaredPorts, defineNode, graphPluginStatus, parseGraphFile, removeEdges, toGraphJson, withPluginEntries,
} from '../../../src/core';
import type { Graph, Tensor3D } from '../../../src/core';
import { builtInNodes } from '../../../src/nodes';
import { GraphBuilder } from '../../helpers/graph-builder';

/** A plugin node type with a delayed input, an optional one, and params of several kinds. */
const echo = defineNode({
  type: 'echo/delay', version: 2, title: 'Echo', category: 'Time',
  inputs: [{ name: 'frame', type: 'frame' }, { name: 'late', type: 'frame', delayed: true }, { name: 'mix', type: 'number', optional: true, label: 'Mix' }],
  outputs: [{ name: 'frame', type: 'frame' }],
  params: {
    amount: { kind: 'number', label: 'Amount', default: 0.5, min: 0, max: 1 },
    mode: { kind: 'enum', label: 'Mode', default: 'add', options: ['add', 'max'] },
    tint: { kind: 'color', label: 'Tint', default: '#ff8800' },
    net: { kind: 'model', label: 'Net', default: '' },
  },
  process: ({ tf: t, inputs, params }) => ({ frame: inputs.late ? t.add(t.mul(inputs.frame as Tensor3D, 1 - params.amount), t.mul(inputs.late as Tensor3D, params.amount)) : inputs.frame! }),
});
const ECHO = { id: 'echo', version: '1.0.0', sha256: 'e'.repeat(64) };

function registry(withPlugin: boolean): NodeRegistry {
  const r = new NodeRegistry();
  r.registerAll(builtInNodes);
  if (withPlugin) r.register(echo, 'echo');
  return r;
}

/** source → echo (fed back into its own delayed input) → preview, recorded as the editor records it. */
function echoGraph(): Graph {
  const raw = new GraphBuilder(8)
    .node('src', 'train-window-source').node('e', 'echo/delay', { amount: 0.25, mode: 'max', tint: '#112233' }).node('out', 'preview')
    .edge('src.frame', 'e.frame').edge('e.frame', 'e.late').edge('e.frame', 'out.frame').build();
  const graph = { ...raw, nodes: raw.nodes.map((n) => (n.id === 'e' ? { ...n, typeVersion: 2, data: { note: 'keep me' } } : n)) };
  return withPluginEntries(graph, registry(true), (id) => (id === 'echo' ? ECHO : undefined));
}

describe('missing-plugin placeholder', () => {
  it('records the plugin, its exact hash and its node type\'s ports and params in the graph file', () => {
    const [entry] = echoGraph().plugins;
    expect(entry).toMatchObject({ ...ECHO, nodeTypes: [{ type: 'echo/delay', version: 2, title: 'Echo', category: 'Time' }] });
    expect(entry!.nodeTypes![0]!.inputs).toEqual([{ name: 'frame', type: 'frame' }, { name: 'late', type: 'frame', delayed: true }, { name: 'mix', type: 'number', label: 'Mix', optional: true }]);
    expect(entry!.nodeTypes![0]!.params['mode']).toEqual({ kind: 'enum', label: 'Mode', default: 'add', options: ['add', 'max'] });
    expect(toGraphJson(echoGraph())).toContain('"version": 2');
  });

  it('opens without the plugin as a placeholder with its stored sockets and params, and saves back byte for byte', () => {
    const text = toGraphJson(echoGraph());
    const opened = parseGraphFile(text, registry(false));
    if (!opened.ok) throw opened.error;
    expect(opened.warnings).toContain('node "e" has unknown type "echo/delay": kept as a placeholder');
    const node = opened.graph.nodes.find((n) => n.id === 'e')!;
    expect(node).toMatchObject({ typeVersion: 2, params: { amount: 0.25, mode: 'max', tint: '#112233' }, data: { note: 'keep me' } });
    expect(declaredPorts(opened.graph, registry(false), node, 'inputs')?.map((p) => p.name)).toEqual(['frame', 'late', 'mix']);
    expect(graphPluginStatus(opened.graph, () => undefined)).toEqual([{ ...ECHO, state: 'missing' }]);
    // The editor's edits keep the missing plugin's entry as the file had it.
    const resaved = toGraphJson(withPluginEntries(opened.graph, registry(false), () => undefined));
    const placeholderParts = (json: string) => {
      const file = JSON.parse(json) as { nodes: { id: string }[]; plugins: unknown };
      return { node: file.nodes.find((n) => n.id === 'e'), plugins: file.plugins };
    };
    expect(placeholderParts(resaved)).toEqual(placeholderParts(text));
    const reopened = parseGraphFile(resaved, registry(false));
    expect(reopened.ok && toGraphJson(withPluginEntries(reopened.graph, registry(false), () => undefined))).toBe(resaved);
  });

  it('can be rewired through its stored ports, with their types checked, and plans with its feedback input', async () => {
    const missing = registry(false);
    const opened = parseGraphFile(toGraphJson(echoGraph()), missing);
    if (!opened.ok) throw opened.error;
    const unwired = removeEdges(opened.graph, [opened.graph.edges.find((e) => e.to.port === 'frame' && e.to.node === 'e')!.id]);
    const wrong = connect(unwired, missing, { node: 'src', port: 'frame' }, { node: 'e', port: 'mix' });
    expect(wrong).toEqual({ ok: false, reason: 'A frame output cannot feed a number input ("Frame" → "Mix")' });
    const rewired = connect(unwired, missing, { node: 'src', port: 'frame' }, { node: 'e', port: 'frame' });
    expect(rewired.ok).toBe(true);
    // The self-loop through the stored delayed input is no cycle: the rest of the graph still runs.
    const scheduler = new Scheduler({ tf, registry: missing, nodeTiming: 'dispatch' });
    await scheduler.load(rewired.ok ? rewired.graph : opened.graph);
    await scheduler.renderFrames(2);
    expect(scheduler.nodeStats('e')?.status).toBe('blocked');
    expect(scheduler.nodeStats('src')?.status).toBe('ok');
    await scheduler.stop();
  });

  it('becomes live, data intact, once the plugin is installed', async () => {
    const opened = parseGraphFile(toGraphJson(echoGraph()), registry(false));
    if (!opened.ok) throw opened.error;
    const installed = registry(true);
    const scheduler = new Scheduler({ tf, registry: installed, nodeTiming: 'dispatch' });
    await scheduler.load(opened.graph);
    await scheduler.renderFrames(3);
    expect(scheduler.nodeStats('e')?.status).toBe('ok');
    await scheduler.stop();
    expect(withPluginEntries(opened.graph, installed, (id) => (id === 'echo' ? ECHO : undefined))).toBe(opened.graph);
  });

  it('reports a plugin installed with another hash as different, and drops entries no node uses', () => {
    const graph = echoGraph();
    const other = { ...ECHO, version: '1.1.0', sha256: 'f'.repeat(64) };
    expect(graphPluginStatus(graph, () => other)).toEqual([{ ...ECHO, state: 'different', installed: other }]);
    const without = { ...graph, nodes: graph.nodes.filter((n) => n.id !== 'e'), edges: [] };
    expect(withPluginEntries(without, registry(true), () => ECHO).plugins).toEqual([]);
  });

  it('refuses a stored node type outside its plugin, and a stored port of an unknown type', () => {
    const file = JSON.parse(toGraphJson(echoGraph())) as { plugins: { nodeTypes: { type: string; inputs: { type: string }[] }[] }[] };
    file.plugins[0]!.nodeTypes[0]!.type = 'other/delay';
    const outside = parseGraphFile(JSON.stringify(file), registry(false));
    expect(outside.ok ? '' : outside.error.message).toContain('plugins[0].nodeTypes[0].type: node type "other/delay" must start with "echo/"');
    const bad = JSON.parse(toGraphJson(echoGraph())) as typeof file;
    bad.plugins[0]!.nodeTypes[0]!.inputs[0]!.type = 'sound';
    const result = parseGraphFile(JSON.stringify(bad), registry(false));
    expect(result.ok ? '' : result.error.message).toContain('plugins[0].nodeTypes[0].inputs[0].type');
  });

  it('still opens a format-version-1 file, whose plugin entries carry no schemas', () => {
    const v1 = { ...JSON.parse(toGraphJson(echoGraph())), version: 1 };
    v1.plugins = [ECHO];
    const opened = parseGraphFile(JSON.stringify(v1), registry(false));
    if (!opened.ok) throw opened.error;
    expect(opened.graph.plugins).toEqual([ECHO]);
    expect(withPluginEntries(opened.graph, registry(false), () => undefined).plugins).toEqual([ECHO]);
  });
});
