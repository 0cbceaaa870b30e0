import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { io } from '@tensorflow/tfjs';
import { defaultParams, memoryAssetSource, NodeRegistry, noDatasetSource, parseGraphFile, Scheduler, sha256Hex } from '../../src/core';
import type { AssetSource, CheckpointStore, Graph, GraphEdge, GraphNode, PortRef, Tf } from '../../src/core';
import { builtInNodes } from '../../src/nodes';
import { exampleAssets } from '../../src/nodes/examples/example-assets';
import { LOOP_MONITOR_TYPE, loopMonitor } from '../../src/nodes/loop-monitor';
import type { MonitorReading } from '../../src/nodes/monitor/health';
import { MONITOR_CHANNEL } from '../../src/nodes/monitor/monitor-store';
import type { MonitorMessage } from '../../src/nodes/monitor/monitor-store';

/**
 * Runs a graph's feedback loop offline through the real Scheduler and reads what Loop
 * Monitor nodes publish (MONITOR_CHANNEL) about it: the loop's detail, motion and colour
 * distance from its reference, against the detail and motion of the frames that seed it. The
 * monitor measures; nothing here recomputes a metric.
 *
 * The loop is the input "in" of its Feedback or Frame History node, the source what its "seed"
 * input reads (the Train Window, the clip, or in the Styled loop the styled frames). The graph's
 * own Loop Monitor watches the loop when it has one; otherwise one is added on the loop's
 * output, with the source as its reference. A second monitor added on the source gives the
 * source's own figures. Nodes that feed neither the loop nor a monitor are left out (see `feeding`).
 */

/** The issue's ranges (issue 24): detail and motion within 0.5–2× the source's, colour distance at most 0.3. */
export const RANGES = { ratio: [0.5, 2], maxColourDistance: 0.3 } as const;
/** The frames whose readings are reported (those up to the run's length, and its last frame). */
export const REPORT_AT = [100, 300, 1000] as const;

const LOOP_TYPES = new Set(['feedback', 'frame-history']);
const ADDED_LOOP_MONITOR = 'figures-loop-monitor';
const ADDED_SOURCE_MONITOR = 'figures-source-monitor';

export interface LoopFigures {
  /** The last frame the reading covers, counted from 1 (the window is the monitor's readEvery frames before it). */
  readonly frame: number;
  readonly detail: number;
  readonly motion: number | null;
  readonly colourDistance: number;
  readonly detailRatio: number;
  readonly motionRatio: number | null;
  readonly inRange: boolean;
}

export interface GraphFigures {
  readonly frames: number;
  readonly size: { readonly width: number; readonly height: number };
  /** Whether the graph's own monitor watched the loop or one was added. */
  readonly monitor: { readonly node: string; readonly own: boolean };
  /** The node output the loop is seeded from: the monitor's reference and the source's figures. */
  readonly source: { readonly port: string; readonly detail: number; readonly motion: number };
  readonly msPerFrame: number;
  readonly readings: readonly LoopFigures[];
  /** Every reported reading in range. */
  readonly inRange: boolean;
}

export interface RunOptions {
  readonly tf: Tf;
  readonly frames: number;
  /** Overrides the graph's frame size (square). */
  readonly size?: number;
  /** Folders holding <sha256>.json + .bin checkpoints, searched in order. */
  readonly checkpointDirs: readonly string[];
  /** Hears the loop monitor's latest reading every 100 frames (long runs leave partial figures in a log). */
  readonly progress?: (frame: number, reading: MonitorReading | undefined) => void;
}

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const SHIPPED_CHECKPOINTS = path.join(ROOT, 'public', 'checkpoints');

export const figuresRegistry = new NodeRegistry();
figuresRegistry.registerAll(builtInNodes);

/**
 * Parses graph-file text as the app does.
 * @throws Error naming what is wrong when it does not parse.
 */
export function parseForFigures(text: string): Graph {
  const parsed = parseGraphFile(text, figuresRegistry);
  if (!parsed.ok) throw new Error(`the graph does not parse: ${parsed.error.message}`);
  return parsed.graph;
}

/**
 * Runs `graph` `frames` frames and returns its monitor figures.
 * @throws Error when the graph has no feedback loop, a node fails, or no reading came.
 */
export async function measureLoop(graph: Graph, options: RunOptions): Promise<GraphFigures> {
  const { tf, frames } = options;
  if (!(Number.isInteger(frames) && frames >= 10)) throw new RangeError(`frames must be an integer ≥ 10, got ${frames}`);
  const watched = withMonitors(options.size ? { ...graph, settings: { ...graph.settings, width: options.size, height: options.size } } : graph);
  const scheduler = new Scheduler({ tf, registry: figuresRegistry, models: checkpointFolders(options.checkpointDirs), assets: shippedAssets(), datasets: noDatasetSource, nodeTiming: 'dispatch' });
  const readings = new Map<string, MonitorReading[]>();
  const errors: string[] = [];
  const unsubscribe = scheduler.host.subscribe(MONITOR_CHANNEL, (value, nodeId) => {
    const message = value as MonitorMessage;
    if (message.kind === 'reading') readings.set(nodeId, [...(readings.get(nodeId) ?? []), message.reading]);
  });
  const off = scheduler.on((event) => {
    if (event.type === 'nodeerrored') errors.push(`${event.nodeId}: ${event.message}`);
  });
  try {
    await scheduler.load(watched.graph);
    const started = performance.now();
    // One frame more: a window's reading is published when the next frame starts.
    const ok = await scheduler.renderFrames(frames + 1, (frame) => {
      if ((frame + 1) % 100 === 0) options.progress?.(frame + 1, readings.get(watched.loopMonitor)?.at(-1));
    });
    const msPerFrame = (performance.now() - started) / (frames + 1);
    if (errors.length > 0 || !ok) throw new Error(`the loop failed: ${errors.join('; ') || `frame ${scheduler.frame} did not complete`}`);
    return figures(watched, readings, frames, msPerFrame, watched.graph.settings);
  } finally {
    unsubscribe();
    off();
    await scheduler.stop();
  }
}

interface Watched {
  readonly graph: Graph;
  readonly loopMonitor: string;
  readonly own: boolean;
  readonly seed: PortRef;
}

/** `graph` with a monitor on the loop's output (unless it has one) and one on its seed. */
function withMonitors(graph: Graph): Watched {
  const loop = graph.nodes.find((n) => LOOP_TYPES.has(n.type));
  const into = (port: string) => graph.edges.find((e) => e.to.node === loop?.id && e.to.port === port)?.from;
  const output = into('in');
  const seed = into('seed');
  if (!loop || !output || !seed) throw new Error('the graph has no feedback loop (a Feedback or Frame History node with its seed and loop input wired)');
  const own = graph.nodes.find((n) => n.type === LOOP_MONITOR_TYPE);
  const monitor = (id: string, x: number): GraphNode => ({ id, type: LOOP_MONITOR_TYPE, typeVersion: loopMonitor.version, params: defaultParams(loopMonitor.params), position: { x, y: -200 } });
  const edge = (id: string, from: PortRef, node: string, port: string): GraphEdge => ({ id, from, to: { node, port } });
  const nodes = [...graph.nodes, monitor(ADDED_SOURCE_MONITOR, 0)];
  const edges = [...graph.edges, edge(`${ADDED_SOURCE_MONITOR}-frame`, seed, ADDED_SOURCE_MONITOR, 'frame')];
  if (!own) {
    nodes.push(monitor(ADDED_LOOP_MONITOR, 300));
    edges.push(edge(`${ADDED_LOOP_MONITOR}-frame`, output, ADDED_LOOP_MONITOR, 'frame'), edge(`${ADDED_LOOP_MONITOR}-reference`, seed, ADDED_LOOP_MONITOR, 'reference'));
  }
  const kept = feeding([loop.id, ...nodes.filter((n) => n.type === LOOP_MONITOR_TYPE).map((n) => n.id)], edges);
  return {
    graph: { ...graph, nodes: nodes.filter((n) => kept.has(n.id)), edges: edges.filter((e) => kept.has(e.to.node)) },
    loopMonitor: own?.id ?? ADDED_LOOP_MONITOR, own: !!own, seed,
  };
}

/**
 * `ids` and every node upstream of them. What feeds neither the loop nor a monitor (Preview,
 * Encoder, an Upscaler that only shows the loop bigger) cannot change the figures, and some of
 * it needs a browser (the Upscaler fetches its weights from the app's server).
 */
function feeding(ids: readonly string[], edges: readonly GraphEdge[]): Set<string> {
  const kept = new Set(ids);
  const queue = [...ids];
  for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
    for (const e of edges) {
      if (e.to.node === id && !kept.has(e.from.node)) {
        kept.add(e.from.node);
        queue.push(e.from.node);
      }
    }
  }
  return kept;
}

function figures(watched: Watched, readings: ReadonlyMap<string, readonly MonitorReading[]>, frames: number, msPerFrame: number, size: Graph['settings']): GraphFigures {
  const loop = readings.get(watched.loopMonitor) ?? [];
  const source = readings.get(ADDED_SOURCE_MONITOR) ?? [];
  if (loop.length === 0 || source.length === 0) throw new Error(`no monitor readings after ${frames} frames (loop ${loop.length}, source ${source.length})`);
  // The source's figures over the whole run: a clip's or a scene's detail and motion, not one window's.
  const mean = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
  const sourceDetail = mean(source.map((r) => r.detail));
  const sourceMotion = mean(source.flatMap((r) => (r.motion === undefined ? [] : [r.motion])));
  const at = [...REPORT_AT.filter((f) => f < frames), frames];
  const reported = at.map((frame) => {
    const reading = loop.findLast((r) => r.frame < frame);
    if (!reading) throw new Error(`no loop reading by frame ${frame}`);
    const detailRatio = reading.detail / sourceDetail;
    const motionRatio = reading.motion === undefined ? null : reading.motion / sourceMotion;
    const within = (ratio: number | null) => ratio !== null && ratio >= RANGES.ratio[0] && ratio <= RANGES.ratio[1];
    return {
      frame: reading.frame + 1, detail: reading.detail, motion: reading.motion ?? null, colourDistance: reading.histogram,
      detailRatio, motionRatio, inRange: within(detailRatio) && within(motionRatio) && reading.histogram <= RANGES.maxColourDistance && reading.nonFinite === 0,
    };
  });
  return {
    frames, size: { width: size.width, height: size.height },
    monitor: { node: watched.loopMonitor, own: watched.own },
    source: { port: `${watched.seed.node}.${watched.seed.port}`, detail: sourceDetail, motion: sourceMotion },
    msPerFrame, readings: reported, inRange: reported.every((r) => r.inRange),
  };
}

/** Checkpoints as the app ships them (public/checkpoints/<sha256>.json + .bin), checked against their hash; nothing is saved. */
export function checkpointFolders(dirs: readonly string[]): CheckpointStore {
  return {
    async loadModel(sha256) {
      const dir = dirs.find((d) => existsSync(path.join(d, `${sha256}.bin`)));
      if (!dir) throw new Error(`checkpoint ${sha256.slice(0, 12)}… is in none of ${dirs.map((d) => path.relative(ROOT, d) || '.').join(', ')}`);
      const { name: _name, ...manifest } = JSON.parse(readFileSync(path.join(dir, `${sha256}.json`), 'utf8')) as io.ModelArtifacts & { name?: string };
      void _name;
      const bin = readFileSync(path.join(dir, `${sha256}.bin`));
      const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer;
      const actual = await sha256Hex(weightData);
      if (actual !== sha256) throw new Error(`checkpoint ${sha256.slice(0, 12)}… is damaged (its bytes hash to ${actual.slice(0, 12)}…)`);
      return { ...manifest, weightData };
    },
    saveModel: () => Promise.reject(new Error('measuring a loop saves no checkpoints')),
  };
}

/** The files the examples ship (public/examples/assets), as the app stores them when an example opens. */
function shippedAssets(): AssetSource {
  return memoryAssetSource(exampleAssets.map((asset) => {
    const bytes = readFileSync(path.join(ROOT, 'public', asset.path));
    const name = path.basename(asset.path);
    return [{ sha256: asset.sha256, name, kind: asset.kind, mimeType: asset.kind === 'video' ? 'video/webm' : 'application/octet-stream', bytes: bytes.byteLength, savedAt: 0 }, new Blob([bytes])] as const;
  }));
}
