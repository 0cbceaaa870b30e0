import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { NodeRegistry, parseGraphFile, toGraphJson } from '../../src/core';
import type { Graph, GraphNode } from '../../src/core';
import { builtInNodes } from '../../src/nodes';

/**
 * The "Train window generator" and "Restoration loop" example graphs as they ship
 * (src/nodes/examples/*.graph.json), around the checkpoints scripts/train-demo-checkpoint.ts
 * trains: the Train Window seeds a Feedback loop through the generator (and the restorer), and
 * a Colour Coherence node (strength 0.5, first frame) holds the loop's colours.
 */
export interface DemoWeights {
  readonly sha256: string;
  readonly bytes: number;
  /** The name the graph's model list gives the weights. */
  readonly name: string;
}

type Params = Record<string, string | number | boolean>;

const registry = new NodeRegistry();
registry.registerAll(builtInNodes);

/** A node at its type's current version: params it leaves out are that version's defaults, not a migration's. */
function node(id: string, type: string, params: Params, x: number, y: number): GraphNode {
  const definition = registry.get(type);
  if (!definition) throw new Error(`no node type ${type}`);
  return { id, type, typeVersion: definition.version, params, position: { x, y } };
}

function edge(id: string, from: string, to: string): Graph['edges'][number] {
  const [fn, fp] = from.split('.') as [string, string];
  const [tn, tp] = to.split('.') as [string, string];
  return { id, from: { node: fn, port: fp }, to: { node: tn, port: tp } };
}

const SOURCE_PARAMS = (seed: number): Params => ({ seed, speed: 1, poles: true });
const COLOUR_PARAMS: Params = { strength: 0.5, reference: 'first frame', match: 'colour histogram' };

/** The generator example: `generator` are the Next-Frame Generator's params (checkpoint included). */
export function generatorExample(seed: number, generator: Params, weights: DemoWeights): Graph {
  return {
    name: 'Train window generator (example)',
    settings: { width: 128, height: 128, fps: 30 },
    nodes: [
      node('source', 'train-window-source', SOURCE_PARAMS(seed), 0, 0),
      node('data', 'dataset', { dataset: '' }, 0, 220),
      node('loop', 'feedback', {}, 280, 60),
      node('generator', 'next-frame-generator', generator, 560, 60),
      node('preview', 'preview', {}, 860, 0),
      node('encoder', 'encoder', {}, 860, 200),
      node('colour', 'colour-coherence', COLOUR_PARAMS, 710, 260),
    ],
    edges: [
      edge('e1', 'source.frame', 'loop.seed'), edge('e2', 'loop.out', 'generator.frame'), edge('e3', 'data.dataset', 'generator.dataset'),
      edge('e4', 'colour.frame', 'loop.in'), edge('e5', 'colour.frame', 'preview.frame'), edge('e6', 'colour.frame', 'encoder.frame'),
      edge('e-colour', 'generator.frame', 'colour.frame'),
    ],
    models: [{ id: 'generator-weights', sha256: weights.sha256, name: weights.name, bytes: weights.bytes }],
    plugins: [],
  };
}

/** The restoration example: the generator node as the generator example has it, and the restorer trained against it. */
export function restorationExample(seed: number, generator: Params, restoration: Params, weights: DemoWeights): Graph {
  return {
    name: 'Restoration loop (example)',
    settings: { width: 128, height: 128, fps: 30 },
    nodes: [
      node('source', 'train-window-source', SOURCE_PARAMS(seed), 0, 0),
      node('data', 'dataset', { dataset: '' }, 0, 260),
      node('loop', 'feedback', {}, 260, 60),
      node('generator', 'next-frame-generator', generator, 520, 0),
      node('restoration', 'restoration', restoration, 780, 60),
      node('monitor', 'loop-monitor', {}, 1040, 60),
      node('preview', 'preview', {}, 1300, 0),
      node('encoder', 'encoder', {}, 1300, 200),
      node('colour', 'colour-coherence', COLOUR_PARAMS, 1190, 260),
    ],
    edges: [
      edge('e1', 'source.frame', 'loop.seed'), edge('e2', 'loop.out', 'generator.frame'), edge('e3', 'generator.frame', 'restoration.frame'),
      edge('e4', 'data.dataset', 'generator.dataset'), edge('e5', 'data.dataset', 'restoration.dataset'),
      edge('e6', 'restoration.frame', 'monitor.frame'), edge('e7', 'source.frame', 'monitor.reference'),
      edge('e8', 'colour.frame', 'loop.in'), edge('e9', 'colour.frame', 'preview.frame'), edge('e10', 'colour.frame', 'encoder.frame'),
      edge('e-colour', 'monitor.frame', 'colour.frame'),
    ],
    models: [{ id: 'restoration-weights', sha256: weights.sha256, name: weights.name, bytes: weights.bytes }],
    plugins: [],
  };
}

/**
 * Writes `graph` to `file` as the parser reads it back, so every param is spelled out and the
 * example loads without warnings.
 * @throws Error when the graph does not parse.
 */
export function writeExampleGraph(file: string, graph: Graph): void {
  const parsed = parseGraphFile(toGraphJson(graph), registry);
  if (!parsed.ok) throw new Error(`the example graph does not parse: ${parsed.error.message}`);
  writeFileSync(path.resolve(file), toGraphJson(parsed.graph));
}
