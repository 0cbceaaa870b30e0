// Driving a graph of one source node in the built app (through window.__studio): open it,
// edit a param as the inspector does, step frames and read the node's output back.
import type { Page } from 'playwright-core';
import { emptyGraph } from '../../../src/core';
import type { Graph, GraphNode, JsonValue } from '../../../src/core';
import { meanAbsDiff } from './fixtures';

/** The shared clips' size. */
export const CLIP = { width: 256, height: 192 };

function node(id: string, type: string, params: Record<string, JsonValue>, x: number): GraphNode {
  return { id, type, typeVersion: 1, params, position: { x, y: 0 } };
}

/** `type` (id "src") feeding a Preview, at `size`. */
export function sourceGraph(type: string, params: Record<string, JsonValue>, size = CLIP): Graph {
  return {
    ...emptyGraph(`${type} test`),
    settings: { ...size, fps: 30 },
    nodes: [node('src', type, params, 0), node('preview', 'preview', {}, 320)],
    edges: [{ id: 'e1', from: { node: 'src', port: 'frame' }, to: { node: 'preview', port: 'frame' } }],
  };
}

/** Opens `graph` in the editor and the scheduler, offline, at frame 0, paused. */
export async function openGraph(target: Page, graph: Graph): Promise<void> {
  await target.evaluate(async (text) => {
    const studio = window.__studio!;
    await studio.scheduler.pause();
    studio.document.replace(JSON.parse(text) as Graph);
    await studio.scheduler.load(studio.document.graph);
    studio.scheduler.setMode('offline');
    await studio.scheduler.reset();
  }, JSON.stringify(graph));
}

/** Sets one param of a node in the open graph (as the inspector does) and waits for the new plan. */
export async function setParam(target: Page, nodeId: string, name: string, value: string | number | boolean): Promise<void> {
  await target.evaluate(async ({ nodeId, name, value }) => {
    const studio = window.__studio!;
    const graph = studio.document.graph;
    const next = { ...graph, nodes: graph.nodes.map((n) => (n.id === nodeId ? { ...n, params: { ...n.params, [name]: value } } : n)) };
    studio.document.apply(next, 'params');
    await studio.scheduler.load(next);
  }, { nodeId, name, value });
}

export interface Stepped {
  /** RGBA bytes of `nodeId`'s output after each frame. */
  readonly frames: Uint8Array[];
  /** The node's error when a frame failed (the run stops there). */
  readonly error?: string;
}

/** Computes `count` frames one by one and reads back `nodeId`'s output after each. */
export async function stepFrames(target: Page, nodeId: string, count: number): Promise<Stepped> {
  const result = await target.evaluate(async ({ nodeId, count }) => {
    const { scheduler } = window.__studio!;
    const unwatch = scheduler.watch(nodeId);
    const frames: string[] = [];
    try {
      for (let i = 0; i < count; i++) {
        if (!(await scheduler.step())) return { frames, error: scheduler.nodeStats(nodeId)?.message ?? 'a frame failed' };
        const image = await scheduler.snapshot(nodeId);
        if (!image) return { frames, error: 'no picture' };
        let text = '';
        for (let at = 0; at < image.data.length; at += 0x8000) text += String.fromCharCode(...image.data.subarray(at, at + 0x8000));
        frames.push(btoa(text));
      }
      return { frames };
    } finally {
      unwatch();
    }
  }, { nodeId, count });
  return { frames: result.frames.map((b64) => new Uint8Array(Buffer.from(b64, 'base64'))), ...(result.error ? { error: result.error } : {}) };
}

/** Which of `candidates` (ffmpeg frames first…) `rgba` is closest to, and how close. */
export function bestMatch(rgba: Uint8Array, candidates: readonly Uint8Array[], first: number): { index: number; diff: number; next: number } {
  const diffs = candidates.map((c) => meanAbsDiff(rgba, c));
  const order = diffs.map((d, i) => [d, i] as const).sort((a, b) => a[0] - b[0]);
  return { index: first + order[0]![1], diff: order[0]![0], next: order[1]![0] };
}

