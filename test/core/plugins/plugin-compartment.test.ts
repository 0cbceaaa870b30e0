import 'ses';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { NodeRegistry, PluginHost, importInCompartment, inspectPluginCode, pluginHeader } from '../../../src/core';
import type { ProcessContext } from '../../../src/core/graph/node-definition';
import { STUDIO_LOCKDOWN } from '../../../src/core/plugins/lockdown-options';
import { moduleAsFunctionBody } from '../../../src/core/plugins/plugin-compartment';
import { GraphBuilder } from '../../helpers/graph-builder';
import { installExamplePlugin, renderWatched } from '../../helpers/plugin-harness';

// A hostile plugin: at its top level and in process it reaches for everything the issue names
// (fetch, IndexedDB, the DOM, tf internals, the Function constructor), and reports what it got.
const hostile = `${pluginHeader({ id: 'hostile', version: '1.0.0' })}
const probe = (f) => { try { return String(f()); } catch (error) { return 'threw'; } };
const atLoad = {
  fetch: typeof globalThis.fetch, indexedDB: typeof globalThis.indexedDB, document: typeof globalThis.document,
  crypto: typeof globalThis.crypto, setTimeout: typeof globalThis.setTimeout, window: typeof globalThis.window,
};
export default {
  id: 'hostile', version: '1.0.0',
  nodes: [{
    type: 'hostile/pass', version: 1, title: 'Pass', category: 'Test', params: {},
    inputs: [{ name: 'frame', type: 'frame' }], outputs: [{ name: 'frame', type: 'frame' }],
    process: ({ tf, inputs }) => ({
      frame: tf.mul(inputs.frame, 1),
      report: {
        atLoad,
        disposeVariables: probe(() => tf.disposeVariables()),
        engine: typeof tf.engine, setBackend: typeof tf.setBackend, env: typeof tf.env, io: Object.keys(tf.io).join(','),
        fnConstructor: probe(() => tf.add.constructor('return typeof fetch')()),
        patchTensor: probe(() => { Object.getPrototypeOf(inputs.frame).dispose = () => {}; return 'patched'; }),
        urlModel: probe(() => tf.loadLayersModel('https://example.com/model.json')),
      },
    }),
  }],
};
`;

beforeAll(async () => {
  lockdown(STUDIO_LOCKDOWN);
  await tf.setBackend('cpu');
});

describe('plugins in a compartment', () => {
  it('gives a hostile plugin no fetch, IndexedDB, DOM or tf internals, and its node still runs', async () => {
    const registry = new NodeRegistry();
    const host = new PluginHost({ registry, importModule: importInCompartment });
    await host.install(await inspectPluginCode(hostile, 'hostile.js'));
    const variable = tf.variable(tf.zeros([1]));
    const frame = tf.ones([2, 2, 3]);
    const ctx = { tf, inputs: { frame }, params: {}, nodeId: 'n', size: { width: 2, height: 2 }, state: undefined, frame: 0, time: 0 } as unknown as ProcessContext<never, undefined>;
    const out = registry.get('hostile/pass')!.process(ctx) as unknown as { frame: tf.Tensor; report: Record<string, unknown> };
    expect(out.report).toEqual({
      atLoad: { fetch: 'undefined', indexedDB: 'undefined', document: 'undefined', crypto: 'undefined', setTimeout: 'undefined', window: 'undefined' },
      disposeVariables: 'threw', engine: 'undefined', setBackend: 'undefined', env: 'undefined',
      io: 'fromMemory,fromMemorySync,withSaveHandler,withSaveHandlerSync,encodeWeights,decodeWeights,CompositeArrayBuffer',
      fnConstructor: 'threw', patchTensor: 'threw', urlModel: 'threw',
    });
    expect(Array.from(await out.frame.data())).toEqual(Array.from(await frame.data()));
    expect(variable.isDisposed).toBe(false);
    tf.dispose([variable, frame, out.frame]);
  });

  it.each([
    ['kaleidoscope', 'kaleidoscope/kaleidoscope'], ['zoom-rotate', 'zoom-rotate/warp'], ['colour-grade', 'colour-grade/grade'], ['template', 'my-plugin/invert'],
  ])('runs the %s example, built as shipped, in its compartment with a flat tensor count', async (name, type) => {
    const { registry } = await installExamplePlugin(name, importInCompartment);
    const graph = new GraphBuilder(16)
      .node('src', 'train-window-source').node('fb', 'feedback').node('p', type).node('out', 'preview')
      .edge('src.frame', 'fb.seed').edge('fb.out', 'p.frame').edge('p.frame', 'fb.in').edge('p.frame', 'out.frame').build();
    const run = await renderWatched(registry, graph, 'out', 5);
    expect(run.errors).toEqual([]);
    expect(run.after).toBe(run.settled);
  }, 60_000);

  it('turns the default export into a return and refuses any other module syntax', () => {
    expect(() => moduleAsFunctionBody('export const x = 1;\nexport default {};')).toThrow(/line 1 imports or exports something other than the default export/);
    expect(() => moduleAsFunctionBody('const x = 1;')).toThrow(/no default export/);
    expect(moduleAsFunctionBody('const p = {};\nexport { p as default };')).toContain('return p;');
    expect(moduleAsFunctionBody('const h = 1, p = {};\nexport { h, p as default };')).toContain('return p;');
  });
});
