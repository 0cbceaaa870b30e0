// The render command's argument parsing and graph preparation: everything checked before a
// browser starts, so a bad graph, a missing file or an unwritable path fails in milliseconds.
import { accessSync, closeSync, constants, existsSync, openSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { addNode, connect, isBackendName, parseGraphFile, setParam } from '../../src/core';
import type { BackendName, Graph, GraphNode, JsonValue, NodeRegistry } from '../../src/core';
import { CODEC_LABELS, codecProblem, defaultCodec, isContainer, isVideoCodecName } from '../../src/nodes/media/codecs';
import type { Container, VideoCodecName } from '../../src/nodes/media/codecs';
import { resolveRenderAssets } from './render-assets';
import type { RenderAsset } from './render-assets';

export const USAGE = `Usage: npm run render -- <graph file> --frames N --out <file.webm|file.mp4> [options]

Renders a graph offline in headless Chromium and writes the video its Encoder node records.

  --frames N        frames to render (1…100000)
  --out FILE        where to write the video; .webm or .mp4 picks the container
  --size WxH        frame size, overriding the graph's settings (e.g. 256x256)
  --backend NAME    tfjs backend: webgpu (default), webgl or cpu
  --dist DIR        serve this existing build of the app as it is (default: dist/, built
                    first when it is missing or older than the sources)
  --asset FILE      a clip or image the graph's nodes name (Video Source clip, Audio clip,
                    Encoder soundtrack…); repeat for each. Matched by content (SHA-256);
                    the examples' own clips (public/examples/assets/) need none
  --help            show this text

The graph's Encoder node decides codec, bitrate and fps. A graph without one records what its
Preview node shows, with a default Encoder (VP9 for .webm, H.264 for .mp4).`;

export const MAX_FRAMES = 100_000;
const MIN_SIDE = 16;
const MAX_SIDE = 4096;

export interface RenderOptions {
  readonly graphFile: string;
  readonly frames: number;
  readonly out: string;
  readonly container: Container;
  readonly size: { readonly width: number; readonly height: number } | undefined;
  readonly backend: BackendName;
  readonly dist: string | undefined;
  /** Files given with --asset, absolute. */
  readonly assets: readonly string[];
}

export type ParsedArgs = { readonly ok: true; readonly options: RenderOptions } | { readonly ok: false; readonly error: string } | { readonly ok: 'help' };

/** Parses `<graph file> --frames N --out FILE [--size WxH] [--backend B] [--dist DIR] [--asset FILE]…`. */
export function parseRenderArgs(argv: readonly string[], cwd = process.cwd()): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string>();
  const assets: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return { ok: 'help' };
    if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      if (!['frames', 'out', 'size', 'backend', 'dist', 'asset'].includes(name)) return { ok: false, error: `unknown option --${name}` };
      const value = inline ?? argv[++i];
      if (value === undefined || (inline === undefined && value.startsWith('--'))) return { ok: false, error: `--${name} needs a value` };
      if (name === 'asset') assets.push(path.resolve(cwd, value));
      else flags.set(name, value);
    } else {
      positional.push(arg);
    }
  }
  if (positional.length === 0) return { ok: false, error: 'name the graph file to render' };
  if (positional.length > 1) return { ok: false, error: `one graph file at a time (got ${positional.join(', ')})` };

  const framesText = flags.get('frames');
  if (framesText === undefined) return { ok: false, error: '--frames N is required' };
  const frames = Number(framesText);
  if (!/^\d+$/.test(framesText) || frames < 1 || frames > MAX_FRAMES) return { ok: false, error: `--frames must be a whole number from 1 to ${MAX_FRAMES}, got "${framesText}"` };

  const out = flags.get('out');
  if (out === undefined) return { ok: false, error: '--out FILE is required' };
  const extension = path.extname(out).slice(1).toLowerCase();
  if (!isContainer(extension)) return { ok: false, error: `--out must end in .webm or .mp4, got "${out}"` };

  let size: RenderOptions['size'];
  const sizeText = flags.get('size');
  if (sizeText !== undefined) {
    const match = /^(\d+)x(\d+)$/i.exec(sizeText);
    const width = Number(match?.[1]);
    const height = Number(match?.[2]);
    if (!match || [width, height].some((v) => v < MIN_SIDE || v > MAX_SIDE)) {
      return { ok: false, error: `--size must be WxH with each side from ${MIN_SIDE} to ${MAX_SIDE}, e.g. 256x256; got "${sizeText}"` };
    }
    size = { width, height };
  }

  const backend = flags.get('backend') ?? 'webgpu';
  if (!isBackendName(backend)) return { ok: false, error: `--backend must be webgpu, webgl or cpu, got "${backend}"` };

  const dist = flags.get('dist');
  return {
    ok: true,
    options: {
      graphFile: path.resolve(cwd, positional[0]!),
      frames,
      out: path.resolve(cwd, out),
      container: extension,
      size,
      backend,
      dist: dist === undefined ? undefined : path.resolve(cwd, dist),
      assets,
    },
  };
}

/** Why `file` cannot be written, or null when it can. Leaves no file behind. */
export function outputProblem(file: string): string | null {
  const dir = path.dirname(file);
  if (!existsSync(dir)) return `cannot write ${file}: the folder ${dir} does not exist`;
  if (!statSync(dir).isDirectory()) return `cannot write ${file}: ${dir} is not a folder`;
  if (existsSync(file) && statSync(file).isDirectory()) return `cannot write ${file}: it is a folder`;
  const existed = existsSync(file);
  try {
    accessSync(dir, constants.W_OK);
    // Opening for append is the honest test (read-only mounts, root, ACLs); it changes nothing.
    closeSync(openSync(file, 'a'));
    if (!existed) unlinkSync(file);
  } catch (error) {
    return `cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
  }
  return null;
}

export interface PreparedGraph {
  readonly graph: Graph;
  readonly encoderId: string;
  readonly codec: VideoCodecName;
  /** The --asset files the graph names, to store in the page before rendering. */
  readonly assets: readonly RenderAsset[];
  /** What was changed, for the user (size override, codec switch, added Encoder). */
  readonly notes: readonly string[];
  /** Warnings from the graph file loader. */
  readonly warnings: readonly string[];
}

export type PrepareResult = ({ readonly ok: true } & PreparedGraph) | { readonly ok: false; readonly error: string };

/** Reads and checks the graph file, then makes its Encoder record `frames` frames into `container`. */
export function prepareRenderGraph(options: RenderOptions, registry: NodeRegistry): PrepareResult {
  let text: string;
  try {
    text = readFileSync(options.graphFile, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, error: `cannot read the graph file ${options.graphFile}: ${code === 'ENOENT' ? 'no such file' : code ?? (error as Error).message}` };
  }
  const parsed = parseGraphFile(text, registry);
  if (!parsed.ok) return { ok: false, error: `${options.graphFile}: ${parsed.error.message}` };
  let graph = parsed.graph;
  const notes: string[] = [];

  if (options.size) {
    const { width, height } = options.size;
    if (width !== graph.settings.width || height !== graph.settings.height) {
      notes.push(`frame size ${graph.settings.width}×${graph.settings.height} → ${width}×${height} (--size)`);
    }
    graph = { ...graph, settings: { ...graph.settings, width, height } };
  }

  const encoders = graph.nodes.filter((n) => n.type === 'encoder');
  if (encoders.length > 1) {
    return { ok: false, error: `the graph has ${encoders.length} Encoder nodes (${encoders.map((n) => n.id).join(', ')}); the render command records exactly one` };
  }
  let encoderNode: GraphNode;
  if (encoders.length === 1) {
    encoderNode = encoders[0]!;
  } else {
    const added = addRecordingEncoder(graph, registry);
    if (!added.ok) return added;
    graph = added.graph;
    encoderNode = added.node;
    notes.push(`the graph has no Encoder node: added "${encoderNode.id}", recording what the Preview node "${added.previewId}" shows`);
  }

  const current = encoderNode.params.codec;
  let codec: VideoCodecName = encoders.length === 1 && isVideoCodecName(current) ? current : defaultCodec(options.container);
  if (codecProblem(options.container, codec) !== null) {
    const replacement = defaultCodec(options.container);
    notes.push(`${CODEC_LABELS[codec]} cannot go into ${options.container.toUpperCase()}: encoding ${CODEC_LABELS[replacement]} instead`);
    codec = replacement;
  }
  const sizeProblem = codecProblem(options.container, codec, graph.settings);
  if (sizeProblem) return { ok: false, error: sizeProblem };

  const params: Record<string, JsonValue> = { record: true, frames: options.frames, container: options.container, codec };
  for (const [name, value] of Object.entries(params)) {
    const set = setParam(graph, registry, encoderNode.id, name, value);
    if (!set.ok) return { ok: false, error: `cannot set the Encoder's ${name}: ${set.reason}` };
    graph = set.graph;
  }
  const assets = resolveRenderAssets(graph, registry, options.assets);
  if (!assets.ok) return assets;
  notes.push(...assets.notes);
  return { ok: true, graph, encoderId: encoderNode.id, codec, assets: assets.assets, notes, warnings: parsed.warnings };
}

/** Adds an Encoder fed by whatever feeds the (first connected) Preview node. */
function addRecordingEncoder(graph: Graph, registry: NodeRegistry): ({ ok: true; graph: Graph; node: GraphNode; previewId: string }) | { ok: false; error: string } {
  const previews = graph.nodes.filter((n) => n.type === 'preview');
  const feed = previews
    .map((preview) => ({ preview, edge: graph.edges.find((e) => e.to.node === preview.id && e.to.port === 'frame') }))
    .find((candidate) => candidate.edge !== undefined);
  if (!feed?.edge) {
    return {
      ok: false,
      error: previews.length === 0
        ? 'the graph has no Encoder node and no Preview node to record from: add an Encoder node'
        : 'the graph has no Encoder node and its Preview node is not connected: add an Encoder node',
    };
  }
  const added = addNode(graph, registry, 'encoder', { x: feed.preview.position.x, y: feed.preview.position.y + 200 });
  if (!added.ok) return { ok: false, error: `cannot add an Encoder node: ${added.reason}` };
  const wired = connect(added.graph, registry, feed.edge.from, { node: added.node.id, port: 'frame' });
  if (!wired.ok) return { ok: false, error: `cannot connect the added Encoder node: ${wired.reason}` };
  return { ok: true, graph: wired.graph, node: added.node, previewId: feed.preview.id };
}
