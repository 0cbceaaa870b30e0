import { describe, expect, it } from 'vitest';
import type { AnyNodeDefinition } from '../../../src/core';
import { defineNode } from '../../../src/core';
import { builtInNodes } from '../../../src/nodes';
import { paletteGroups } from '../../../src/ui/palette/palette-groups';
import type { PaletteGroup } from '../../../src/ui/palette/palette-groups';

function node(type: string, title: string, category: string, description?: string): AnyNodeDefinition {
  return defineNode({
    type, version: 1, title, category, ...(description ? { description } : {}),
    inputs: [], outputs: [], params: {}, process: () => ({}),
  }) as AnyNodeDefinition;
}

const definitions = [
  node('fx/zoom', 'Zoom', 'Transform', 'Scales the frame about its centre.'),
  node('fx/blur', 'Blur', 'Transform'),
  node('src/noise', 'Noise', 'Sources', 'Random grain, seeded.'),
  node('out/meter', 'Level Meter', 'Analysis'),
  node('src/camera', 'Camera', 'Sources'),
];

/** Each group as `category: type, type`, for compact comparisons. */
function shape(groups: PaletteGroup[]): string[] {
  return groups.map((g) => `${g.category}: ${g.entries.map((d) => d.type).join(', ')}`);
}

describe('paletteGroups', () => {
  it('groups node types by category, categories in alphabetical order', () => {
    expect(paletteGroups(definitions, '').map((g) => g.category)).toEqual(['Analysis', 'Sources', 'Transform']);
  });

  it('sorts the entries of a group by title', () => {
    expect(shape(paletteGroups(definitions, ''))).toEqual([
      'Analysis: out/meter',
      'Sources: src/camera, src/noise',
      'Transform: fx/blur, fx/zoom',
    ]);
  });

  it('lists every built-in node once, under its own category', () => {
    const groups = paletteGroups(builtInNodes, '');
    const entries = groups.flatMap((g) => g.entries);
    expect(entries).toHaveLength(builtInNodes.length);
    expect(new Set(entries)).toEqual(new Set(builtInNodes));
    for (const group of groups) for (const entry of group.entries) expect(entry.category).toBe(group.category);
    expect(new Set(groups.map((g) => g.category)).size).toBe(groups.length);
  });

  it('keeps every node type for an empty or blank query', () => {
    expect(shape(paletteGroups(definitions, '   \t'))).toEqual(shape(paletteGroups(definitions, '')));
  });

  it('filters by title, ignoring case', () => {
    expect(shape(paletteGroups(definitions, 'ZOO'))).toEqual(['Transform: fx/zoom']);
  });

  it('filters by type id', () => {
    expect(shape(paletteGroups(definitions, 'src/'))).toEqual(['Sources: src/camera, src/noise']);
    expect(shape(paletteGroups(builtInNodes, 'shift-blend'))).toEqual(['Transform: shift-blend']);
  });

  it('filters by description', () => {
    expect(shape(paletteGroups(definitions, 'grain'))).toEqual(['Sources: src/noise']);
    expect(shape(paletteGroups(definitions, 'centre'))).toEqual(['Transform: fx/zoom']);
  });

  it('filters by category', () => {
    expect(shape(paletteGroups(definitions, 'analysis'))).toEqual(['Analysis: out/meter']);
  });

  it('keeps only node types that contain every word of the query, in any field', () => {
    expect(shape(paletteGroups(definitions, 'sources seeded'))).toEqual(['Sources: src/noise']);
    expect(shape(paletteGroups(definitions, '  frame   zoom '))).toEqual(['Transform: fx/zoom']);
    expect(shape(paletteGroups(definitions, 'zoom blur'))).toEqual([]);
  });

  it('leaves out categories with no match rather than showing them empty', () => {
    const groups = paletteGroups(definitions, 'camera');
    expect(groups.map((g) => g.category)).toEqual(['Sources']);
    expect(paletteGroups(definitions, 'no such node')).toEqual([]);
  });

  it('leaves the list it is given in its original order', () => {
    const list = [...definitions];
    paletteGroups(list, '');
    expect(list).toEqual(definitions);
  });
});
