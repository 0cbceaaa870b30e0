import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { NodeRegistry, PluginHost, Scheduler, inspectPluginCode } from '../../src/core';
import type { Graph, InstalledPlugin, ModuleImporter } from '../../src/core';
import { builtInNodes } from '../../src/nodes';
import { buildPlugin } from '../../scripts/lib/plugin-build';

export interface InstalledExample {
  readonly registry: NodeRegistry;
  readonly host: PluginHost;
  readonly plugin: InstalledPlugin;
  readonly code: string;
}

/**
 * Builds `plugins/<name>` with the build script and installs the file exactly as a user's
 * third-party plugin is installed: inspect (header + hash, nothing runs), then install.
 */
export async function installExamplePlugin(name: string, importModule?: ModuleImporter): Promise<InstalledExample> {
  const outDir = mkdtempSync(path.join(os.tmpdir(), `plugin-${name}-`));
  const built = await buildPlugin(path.resolve(import.meta.dirname, '../../plugins', name), outDir);
  const registry = new NodeRegistry();
  registry.registerAll(builtInNodes);
  const host = new PluginHost({ registry, ...(importModule ? { importModule } : {}) });
  const candidate = await inspectPluginCode(built.code, built.file);
  const plugin = await host.install(candidate);
  return { registry, host, plugin, code: built.code };
}

/** Renders `frames` frames of `graph` with `watch` watched; returns its last frame as [h][w][rgb] and the tensor counts around it. */
export async function renderWatched(registry: NodeRegistry, graph: Graph, watch: string, frames: number) {
  const scheduler = new Scheduler({ tf, registry, nodeTiming: 'dispatch' });
  await scheduler.load(graph);
  const unwatch = scheduler.watch(watch);
  await scheduler.renderFrames(2);
  const settled = tf.memory().numTensors;
  await scheduler.renderFrames(frames);
  const after = tf.memory().numTensors;
  const latest = await scheduler.snapshot(watch);
  const errors = [...graph.nodes].map((n) => scheduler.nodeStats(n.id)).filter((s) => s?.status === 'error');
  unwatch();
  await scheduler.stop();
  return { settled, after, image: latest, errors };
}
