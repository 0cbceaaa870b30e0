/**
 * Trains the generator checkpoint the "Train window generator" example ships with, using the
 * studio's own training code on the procedural train-window source, and writes it where the
 * app serves it from (public/checkpoints/<sha256>.json + .bin) plus the example graph that
 * names it (src/nodes/examples/train-window-generator.graph.json, as scripts/lib/demo-example-graphs.ts
 * builds it).
 *
 *   npx tsx scripts/train-demo-checkpoint.ts [--model generator|restoration] [--steps 3000] [--size 64] [--frames 240] [--seed 7] [--out DIR]
 *
 * The generator trains with the Next-Frame Generator's defaults (its default recipe, "Living
 * loop"), holding out its last 10 % of frames and keeping the weights the held-out loop check
 * rates best (every 50 steps), as tools/eval trains them. `--model restoration` trains a
 * Restoration node against the shipped generator and writes the "Restoration loop" example.
 * `--out DIR` writes the checkpoint and the example graph into DIR instead, to be measured
 * (scripts/example-loop-figures.ts --graph DIR/<example> --checkpoints DIR) before they ship.
 *
 * Runs on the tfjs CPU backend in Node (no GPU needed).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { defaultParams, memoryAssetSource, noCheckpointStore } from '../src/core';
import type { DatasetSource, Graph } from '../src/core';
import { nextFrameGenerator } from '../src/nodes/next-frame-generator';
import { DEFAULT_RECIPE, GENERATOR_RECIPES } from '../src/nodes/generator/recipes';
import { GENERATOR_PRESETS } from '../src/nodes/unet/unet';
import { restoration } from '../src/nodes/restoration';
import { trainWindowSource } from '../src/nodes/train-window-source';
import { sha256Hex } from '../src/core/storage/bytes';
import { trainModel, trainingProgress } from '../tools/eval/train-model';
import { generatorExample, restorationExample, writeExampleGraph } from './lib/demo-example-graphs';
import { checkpointFolders } from './lib/loop-figures';

const ROOT = path.resolve(import.meta.dirname, '..');
const EXAMPLES = path.join(ROOT, 'src', 'nodes', 'examples');
const SHIPPED = path.join(ROOT, 'public', 'checkpoints');
const { values } = parseArgs({ options: {
  steps: { type: 'string', default: '3000' }, size: { type: 'string', default: '64' },
  frames: { type: 'string', default: '240' }, seed: { type: 'string', default: '7' },
  model: { type: 'string', default: 'generator' }, out: { type: 'string' },
} });
const steps = Number(values.steps);
const size = Number(values.size);
const frameCount = Number(values.frames);
const seed = Number(values.seed);
const FPS = 30;
const HELD_OUT_EVERY = 50;
const log = (line: string): Promise<void> => {
  console.error(line);
  return Promise.resolve();
};

/** The Train Window's first `frameCount` frames at `size`, as RGB bytes. */
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

/** Writes the network's weights (not the trainer's) as a shipped checkpoint; resolves to their hash and size. */
async function ship(artifacts: tf.io.ModelArtifacts, name: string, dir: string): Promise<{ sha256: string; bytes: number; name: string }> {
  const networkOnly = stripTrainer(artifacts);
  const weights = networkOnly.weightData as ArrayBuffer;
  const sha256 = await sha256Hex(weights);
  mkdirSync(dir, { recursive: true });
  const { weightData: _bytes, ...manifest } = networkOnly;
  void _bytes;
  writeFileSync(path.join(dir, `${sha256}.json`), `${JSON.stringify({ ...manifest, name }, null, 1)}\n`);
  writeFileSync(path.join(dir, `${sha256}.bin`), new Uint8Array(weights));
  console.error(`${name}: wrote ${path.relative(ROOT, path.join(dir, `${sha256}.bin`))} (${(weights.byteLength / 1e6).toFixed(2)} MB)`);
  return { sha256, bytes: weights.byteLength, name };
}

/** The generator node of the shipped generator example (its weights are in public/checkpoints). */
function shippedGenerator(): { params: Record<string, string | number | boolean>; sha256: string } {
  const example = JSON.parse(readFileSync(path.join(EXAMPLES, 'train-window-generator.graph.json'), 'utf8')) as Graph;
  const params = example.nodes.find((n) => n.type === 'next-frame-generator')!.params as Record<string, string | number | boolean>;
  return { params, sha256: String(params['checkpoint']) };
}

async function trainGenerator(frames: readonly Uint8Array[], checkpoints: string, examples: string): Promise<void> {
  // The node's defaults: its default recipe's values, its network preset and batch size.
  const defaults = defaultParams(nextFrameGenerator.params);
  const recipe = GENERATOR_RECIPES[DEFAULT_RECIPE];
  const preset = GENERATOR_PRESETS.find((p) => p === defaults.preset);
  if (!preset) throw new Error(`unknown generator preset ${defaults.preset}`);
  const trained = await trainModel(tf, frames, {
    size, preset, steps, batch: defaults.batch, seed,
    cycles: recipe.cycles, driftDepth: recipe.driftDepth, driftStarts: recipe.driftStarts, longDrifts: recipe.longDrifts, longDriftDepth: recipe.longDriftDepth,
    predicts: recipe.output, upsample: recipe.upsample, fullResSkip: recipe.fullResSkip, jitter: recipe.jitter,
    frameLoss: recipe.frameLoss, frameWeight: recipe.frameWeight, adversarialWeight: recipe.adversarialWeight, statisticsWeight: recipe.statisticsWeight,
    dropoutInLoop: recipe.stochastic, feedbackPairs: recipe.feedbackPairs,
    heldOut: recipe.heldOut, heldOutEvery: HELD_OUT_EVERY, keepBest: true, bestBy: 'loop',
  }, trainingProgress('Train window', steps, recipe.frameLoss.toLowerCase(), log));
  const scored = trained.heldOut?.scoredStep ?? steps;
  console.error(`Train window: ${trained.seconds.toFixed(0)} s; kept step ${scored} (held-out loop check), held-out loss ${JSON.stringify(trained.heldOut?.points.at(-1) ?? null)}`);
  const weights = await ship(trained.checkpoint, `Train window · ${size}px · step ${scored}`, checkpoints);
  nextFrameGenerator.dispose!(trained.state);
  // The node as trained: its defaults (so the Recipe reads "Living loop"), at this size, on these weights.
  const generator = { preset: defaults.preset, size: String(size), checkpoint: weights.sha256 };
  writeExampleGraph(path.join(examples, 'train-window-generator.graph.json'), generatorExample(seed, generator, weights));
}

async function trainRestoration(frames: readonly Uint8Array[], checkpoints: string, examples: string): Promise<void> {
  const generator = shippedGenerator();
  // The restorer learns on the generator's own outputs, at the generator's size.
  if (String(size) !== String(generator.params['size'])) throw new Error(`the shipped generator runs at ${String(generator.params['size'])} px: pass --size ${String(generator.params['size'])}`);
  // The shipped checkpoints, hash-checked as loop-figures reads them.
  const models = checkpointFolders([SHIPPED]);
  const params = { ...defaultParams(restoration.params), size: String(size), steps, batch: 4, seed, generator: generator.sha256, pool: 64, cycles: 4 };
  const base = { nodeId: 'restoration', params, size: { width: size, height: size }, tf, assets: memoryAssetSource([]), models, datasets: memoryDatasets(frames) };
  const state = restoration.create!(base);
  const job = await restoration.training!.start({ ...base, state, inputs: { dataset: { kind: 'dataset', id: 'demo' } } });
  const progress = trainingProgress('Train window restoration', steps, 'l1', log);
  while (job.stepsDone < job.totalSteps) {
    const report = await job.step();
    await progress(report.step, job.totalSteps, report.losses);
  }
  const artifacts = await job.save();
  job.dispose();
  restoration.dispose!(state);
  const weights = await ship(artifacts, `Train window restoration · ${size}px`, checkpoints);
  const restorer = { checkpoint: weights.sha256, generator: generator.sha256, size: String(size), preset: 'tiny', strength: 0.5 };
  writeExampleGraph(path.join(examples, 'train-window-restoration.graph.json'), restorationExample(seed, generator.params, restorer, weights));
}

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const out = values.out === undefined ? undefined : path.resolve(values.out);
  const checkpoints = out ?? SHIPPED;
  const examples = out ?? EXAMPLES;
  if (out) mkdirSync(out, { recursive: true });
  const frames = await renderSource();
  if (values.model === 'restoration') await trainRestoration(frames, checkpoints, examples);
  else if (values.model === 'generator') await trainGenerator(frames, checkpoints, examples);
  else throw new Error(`--model must be generator or restoration, got ${values.model}`);
}

/** Only the network's weights: the example needs them to run, not the trainer's optimiser state. */
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

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
