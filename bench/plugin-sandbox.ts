/**
 * What the plugin sandbox costs a frame: the colour-grade example plugin run as a feedback loop
 * through the Scheduler, its module loaded three ways:
 * - `open`: imported as a plain module and registered as it is, before `lockdown()` (how plugins
 *   ran before the sandbox);
 * - `lockedOpen`: the same after `lockdown()` (frozen intrinsics alone);
 * - `sandboxed`: through `PluginHost` with `importInCompartment`, as the app installs it (its own
 *   Compartment, the narrowed `tf` and context of plugin-confine.ts).
 * `lockdown()` cannot be undone in a process, so `open` runs first and the other two are
 * interleaved. `npm run bench` runs this file in a child process for the same reason.
 *
 *   tsx bench/plugin-sandbox.ts [--frames 200 --repeats 5 --size 64]   (prints its JSON)
 */
import 'ses';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { NodeRegistry, PluginHost, Scheduler, emptyGraph, importInCompartment, inspectPluginCode } from '../src/core';
import type { Graph, PluginDefinition } from '../src/core';
import { STUDIO_LOCKDOWN } from '../src/core/plugins/lockdown-options';
import { importModuleText } from '../src/core/plugins/plugin-loader';
import { builtInNodes } from '../src/nodes';
import { buildPlugin } from '../scripts/lib/plugin-build';

const { values } = parseArgs({ options: { frames: { type: 'string', default: '200' }, repeats: { type: 'string', default: '5' }, size: { type: 'string', default: '64' } } });
const frames = Number(values.frames);
const repeats = Number(values.repeats);
const size = Number(values.size);
const PLUGIN_NODE = 'colour-grade/grade';

function loopGraph(): Graph {
  const node = (id: string, type: string, params: Record<string, number> = {}) => ({ id, type, typeVersion: 1, params, position: { x: 0, y: 0 } });
  return {
    ...emptyGraph('plugin bench'),
    settings: { width: size, height: size, fps: 30 },
    nodes: [node('seed', 'solid-color'), node('loop', 'feedback'), node('grade', PLUGIN_NODE, { hue: 2, saturation: 1.02 })],
    edges: [
      { id: 'a', from: { node: 'seed', port: 'frame' }, to: { node: 'loop', port: 'seed' } },
      { id: 'b', from: { node: 'loop', port: 'out' }, to: { node: 'grade', port: 'frame' } },
      { id: 'c', from: { node: 'grade', port: 'frame' }, to: { node: 'loop', port: 'in' } },
    ],
  };
}

async function msPerFrame(registry: NodeRegistry): Promise<number> {
  const scheduler = new Scheduler({ tf, registry });
  await scheduler.load(loopGraph());
  await scheduler.renderFrames(5);
  const start = performance.now();
  if (!(await scheduler.renderFrames(frames))) throw new Error(`the plugin loop failed: ${JSON.stringify(scheduler.nodeStats('grade'))}`);
  const ms = (performance.now() - start) / frames;
  await scheduler.stop();
  return ms;
}

/** The plugin's nodes registered exactly as its module exports them: no Compartment, no narrowed context. */
async function openRegistry(code: string): Promise<NodeRegistry> {
  const registry = new NodeRegistry();
  registry.registerAll(builtInNodes);
  const plugin = (await importModuleText(code)).default as PluginDefinition;
  registry.registerAll(plugin.nodes);
  return registry;
}

async function sandboxedRegistry(code: string, file: string): Promise<NodeRegistry> {
  const registry = new NodeRegistry();
  registry.registerAll(builtInNodes);
  await new PluginHost({ registry, importModule: importInCompartment }).install(await inspectPluginCode(code, file));
  return registry;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number) => Number(x.toFixed(3));

await tf.setBackend('cpu');
const built = await buildPlugin(path.resolve(import.meta.dirname, '../plugins/colour-grade'), mkdtempSync(path.join(os.tmpdir(), 'plugin-bench-')));
const open: number[] = [];
const openRegistryBefore = await openRegistry(built.code);
for (let r = 0; r < repeats; r++) open.push(await msPerFrame(openRegistryBefore));
lockdown(STUDIO_LOCKDOWN);
const lockedOpenRegistry = await openRegistry(built.code);
const compartmentRegistry = await sandboxedRegistry(built.code, built.file);
const lockedOpen: number[] = [];
const sandboxed: number[] = [];
for (let r = 0; r < repeats; r++) {
  lockedOpen.push(await msPerFrame(lockedOpenRegistry));
  sandboxed.push(await msPerFrame(compartmentRegistry));
}
const report = {
  benchmark: 'plugin-sandbox',
  date: new Date().toISOString(),
  backend: tf.getBackend(),
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', node: process.version },
  plugin: PLUGIN_NODE, size, frames, repeats,
  statistic: 'median ms per frame of the whole loop (solid colour → feedback → plugin node); ratio = sandboxed / open',
  openMsPerFrame: round(median(open)),
  lockedOpenMsPerFrame: round(median(lockedOpen)),
  sandboxedMsPerFrame: round(median(sandboxed)),
  ratio: round(median(sandboxed) / median(open)),
};
const json = JSON.stringify(report, null, 2);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/plugin-sandbox.json', import.meta.url), `${json}\n`);
console.log(json);
