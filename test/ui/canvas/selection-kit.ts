import { AppSessions } from '../../../src/ui/app-sessions';
import * as tf from '@tensorflow/tfjs';
import { addNode, connect, emptyGraph, NodeRegistry, PluginHost, Scheduler } from '../../../src/core';
import type { Graph, GraphEdge, GraphNode } from '../../../src/core';
import { builtInNodes } from '../../../src/nodes';
import { builtInMediaKit } from '../../../src/nodes/ui';
import { RecordingStore } from '../../../src/nodes/media/recordings';
import type { EditorApp } from '../../../src/ui/editor-app';
import { GraphDocument } from '../../../src/ui/graph-document.svelte';
import { SchedulerState } from '../../../src/ui/scheduler-state.svelte';
import { TrainingState } from '../../../src/ui/training/training-state.svelte';

// What the selection-command tests share: small graphs built with the real edit functions and
// an editor app around them, closed again by `closeHarnesses` after each test.

export const registry = new NodeRegistry();
registry.registerAll(builtInNodes);

/** Builds a graph with the real edit functions: `nodes` as [type, x, y], `edges` as ['node.port', 'node.port']. */
export function build(nodes: [string, number, number][], edges: [string, string][]): Graph {
  let graph = emptyGraph('selection');
  for (const [type, x, y] of nodes) {
    const added = addNode(graph, registry, type, { x, y });
    if (!added.ok) throw new Error(added.reason);
    graph = added.graph;
  }
  for (const [from, to] of edges) {
    const [fn, fp] = from.split('.') as [string, string];
    const [tn, tp] = to.split('.') as [string, string];
    const joined = connect(graph, registry, { node: fn, port: fp }, { node: tn, port: tp });
    if (!joined.ok) throw new Error(joined.reason);
    graph = joined.graph;
  }
  return graph;
}

/** solid-color-1 → shift-blend-1 → preview-1, left to right. */
export function chain(): Graph {
  return build(
    [['solid-color', 0, 0], ['shift-blend', 300, 0], ['preview', 600, 0]],
    [['solid-color-1.frame', 'shift-blend-1.frame'], ['shift-blend-1.frame', 'preview-1.frame']],
  );
}

/** A feedback loop through shift-blend-1, seeded by solid-color-1 and shown by preview-1. */
export function loop(): Graph {
  return build(
    [['solid-color', 0, 0], ['feedback', 300, 0], ['shift-blend', 600, 0], ['preview', 900, 0]],
    [
      ['solid-color-1.frame', 'feedback-1.seed'], ['feedback-1.out', 'shift-blend-1.frame'],
      ['shift-blend-1.frame', 'feedback-1.in'], ['shift-blend-1.frame', 'preview-1.frame'],
    ],
  );
}

const opened: { scheduler: Scheduler; studio: SchedulerState }[] = [];

/** The editor app as main.ts wires it, less the DOM: real registry, scheduler, document and studio state. */
export function harness(graph: Graph) {
  const scheduler = new Scheduler({ tf, registry });
  const studio = new SchedulerState(scheduler, registry);
  const document = new GraphDocument(registry, scheduler, graph);
  const app: EditorApp = { document, registry, scheduler, studio, storage: undefined, backend: { backend: 'cpu', skipped: [] }, tf, recordings: new RecordingStore(), nodeUi: () => ({}), media: builtInMediaKit, examples: [], sessions: new AppSessions(),
    training: new TrainingState(scheduler, () => undefined), plugins: new PluginHost({ registry }) };
  opened.push({ scheduler, studio });
  return { app, document, scheduler, studio };
}

export function node(graph: Graph, id: string): GraphNode {
  const found = graph.nodes.find((n) => n.id === id);
  if (!found) throw new Error(`no node ${id}`);
  return found;
}

export function joins(edges: readonly GraphEdge[]): string[] {
  return edges.map((e) => `${e.from.node}.${e.from.port}>${e.to.node}.${e.to.port}`).sort();
}

/** Stops the schedulers of every harness opened since the last call (an afterEach hook). */
export async function closeHarnesses(): Promise<void> {
  for (const { scheduler, studio } of opened.splice(0)) {
    studio.dispose();
    await scheduler.stop();
  }
}
