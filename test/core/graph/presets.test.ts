import { describe, expect, it } from 'vitest';
import { defineNode, emptyGraph, NodeRegistry, presetOf, setParam } from '../../../src/core';
import type { Graph, JsonValue } from '../../../src/core';

/** A node with a "look" param choosing two presets over `speed` and `soft`; `gain` is not governed. */
const looks = defineNode({
  type: 'test/looks', version: 1, title: 'Looks', category: 'Test', inputs: [], outputs: [],
  presets: { param: 'look', custom: 'Own', values: { Calm: { speed: 1, soft: true }, Wild: { speed: 9, soft: false } } },
  params: {
    look: { kind: 'enum', label: 'Look', default: 'Calm', options: ['Calm', 'Wild', 'Own'] },
    speed: { kind: 'number', label: 'Speed', default: 1, min: 0, max: 10 },
    soft: { kind: 'boolean', label: 'Soft', default: true },
    gain: { kind: 'number', label: 'Gain', default: 1 },
  },
  process: () => ({}),
});

const registry = new NodeRegistry();
registry.register(looks);

function graphWith(params: Record<string, JsonValue>): Graph {
  return { ...emptyGraph(), nodes: [{ id: 'n', type: 'test/looks', typeVersion: 1, params, position: { x: 0, y: 0 } }] };
}

function set(graph: Graph, name: string, value: JsonValue): Record<string, JsonValue> {
  const result = setParam(graph, registry, 'n', name, value);
  if (!result.ok) throw new Error(result.reason);
  return result.graph.nodes[0]!.params;
}

const calm = { look: 'Calm', speed: 1, soft: true, gain: 1 };

describe('param presets', () => {
  it('choosing a preset sets all its values in one edit and leaves other params alone', () => {
    expect(set(graphWith({ ...calm, gain: 3 }), 'look', 'Wild')).toEqual({ look: 'Wild', speed: 9, soft: false, gain: 3 });
  });

  it('choosing the custom option changes nothing else', () => {
    expect(set(graphWith(calm), 'look', 'Own')).toEqual({ ...calm, look: 'Own' });
  });

  it('a hand edit of a governed param names the preset the values now match, else the custom option', () => {
    expect(set(graphWith(calm), 'speed', 4)).toEqual({ ...calm, speed: 4, look: 'Own' });
    expect(set(graphWith({ ...calm, look: 'Own', speed: 4 }), 'speed', 1)).toEqual(calm);
  });

  it('an edit of a param no preset sets keeps the preset', () => {
    expect(set(graphWith(calm), 'gain', 2)).toEqual({ ...calm, gain: 2 });
  });

  it('presetOf names the first preset all of whose values the params hold, else the custom option', () => {
    expect(presetOf(looks.presets!, { speed: 9, soft: false, gain: 5 })).toBe('Wild');
    expect(presetOf(looks.presets!, { speed: 9 })).toBe('Own');
  });

  it('refuses at registration presets that name unknown params, bad values, wrong options or defaults they do not match', () => {
    const with_ = (presets: object, params: object = {}) => () => new NodeRegistry().register({ ...looks, presets, params: { ...looks.params, ...params } } as never);
    const values = looks.presets!.values;
    expect(with_({ ...looks.presets, values: { ...values, Wild: { speed: 9, colour: 'red' } } }))
      .toThrow('Node type "test/looks": preset "Wild" sets "colour", which is not one of the node\'s other params');
    expect(with_({ ...looks.presets, values: { ...values, Wild: { look: 'Calm' } } })).toThrow('preset "Wild" sets "look"');
    expect(with_({ ...looks.presets, values: { ...values, Wild: { speed: 11 } } })).toThrow('preset "Wild" sets "speed" to 11: must be ≤ 10');
    expect(with_({ ...looks.presets, param: 'gain' })).toThrow('presets name "gain", which is not an enum param');
    expect(with_({ ...looks.presets, custom: 'Custom' })).toThrow('the options of param "look" must be the presets and "Custom"');
    expect(with_(looks.presets!, { speed: { kind: 'number', label: 'Speed', default: 5 } }))
      .toThrow('param "look" defaults to "Calm", but the other defaults match "Own"');
  });
});
