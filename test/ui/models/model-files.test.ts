import { describe, expect, it } from 'vitest';
import { IMPORTED_MODEL_KEY, readModelFiles } from '../../../src/ui/models/model-files';

const manifest = (paths: string[], values = 2) => ({
  format: 'layers-model',
  modelTopology: { class_name: 'Sequential' },
  weightsManifest: [{ paths, weights: [{ name: 'w', shape: [values], dtype: 'float32' }] }],
});
const json = (body: unknown, name = 'model.json') => new File([JSON.stringify(body)], name);
const bin = (floats: number, name = 'w.bin') => new File([new Float32Array(floats)], name);

describe('reading picked model files', () => {
  it('joins model.json and the weight files its manifest names, marked as imported', async () => {
    const artifacts = await readModelFiles([bin(2, 'a.bin'), json(manifest(['./a.bin']))]);
    expect(artifacts.format).toBe('layers-model');
    expect((artifacts.weightData as ArrayBuffer).byteLength).toBe(8);
    expect(artifacts.weightSpecs).toEqual([{ name: 'w', shape: [2], dtype: 'float32' }]);
    expect(artifacts.userDefinedMetadata).toEqual({ [IMPORTED_MODEL_KEY]: 'model.json' });
  });

  it('says what is wrong: no model.json, two of them, not JSON, not a tfjs model, a missing or wrong-sized weight file', async () => {
    await expect(readModelFiles([bin(2)])).rejects.toThrow('Pick or drop the model.json together with its weight files (.bin): no .json file was among them.');
    await expect(readModelFiles([json({}), json({}, 'b.json')])).rejects.toThrow('Pick one model at a time: found model.json, b.json.');
    await expect(readModelFiles([new File(['{oops'], 'model.json')])).rejects.toThrow('model.json is not valid JSON.');
    await expect(readModelFiles([json({ hello: 1 })])).rejects.toThrow('model.json is not a TensorFlow.js model.json (it needs "modelTopology" and "weightsManifest").');
    await expect(readModelFiles([json(manifest(['w.bin']))])).rejects.toThrow('model.json needs the weight file w.bin, which was not among the files');
    await expect(readModelFiles([json(manifest(['w.bin'])), bin(3)])).rejects.toThrow('The weight files hold 12 bytes but model.json describes 8');
  });
});
