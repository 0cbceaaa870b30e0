import { describe, expect, it } from 'vitest';
import { defineNode, NodeRegistry } from '../../../src/core';
import { builtInNodes } from '../../../src/nodes';

const node = (type: string) => defineNode({
  type, version: 1, title: type, category: 'Test', inputs: [], outputs: [], params: {}, process: () => ({}),
});

describe('NodeRegistry', () => {
  it('registers every built-in node type from the one list', () => {
    const registry = new NodeRegistry();
    registry.registerAll(builtInNodes);
    expect(registry.list().map((d) => d.type)).toEqual(builtInNodes.map((d) => d.type));
  });

  it('throws when a type id is registered twice', () => {
    const registry = new NodeRegistry();
    registry.register(node('a'));
    expect(() => registry.register(node('a'))).toThrow('Node type "a" is already registered');
  });

  it('removes a type through the disposer register returns, and tells listeners', () => {
    const registry = new NodeRegistry();
    let changes = 0;
    registry.onChange(() => changes++);
    const dispose = registry.register(node('a'));
    dispose();
    expect(registry.has('a')).toBe(false);
    expect(changes).toBe(2);
  });

  it('rejects a definition with a duplicate port name or a bad version at registration', () => {
    const registry = new NodeRegistry();
    expect(() => registry.register({ ...node('p'), inputs: [{ name: 'x', type: 'frame' }, { name: 'x', type: 'number' }] }))
      .toThrow('port "x" is declared twice');
    expect(() => registry.register({ ...node('v'), version: 0 })).toThrow('version must be an integer');
    expect(() => registry.register(node('bad id!'))).toThrow('type id may use');
  });
});
