// The plugin-facing surface of src/core/index.ts, pinned: a change here breaks third-party
// plugins, so it must be a deliberate one (edit this file and docs/plugins.md together).
// The expectTypeOf checks run in the type check (`npm run typecheck`); the runtime checks here.
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as core from '../../../src/core';
import type {
  AnyNodeDefinition, FrameContext, NodeDefinition, ParamSchemas, PluginDefinition, PortSpec, ProcessContext, Tensor3D, Tf, TrainingHook,
} from '../../../src/core';

describe('public plugin API', () => {
  it('offers the helpers a plugin calls at run time', () => {
    for (const name of ['definePlugin', 'defineNode', 'colorToRgb', 'defaultParams', 'paramValueProblem', 'canConnect', 'seededRandom'] as const) {
      expect(typeof core[name]).toBe('function');
    }
    expect(core.PORT_TYPES).toContain('frame');
  });

  it('keeps definePlugin an identity over { id, version, description?, nodes, ui? }', () => {
    const plugin = { id: 'p', version: '1.0.0', nodes: [] };
    expect(core.definePlugin(plugin)).toBe(plugin);
    expectTypeOf(core.definePlugin).parameter(0).toEqualTypeOf<PluginDefinition>();
    expectTypeOf<PluginDefinition>().toEqualTypeOf<{
      readonly id: string; readonly version: string; readonly description?: string; readonly nodes: readonly AnyNodeDefinition[];
      readonly ui?: Readonly<Record<string, core.PluginNodeUi>>;
    }>();
    expectTypeOf<core.PluginNodeUi>().toEqualTypeOf<{ readonly viewer?: boolean }>();
  });

  it('keeps the node definition and its contexts as plugins use them', () => {
    expectTypeOf<NodeDefinition['inputs']>().toEqualTypeOf<readonly PortSpec[]>();
    expectTypeOf<NodeDefinition['params']>().toEqualTypeOf<ParamSchemas>();
    expectTypeOf<NodeDefinition['training']>().toEqualTypeOf<TrainingHook<core.ParamValues<ParamSchemas>, undefined> | undefined>();
    expectTypeOf<ProcessContext<ParamSchemas, undefined>['tf']>().toEqualTypeOf<Tf>();
    expectTypeOf<FrameContext<ParamSchemas, undefined>['time']>().toEqualTypeOf<number>();
    expectTypeOf<FrameContext<ParamSchemas, undefined>['host']>().toEqualTypeOf<core.NodeHost | undefined>();
    expectTypeOf<ProcessContext<ParamSchemas, undefined>['inputs']>().toEqualTypeOf<Readonly<Record<string, core.PortValue | undefined>>>();
    // Param values are derived from the schemas, so `process` sees numbers and strings as declared.
    const node = core.defineNode({
      type: 'p/n', version: 1, title: 'N', category: 'C', inputs: [], outputs: [{ name: 'frame', type: 'frame' }],
      params: { amount: { kind: 'number', label: 'Amount', default: 1 }, mode: { kind: 'enum', label: 'Mode', default: 'a', options: ['a'] } },
      process: ({ params, tf, size }) => {
        expectTypeOf(params.amount).toEqualTypeOf<number>();
        expectTypeOf(params.mode).toEqualTypeOf<string>();
        return { frame: tf.zeros([size.height, size.width, 3]) as Tensor3D };
      },
    });
    expect(node.type).toBe('p/n');
  });
});
