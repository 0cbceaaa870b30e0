import * as tf from '@tensorflow/tfjs';
import type { io } from '@tensorflow/tfjs';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NodeRegistry, openStudioStorage, Scheduler } from '../../../src/core';
import type { JsonValue, StudioStorage } from '../../../src/core';
import { builtInNodes } from '../../../src/nodes';
import { readModelFiles } from '../../../src/ui/models/model-files';
import { GraphBuilder } from '../../helpers/graph-builder';
import { frameOf, rampFrame, rampTensor } from '../monitor/monitor-graph';

const W = 8;
let storage: StudioStorage;

beforeEach(async () => {
  storage = await openStudioStorage({ factory: new IDBFactory(), dbName: `byo-${Math.random()}` });
});
afterEach(() => storage.close?.());

/** What tfjs's `model.save` writes: the artifacts, as a model.json and one weight file. */
async function savedFiles(save: (handler: io.IOHandler) => Promise<unknown>, stem = 'model'): Promise<File[]> {
  let artifacts: io.ModelArtifacts | undefined;
  await save(tf.io.withSaveHandler(async (a) => { artifacts = a; return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }; }));
  return artifactFiles(artifacts!, stem);
}

function artifactFiles(artifacts: io.ModelArtifacts, stem: string): File[] {
  const weights = `${stem}.weights.bin`;
  const json = { modelTopology: artifacts.modelTopology, format: artifacts.format, weightsManifest: [{ paths: [`./${weights}`], weights: artifacts.weightSpecs }] };
  return [new File([JSON.stringify(json)], `${stem}.json`), new File([artifacts.weightData as ArrayBuffer], weights)];
}

/** Imports files the way the Model field does: read, check, store content-addressed. */
async function importModel(files: File[]): Promise<string> {
  const artifacts = await readModelFiles(files);
  return (await storage.saveModel(artifacts, files[0]!.name)).sha256;
}

/** A Layers model that inverts the picture: a 1×1 conv with weights −I and bias 1. */
function invertingModel(inputShape: (number | null)[] = [null, null, 3]) {
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ inputShape: inputShape as number[], filters: 3, kernelSize: 1, weights: [tf.mul(tf.eye(3), -1).reshape([1, 1, 3, 3]), tf.ones([3])] }));
  return model;
}

async function run(params: Record<string, JsonValue>, frames = 1) {
  const registry = new NodeRegistry();
  registry.registerAll([...builtInNodes, rampFrame]);
  const scheduler = new Scheduler({ tf, registry, models: storage });
  const graph = new GraphBuilder(W).node('in', 'test/ramp', { speed: 1 }).node('byo', 'tfjs-model', params).edge('in.out', 'byo.frame').build();
  await scheduler.load(graph);
  scheduler.watch('byo');
  const ok = await scheduler.renderFrames(frames);
  const result = { ok, message: scheduler.nodeStats('byo')?.message, values: ok ? await frameOf(scheduler, 'byo') : undefined };
  if (ok) expect(result.values).toHaveLength(W * W * 3);
  await scheduler.stop();
  return result;
}

const ramp = () => tf.tidy(() => rampTensor(W, W, 0).dataSync());

describe('TF.js Model node', () => {
  it('runs a Layers model the test saved with tfjs, imported as model.json + weights, by hash', async () => {
    const model = invertingModel();
    const sha = await importModel(await savedFiles((h) => model.save(h)));
    model.dispose();
    const before = tf.memory().numTensors;
    const { ok, values } = await run({ model: sha });
    expect(ok).toBe(true);
    const input = ramp();
    expect(Math.max(...values!.map((v, i) => Math.abs(v - (1 - input[i]!))))).toBeLessThan(1e-6);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('converts value ranges: a [0, 255] model sees 255·x, its output is scaled back and clipped', async () => {
    const model = invertingModel();
    const sha = await importModel(await savedFiles((h) => model.save(h)));
    model.dispose();
    // 1 − 255x in a "0 to 255" output reads as (1 − 255x)/255: below 0 except at x = 0, clipped to 0.
    const { values } = await run({ model: sha, inputRange: '0 to 255', outputRange: '0 to 255' });
    const input = ramp();
    values!.forEach((v, i) => expect(v).toBeCloseTo(Math.max(0, (1 - 255 * input[i]!) / 255), 5));
  });

  it('refuses a model whose input size differs from the frames, and resizes when asked', async () => {
    const model = invertingModel([16, 16, 3]);
    const sha = await importModel(await savedFiles((h) => model.save(h)));
    model.dispose();
    const refused = await run({ model: sha });
    expect(refused.ok).toBe(false);
    expect(refused.message).toBe('the model takes 16×16 inputs but frames are 8×8: set Size to "resize to model input" or change the graph\'s size');
    const resized = await run({ model: sha, fit: 'resize to model input' });
    expect(resized.ok).toBe(true);
  });

  it('rejects a channels-first model with a clear message', async () => {
    const model = tf.sequential();
    model.add(tf.layers.dense({ inputShape: [3, 8, 8], units: 8 }));
    const sha = await importModel(await savedFiles((h) => model.save(h)));
    model.dispose();
    const { ok, message } = await run({ model: sha });
    expect(ok).toBe(false);
    expect(message).toMatch(/^the model's input has shape \[any, 3, 8, 8\]: 8 channels, but frames have 3 \(RGB\)\. It looks channels-first \(NCHW\)/);
  });

  it('rejects a model whose output is not an RGB image', async () => {
    const model = tf.sequential();
    model.add(tf.layers.conv2d({ inputShape: [null, null, 3] as unknown as number[], filters: 1, kernelSize: 1 }));
    const sha = await importModel(await savedFiles((h) => model.save(h)));
    model.dispose();
    const { ok, message } = await run({ model: sha });
    expect(ok).toBe(false);
    expect(message).toBe("the model's output has shape [1, 8, 8, 1], but this node needs one RGB image, [1, height, width, 3]");
  });

  it('runs a Graph model (a GraphDef written here: x · k) and names an op tfjs does not support', async () => {
    const sha = await importModel(graphModelFiles('Mul'));
    const { ok, values } = await run({ model: sha });
    expect(ok).toBe(true);
    const input = ramp();
    values!.forEach((v, i) => expect(v).toBeCloseTo(input[i]! * 0.5, 6));
    const unsupported = await run({ model: await importModel(graphModelFiles('FancyBlur')) });
    expect(unsupported.ok).toBe(false);
    expect(unsupported.message).toBe('the model uses the op "FancyBlur", which TensorFlow.js does not support');
  });

  it('passes frames through unchanged until a model is picked', async () => {
    const { ok, values } = await run({});
    expect(ok).toBe(true);
    expect(values).toEqual(ramp());
  });
});

/** A converted-TensorFlow graph in model.json form: y = op(x, k) with k = 0.5 stored as a weight. */
function graphModelFiles(op: string): File[] {
  const float = { type: 'DT_FLOAT' };
  const modelTopology = {
    node: [
      { name: 'x', op: 'Placeholder', attr: { dtype: float, shape: { shape: { dim: [{ size: '-1' }, { size: '-1' }, { size: '-1' }, { size: '3' }] } } } },
      { name: 'k', op: 'Const', attr: { dtype: float, value: { tensor: { dtype: 'DT_FLOAT', tensorShape: {} } } } },
      { name: 'y', op, input: ['x', 'k'], attr: { T: float } },
    ],
    versions: { producer: 1 },
  };
  const json = { format: 'graph-model', modelTopology, weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: [{ name: 'k', shape: [], dtype: 'float32' }] }] };
  return [new File([JSON.stringify(json)], 'model.json'), new File([new Float32Array([0.5])], 'group1-shard1of1.bin')];
}
