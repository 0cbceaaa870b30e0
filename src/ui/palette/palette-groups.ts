import type { AnyNodeDefinition } from '../../core';

export interface PaletteGroup {
  readonly category: string;
  readonly entries: readonly AnyNodeDefinition[];
}

/**
 * Node types grouped by category (categories and titles in alphabetical order), keeping
 * those whose title, type id, category or description contains every word of `query`.
 */
export function paletteGroups(definitions: readonly AnyNodeDefinition[], query: string): PaletteGroup[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const groups = new Map<string, AnyNodeDefinition[]>();
  for (const definition of definitions) {
    const haystack = `${definition.title} ${definition.type} ${definition.category} ${definition.description ?? ''}`.toLowerCase();
    if (!words.every((word) => haystack.includes(word))) continue;
    const list = groups.get(definition.category) ?? [];
    list.push(definition);
    groups.set(definition.category, list);
  }
  return [...groups]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([category, entries]) => ({ category, entries: entries.sort((a, b) => a.title.localeCompare(b.title)) }));
}
