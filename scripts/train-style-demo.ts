/**
 * Makes what the "Styled loop" example ships with, using the studio's own training code on the
 * tfjs CPU backend in Node (a few minutes at 32 px):
 *   1. a Style Transfer network trained on the procedural train-window clip against a
 *      procedural style picture (warm and cool diagonal bands with a fine stripe texture);
 *   2. the clip stylized through it (a stylized dataset: texture from the picture, motion
 *      from the clip);
 *   3. a Next-Frame Generator fine-tuned on those stylized frames from the "Train window
 *      generator" example's checkpoint, so the loop runs in the style.
 * Both networks go to public/checkpoints/<sha256>.json + .bin (without optimiser state), and
 * the example graph that names them to src/nodes/examples/styled-loop.graph.json.
 *
 *   npx tsx scripts/train-style-demo.ts [--style-steps 150] [--steps 100] [--size 32] [--frames 120] [--seed 7]
 *   npx tsx scripts/train-style-demo.ts --style-weights <sha256> [--generator-weights <sha256>]
 *     (reuses checkpoints already in public/checkpoints: with both, no training, only the
 *     example graph is rewritten; with the stylizer's alone, only the generator is trained)
 *
 * The example runs the loop at 64×64 and upscales it ×4 (ESRGAN-slim) for the Preview and the Encoder.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { builtInNodes } from '../src/nodes';
import { defaultParams, memoryAssetSource, noCheckpointStore, NodeRegistry, parseGraphFile, toGraphJson } from '../src/core';
import type { AnyNodeDefinition, DatasetSource, Graph, GraphNode, ModelSource } from '../src/core';
import { sha256Hex } from '../src/core/storage/bytes';
import { nextFrameGenerator } from '../src/nodes/next-frame-generator';
import { styleTransfer } from '../src/nodes/style-transfer';
import { createLiveStylizer } from '../src/nodes/style/live-stylizer';
import { loadStylizer, styleCheckpointFromArtifacts } from '../src/nodes/style/style-checkpoint';
import { startStyleTraining } from '../src/nodes/style/style-job';
import { disposeStylizer, stylizeFrame } from '../src/nodes/style/stylizer';
import type { Stylizer } from '../src/nodes/style/stylizer';
import { trainWindowSource } from '../src/nodes/train-window-source';

const ROOT = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: {
  'style-steps': { type: 'string', default: '150' }, steps: { type: 'string', default: '100' },
  size: { type: 'string', default: '32' }, frames: { type: 'string', default: '120' }, seed: { type: 'string', default: '7' },
  'style-weights': { type: 'string' }, 'generator-weights': { type: 'string' },
} });
const size = Number(values.size);
const seed = Number(values.seed);
const FPS = 30;
/** Stands for the style picture's hash in the shipped checkpoint: the picture is procedural, not a stored file. */
const STYLE_ID = '';
/** The "Train window generator" example's checkpoint, which the styled generator is fine-tuned from. */
const BASE_GENERATOR = 'be8dbe3f5c315ed9eb0ff92305b32f25b6ba161ec249520479091b15731d646a';

const library = { assets: memoryAssetSource([]), models: noCheckpointStore };

/** The train-window source's frames at `size`, as RGB bytes. */
async function renderClip(count: number): Promise<Uint8Array[]> {
  const params = { ...defaultParams(trainWindowSource.params), seed };
  const context = { tf, nodeId: 'source', params, size: { width: size, height: size }, ...library, datasets: memoryDatasets([]) };
  const state = trainWindowSource.create!(context);
  const frames: Uint8Array[] = [];
  for (let frame = 0; frame < count; frame++) {
    const image = tf.tidy(() => toBytes(trainWindowSource.process({ ...context, state, frame, time: frame / FPS, inputs: {} })['frame'] as tf.Tensor3D));
    frames.push(Uint8Array.from(await image.data()));
    image.dispose();
  }
  return frames;
}

/** Warm/cool diagonal bands carrying a fine stripe texture: a style with colour and texture at two scales. */
async function stylePicture(): Promise<Uint8Array> {
  const image = tf.tidy(() => {
    const y = tf.reshape(tf.range(0, size), [size, 1]);
    const x = tf.reshape(tf.range(0, size), [1, size]);
    const bands = tf.mul(tf.add(tf.sin(tf.mul(tf.sub(x, y), 0.35)), 1), 0.5);
    const fine = tf.mul(tf.add(tf.sin(tf.mul(tf.add(x, tf.mul(y, 2)), 1.7)), 1), 0.5);
    const texture = tf.add(tf.mul(bands, 0.7), tf.mul(fine, 0.3));
    const rgb = tf.stack([tf.add(tf.mul(texture, 0.85), 0.1), tf.mul(tf.sub(1, bands), 0.55), tf.add(tf.mul(tf.sub(1, texture), 0.8), 0.15)], 2);
    return toBytes(rgb as tf.Tensor3D);
  });
  const bytes = Uint8Array.from(await image.data());
  image.dispose();
  return bytes;
}

function toBytes(frame: tf.Tensor3D): tf.Tensor {
  return tf.cast(tf.clipByValue(tf.round(tf.mul(frame, 255)), 0, 255), 'int32');
}

/** A dataset source over frames held in memory, under the id `demo`. */
function memoryDatasets(frames: readonly Uint8Array[]): DatasetSource {
  return {
    getDataset: (id) => Promise.resolve(id === 'demo' ? { name: 'Train window', width: size, height: size, channels: 3, frameCount: frames.length } : undefined),
    readFrames: (_id, start, count) => Promise.resolve(frames.slice(start, start + count)),
  };
}

/** Steps `job` to its end, logging now and then; returns its network-only checkpoint (prefix kept). */
async function trainToEnd(job: Awaited<ReturnType<typeof startStyleTraining>>, label: string, keep: string): Promise<tf.io.ModelArtifacts> {
  const started = Date.now();
  while (job.stepsDone < job.totalSteps) {
    const report = await job.step();
    if (report.step % 25 === 0) console.error(`${label}: step ${report.step}/${job.totalSteps} ${JSON.stringify(report.losses)} · ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  const artifacts = await job.save();
  job.dispose();
  return networkOnly(artifacts, keep);
}

/** The artifacts without the trainer's tensors (optimiser moments, discriminator) and manifest. */
function networkOnly(artifacts: tf.io.ModelArtifacts, keep: string): tf.io.ModelArtifacts {
  const tensors = tf.io.decodeWeights(artifacts.weightData!, artifacts.weightSpecs!);
  const kept = Object.fromEntries(Object.entries(tensors).filter(([name]) => name.startsWith(keep)));
  const meta = { ...(artifacts.userDefinedMetadata ?? {}) } as Record<string, unknown>;
  delete meta['training'];
  const weightSpecs = Object.entries(kept).map(([name, t]) => ({ name, shape: t.shape, dtype: 'float32' as const }));
  const parts = Object.values(kept).map((t) => new Uint8Array((t.dataSync() as Float32Array).slice().buffer));
  const data = new Uint8Array(parts.reduce((sum, p) => sum + p.byteLength, 0));
  parts.reduce((offset, part) => { data.set(part, offset); return offset + part.byteLength; }, 0);
  tf.dispose(Object.values(tensors));
  return { ...artifacts, weightSpecs, weightData: data.buffer, userDefinedMetadata: meta as never };
}

async function ship(artifacts: tf.io.ModelArtifacts, name: string): Promise<{ sha256: string; bytes: number }> {
  const weights = artifacts.weightData as ArrayBuffer;
  const sha256 = await sha256Hex(weights);
  const dir = path.join(ROOT, 'public', 'checkpoints');
  mkdirSync(dir, { recursive: true });
  const { weightData: _bytes, ...manifest } = artifacts;
  void _bytes;
  writeFileSync(path.join(dir, `${sha256}.json`), `${JSON.stringify({ ...manifest, name }, null, 1)}\n`);
  writeFileSync(path.join(dir, `${sha256}.bin`), new Uint8Array(weights));
  console.error(`wrote public/checkpoints/${sha256}.bin (${(weights.byteLength / 1e3).toFixed(0)} kB): ${name}`);
  return { sha256, bytes: weights.byteLength };
}

/** A checkpoint already in public/checkpoints, by hash. */
function shipped(sha256: string): { sha256: string; bytes: number } {
  return { sha256, bytes: statSync(path.join(ROOT, 'public', 'checkpoints', `${sha256}.bin`)).size };
}

async function main(): Promise<void> {
  const [styleWeights, generatorWeights] = [values['style-weights'], values['generator-weights']];
  if (styleWeights !== undefined && generatorWeights !== undefined) return writeExample(shipped(styleWeights), shipped(generatorWeights));
  await tf.setBackend('cpu');
  const clip = await renderClip(Number(values.frames));
  const datasets = memoryDatasets(clip);

  // 1. The stylizer, through the node's own training hook (or the shipped one named by --style-weights).
  const { net, shipped: styleShipped } = styleWeights !== undefined
    ? { net: await readShippedStylizer(styleWeights), shipped: shipped(styleWeights) }
    : await trainStylizer(datasets, await stylePicture());

  // 2. The stylized dataset (in memory), as "Make stylized dataset" makes it.
  const stylized = await stylizeAll(net, clip);
  disposeStylizer(net);

  // 3. The generator on the stylized frames.
  const generatorShipped = await trainGenerator(nextFrameGenerator, memoryDatasets(stylized));
  writeExample(styleShipped, generatorShipped);
}

async function trainStylizer(datasets: DatasetSource, picture: Uint8Array): Promise<{ net: Stylizer; shipped: { sha256: string; bytes: number } }> {
  const styleParams = { ...defaultParams(styleTransfer.params), size: String(size), steps: Number(values['style-steps']), batch: 2, seed, style: 'f'.repeat(64) };
  const live = createLiveStylizer(tf, styleParams, { read: () => Promise.resolve(picture) });
  const styleJob = await startStyleTraining({ tf, nodeId: 'style', params: styleParams, size: { width: size, height: size }, state: live, inputs: { dataset: { kind: 'dataset', id: 'demo' } }, datasets });
  const artifacts = await trainToEnd(styleJob, 'Style', 'stylizer/');
  // The style image was procedural: the shipped checkpoint names none, so Resume does not ask for it.
  const name = `Styled loop · stylizer · ${size}px`;
  return { net: live.net, shipped: await ship({ ...artifacts, userDefinedMetadata: { ...artifacts.userDefinedMetadata, style: STYLE_ID } as never }, name) };
}

async function readShippedStylizer(sha256: string): Promise<Stylizer> {
  return loadStylizer(tf, styleCheckpointFromArtifacts(tf, await shippedModels.loadModel(sha256)));
}

async function stylizeAll(net: Stylizer, frames: readonly Uint8Array[]): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for (const frame of frames) {
    const styled = tf.tidy(() => toBytes(stylizeFrame(tf, net, tf.div(tf.tensor3d(frame, [size, size, 3], 'int32'), 255) as tf.Tensor3D)));
    out.push(Uint8Array.from(await styled.data()));
    styled.dispose();
  }
  return out;
}

/**
 * Fine-tunes the "Train window generator" example's checkpoint (already a learned loop of this
 * clip) on the stylized frames: far fewer steps than training from scratch for the same look.
 */
async function trainGenerator(definition: AnyNodeDefinition, datasets: DatasetSource): Promise<{ sha256: string; bytes: number }> {
  const params = {
    ...defaultParams(definition.params), checkpoint: BASE_GENERATOR, size: String(size), steps: Number(values.steps), batch: 4, seed, cycles: 2,
    driftStarts: 16, longDrifts: 1, longDriftDepth: 30,
  };
  const base = { tf, nodeId: 'generator', params, size: { width: size, height: size }, ...library, models: shippedModels, datasets };
  const state = definition.create!(base);
  await definition.prepare!({ ...base, state, frame: 0, time: 0 });
  const job = await definition.training!.start({ ...base, state, inputs: { dataset: { kind: 'dataset', id: 'demo' } } });
  const artifacts = await trainToEnd(job, 'Generator', 'generator/');
  definition.dispose!(state);
  return ship(artifacts, `Styled loop · generator · ${size}px`);
}

/** Checkpoints in public/checkpoints, as the app's bundled checkpoints serve them. */
const shippedModels: ModelSource = {
  loadModel: (sha256) => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'public', 'checkpoints', `${sha256}.json`), 'utf8')) as tf.io.ModelArtifacts;
    const bin = readFileSync(path.join(ROOT, 'public', 'checkpoints', `${sha256}.bin`));
    return Promise.resolve({ ...manifest, weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer });
  },
};

const node = (id: string, type: string, params: GraphNode['params'], x: number, y: number): GraphNode => ({ id, type, typeVersion: 1, params, position: { x, y } });
const edge = (id: string, from: string, to: string) => {
  const [fn, fp] = from.split('.') as [string, string];
  const [tn, tp] = to.split('.') as [string, string];
  return { id, from: { node: fn, port: fp }, to: { node: tn, port: tp } };
};

function writeExample(style: { sha256: string; bytes: number }, generator: { sha256: string; bytes: number }): void {
  const graph: Graph = {
    name: 'Styled loop (example)',
    settings: { width: 64, height: 64, fps: 30 },
    nodes: [
      node('source', 'train-window-source', { seed, speed: 1, poles: true }, 0, 0),
      node('clip-data', 'dataset', { dataset: '' }, 0, 240),
      node('style', 'style-transfer', { checkpoint: style.sha256, size: String(size), preset: 'tiny' }, 280, 0),
      node('styled-data', 'dataset', { dataset: '' }, 280, 300),
      node('loop', 'feedback', {}, 560, 60),
      node('generator', 'next-frame-generator', { checkpoint: generator.sha256, size: String(size), preset: 'tiny' }, 840, 60),
      node('upscaler', 'upscaler', { method: 'esrgan-slim', scale: '4' }, 1120, 60),
      node('preview', 'preview', {}, 1400, 0),
      node('encoder', 'encoder', {}, 1400, 200),
    ],
    edges: [
      edge('e1', 'source.frame', 'style.frame'), edge('e2', 'clip-data.dataset', 'style.dataset'),
      edge('e3', 'style.frame', 'loop.seed'), edge('e4', 'loop.out', 'generator.frame'), edge('e5', 'styled-data.dataset', 'generator.dataset'),
      edge('e6', 'generator.frame', 'loop.in'), edge('e7', 'generator.frame', 'upscaler.frame'),
      edge('e8', 'upscaler.image', 'preview.frame'), edge('e9', 'upscaler.image', 'encoder.frame'),
    ],
    models: [
      { id: 'style-weights', sha256: style.sha256, name: `Styled loop · stylizer · ${size}px`, bytes: style.bytes },
      { id: 'generator-weights', sha256: generator.sha256, name: `Styled loop · generator · ${size}px`, bytes: generator.bytes },
    ],
    plugins: [],
  };
  const registry = new NodeRegistry();
  registry.registerAll(builtInNodes);
  const parsed = parseGraphFile(toGraphJson(graph), registry);
  if (!parsed.ok) throw new Error(`The example graph does not load: ${parsed.error.message}`);
  writeFileSync(path.join(ROOT, 'src', 'nodes', 'examples', 'styled-loop.graph.json'), toGraphJson(parsed.graph));
  console.error('wrote src/nodes/examples/styled-loop.graph.json');
}

await main();
