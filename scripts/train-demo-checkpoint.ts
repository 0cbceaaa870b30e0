/**
 * Trains the small generator checkpoint the "Train window" example ships with, using the
 * studio's own training code on the procedural train-window source, and writes it where the
 * app serves it from (public/checkpoints/<sha256>.json + .bin) plus the example graph that
 * names it.
 *
 *   npx tsx scripts/train-demo-checkpoint.ts [--model generator|restoration] [--steps 600] [--size 32] [--frames 240] [--seed 7]
 *
 * `--model restoration` trains a Restoration node against the shipped generator and writes the
 * "Restoration loop" example.
 *
 * Runs on the tfjs CPU backend in Node (no GPU needed; minutes at 32 px).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { defaultParams, memoryAssetSource, noCheckpointStore, parseGraphFile, toGraphJson, NodeRegistry } from '../src/core';
import type { AnyNodeDefinition, DatasetSource, Graph, GraphNode, ModelSource } from '../src/core';
import { builtInNodes } from '../src/nodes';
import { nextFrameGenerator } from '../src/nodes/next-frame-generator';
import { restoration } from '../src/nodes/restoration';
import { trainWindowSource } from '../src/nodes/train-window-source';
import { sha256Hex } from '../src/core/storage/bytes';

const ROOT = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: {
  steps: { type: 'string', default: '600' }, size: { type: 'string', default: '32' },
  frames: { type: 'string', default: '240' }, seed: { type: 'string', default: '7' },
  model: { type: 'string', default: 'generator' },
} });
const steps = Number(values.steps);
const size = Number(values.size);
const frameCount = Number(values.frames);
const seed = Number(values.seed);
const FPS = 30;

async function renderSource(): Promise<Uint8Array[]> {
  const params = { ...defaultParams(trainWindowSource.params), seed };
  const context = { nodeId: 'source', params, size: { width: size, height: size }, tf, assets: memoryAssetSource([]), models: noCheckpointStore, datasets: noDataset };
  const state = trainWindowSource.create!(context);
  const frames: Uint8Array[] = [];
  for (let frame = 0; frame < frameCount; frame++) {
    const image = tf.tidy(() => tf.cast(tf.round(tf.mul(trainWindowSource.process({ ...context, state, frame, time: frame / FPS, inputs: {} }).frame as tf.Tensor3D, 255)), 'int32'));
    frames.push(Uint8Array.from(await image.data()));
    image.dispose();
  }
  return frames;
}

const noDataset: DatasetSource = { getDataset: () => Promise.resolve(undefined), readFrames: () => Promise.resolve([]) };

/** A dataset source over frames held in memory, under the id `demo`. */
function memoryDatasets(frames: readonly Uint8Array[]): DatasetSource {
  return {
    getDataset: (id) => Promise.resolve(id === 'demo' ? { name: 'Train window', width: size, height: size, channels: 3, frameCount: frames.length } : undefined),
    readFrames: (_id, start, count) => Promise.resolve(frames.slice(start, start + count)),
  };
}

/** Trains `definition` on the demo frames through its own training hook and ships the weights; resolves to their hash. */
async function trainAndShip(definition: AnyNodeDefinition, params: Record<string, string | number | boolean>, models: ModelSource, datasets: DatasetSource, label: string): Promise<{ sha256: string; bytes: number }> {
  const base = { nodeId: definition.type, params, size: { width: size, height: size }, tf, assets: memoryAssetSource([]), models, datasets };
  const state = definition.create!(base);
  const job = await definition.training!.start({ ...base, state, inputs: { dataset: { kind: 'dataset', id: 'demo' } } });
  const started = Date.now();
  let last: Record<string, number> = {};
  while (job.stepsDone < job.totalSteps) {
    const report = await job.step();
    last = report.losses;
    if (report.step % 25 === 0) console.error(`${label}: step ${report.step}/${job.totalSteps} l1 ${last['l1']!.toFixed(4)} · ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  const artifacts = await job.save();
  job.dispose();
  definition.dispose!(state);
  // Ship only the network: the example needs weights to run, not the trainer's optimiser state.
  const networkOnly = stripTrainer(artifacts);
  const weights = networkOnly.weightData as ArrayBuffer;
  const sha256 = await sha256Hex(weights);
  const dir = path.join(ROOT, 'public', 'checkpoints');
  mkdirSync(dir, { recursive: true });
  const { weightData: _bytes, ...manifest } = networkOnly;
  void _bytes;
  writeFileSync(path.join(dir, `${sha256}.json`), `${JSON.stringify({ ...manifest, name: `${label} · ${size}px · step ${job.stepsDone}` }, null, 1)}\n`);
  writeFileSync(path.join(dir, `${sha256}.bin`), new Uint8Array(weights));
  console.error(`${label}: wrote public/checkpoints/${sha256}.bin (${(weights.byteLength / 1e6).toFixed(2)} MB), l1 ${last['l1']}, ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return { sha256, bytes: weights.byteLength };
}

/** The generator the shipped generator example names, read from public/checkpoints. */
function shippedGenerator(): { sha256: string; artifacts: tf.io.ModelArtifacts } {
  const example = JSON.parse(readFileSync(path.join(ROOT, 'src', 'nodes', 'examples', 'train-window-generator.graph.json'), 'utf8')) as Graph;
  const sha256 = String(example.nodes.find((n) => n.type === 'next-frame-generator')!.params['checkpoint']);
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'public', 'checkpoints', `${sha256}.json`), 'utf8')) as tf.io.ModelArtifacts;
  const bin = readFileSync(path.join(ROOT, 'public', 'checkpoints', `${sha256}.bin`));
  return { sha256, artifacts: { ...manifest, weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer } };
}

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const datasets = memoryDatasets(await renderSource());
  if (values.model === 'restoration') {
    const generator = shippedGenerator();
    const models: ModelSource = { loadModel: (sha) => (sha === generator.sha256 ? Promise.resolve(generator.artifacts) : Promise.reject(new Error(`no ${sha}`))) };
    const params = { ...defaultParams(restoration.params), size: String(size), steps, batch: 4, seed, generator: generator.sha256, pool: 64, cycles: 4 };
    const shipped = await trainAndShip(restoration, params, models, datasets, 'Train window restoration');
    writeRestorationExample(generator.sha256, shipped.sha256, shipped.bytes);
    return;
  }
  // heldOut 0: the shipped checkpoint was trained on every frame, before the node had a held-out share.
  const params = { ...defaultParams(nextFrameGenerator.params), size: String(size), steps, batch: 4, seed, cycles: 4, heldOut: 0 };
  const shipped = await trainAndShip(nextFrameGenerator, params, noCheckpointStore, datasets, 'Train window');
  writeExampleGraph(shipped.sha256, shipped.bytes);
}

function stripTrainer(artifacts: tf.io.ModelArtifacts): tf.io.ModelArtifacts {
  const specs = artifacts.weightSpecs ?? [];
  const tensors = tf.io.decodeWeights(artifacts.weightData as ArrayBuffer, specs);
  const kept = Object.fromEntries(Object.entries(tensors).filter(([name]) => name.startsWith('generator/')));
  const meta = { ...(artifacts.userDefinedMetadata ?? {}) } as Record<string, unknown>;
  delete meta['training'];
  return { ...artifacts, weightData: undefined, weightSpecs: undefined, userDefinedMetadata: meta as never, ...encodeSync(kept) };
}

function encodeSync(tensors: tf.NamedTensorMap): Pick<tf.io.ModelArtifacts, 'weightSpecs' | 'weightData'> {
  const weightSpecs: tf.io.WeightsManifestEntry[] = [];
  const parts: Uint8Array[] = [];
  for (const [name, tensor] of Object.entries(tensors)) {
    weightSpecs.push({ name, shape: tensor.shape, dtype: 'float32' });
    parts.push(new Uint8Array((tensor.dataSync() as Float32Array).slice().buffer));
  }
  const total = parts.reduce((sum, p) => sum + p.byteLength, 0);
  const data = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) { data.set(part, offset); offset += part.byteLength; }
  tf.dispose(Object.values(tensors));
  return { weightSpecs, weightData: data.buffer };
}

const node = (id: string, type: string, params: Record<string, string | number | boolean>, x: number, y: number): GraphNode =>
  ({ id, type, typeVersion: 1, params, position: { x, y } });
const edge = (id: string, from: string, to: string) => {
  const [fn, fp] = from.split('.') as [string, string];
  const [tn, tp] = to.split('.') as [string, string];
  return { id, from: { node: fn, port: fp }, to: { node: tn, port: tp } };
};

function writeRestorationExample(generatorSha: string, restorationSha: string, bytes: number): void {
  writeExample('train-window-restoration.graph.json', {
    name: 'Restoration loop (example)',
    settings: { width: 128, height: 128, fps: 30 },
    nodes: [
      node('source', 'train-window-source', { seed, speed: 1, poles: true }, 0, 0),
      node('data', 'dataset', { dataset: '' }, 0, 260),
      node('loop', 'feedback', {}, 260, 60),
      node('generator', 'next-frame-generator', { checkpoint: generatorSha, size: String(size), preset: 'tiny' }, 520, 0),
      node('restoration', 'restoration', { checkpoint: restorationSha, generator: generatorSha, size: String(size), preset: 'tiny', strength: 0.5 }, 780, 60),
      node('monitor', 'loop-monitor', {}, 1040, 60),
      node('preview', 'preview', {}, 1300, 0),
      node('encoder', 'encoder', {}, 1300, 200),
    ],
    edges: [
      edge('e1', 'source.frame', 'loop.seed'), edge('e2', 'loop.out', 'generator.frame'), edge('e3', 'generator.frame', 'restoration.frame'),
      edge('e4', 'data.dataset', 'generator.dataset'), edge('e5', 'data.dataset', 'restoration.dataset'),
      edge('e6', 'restoration.frame', 'monitor.frame'), edge('e7', 'source.frame', 'monitor.reference'),
      edge('e8', 'monitor.frame', 'loop.in'), edge('e9', 'monitor.frame', 'preview.frame'), edge('e10', 'monitor.frame', 'encoder.frame'),
    ],
    models: [{ id: 'restoration-weights', sha256: restorationSha, name: `Train window restoration · ${size}px`, bytes }],
    plugins: [],
  });
}

function writeExampleGraph(sha256: string, bytes: number): void {
  writeExample('train-window-generator.graph.json', {
    name: 'Train window generator (example)',
    settings: { width: 128, height: 128, fps: 30 },
    nodes: [
      node('source', 'train-window-source', { seed, speed: 1, poles: true }, 0, 0),
      node('data', 'dataset', { dataset: '' }, 0, 220),
      node('loop', 'feedback', {}, 280, 60),
      node('generator', 'next-frame-generator', { checkpoint: sha256, size: String(size), preset: 'tiny' }, 560, 60),
      node('preview', 'preview', {}, 860, 0),
      node('encoder', 'encoder', {}, 860, 200),
    ],
    edges: [
      { id: 'e1', from: { node: 'source', port: 'frame' }, to: { node: 'loop', port: 'seed' } },
      { id: 'e2', from: { node: 'loop', port: 'out' }, to: { node: 'generator', port: 'frame' } },
      { id: 'e3', from: { node: 'data', port: 'dataset' }, to: { node: 'generator', port: 'dataset' } },
      { id: 'e4', from: { node: 'generator', port: 'frame' }, to: { node: 'loop', port: 'in' } },
      { id: 'e5', from: { node: 'generator', port: 'frame' }, to: { node: 'preview', port: 'frame' } },
      { id: 'e6', from: { node: 'generator', port: 'frame' }, to: { node: 'encoder', port: 'frame' } },
    ],
    models: [{ id: 'generator-weights', sha256, name: `Train window · ${size}px`, bytes }],
    plugins: [],
  });
}

function writeExample(file: string, graph: Graph): void {
  const registry = new NodeRegistry();
  registry.registerAll(builtInNodes);
  const parsed = parseGraphFile(toGraphJson(graph), registry);
  if (!parsed.ok) throw new Error(`the example graph does not parse: ${parsed.error.message}`);
  // Written back from the parse, so every param is spelled out and the example loads without warnings.
  const json = toGraphJson(parsed.graph);
  writeFileSync(path.join(ROOT, 'src', 'nodes', 'examples', file), json);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
