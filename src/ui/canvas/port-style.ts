import type { PortType } from '../../core';

/** A socket whose port type is unknown: the ports of a node whose plugin is missing. */
export type SocketType = PortType | 'unknown';

/**
 * One colour per port type, used for sockets, edges and the legend. Amber is kept for
 * feedback edges (the theme accent), so no port type uses it.
 */
export const PORT_COLORS: Readonly<Record<SocketType, string>> = {
  frame: '#5fb0ff',
  image: '#3fd0e0',
  number: '#b48cff',
  model: '#45cfa0',
  dataset: '#ff7aa8',
  unknown: '#6b717c',
};

export const PORT_TYPE_NAMES: Readonly<Record<SocketType, string>> = {
  frame: 'Frame',
  image: 'Image (any size)',
  number: 'Number',
  model: 'Model',
  dataset: 'Dataset',
  unknown: 'Unknown',
};

const CATEGORY_COLORS: Readonly<Record<string, string>> = {
  sources: '#57b36a',
  loop: '#e0a43a',
  transform: '#5a8fd6',
  models: '#b48cff',
  model: '#b48cff',
  training: '#d46fc0',
  output: '#c678dd',
};

const FALLBACK = ['#4fb3b3', '#c9a24a', '#8e9de0', '#d48a5a', '#7fb85a', '#c57aa0'];

/** A stable colour for a node category: known ones by name, others by a hash of it. */
export function categoryColor(category: string): string {
  const known = CATEGORY_COLORS[category.toLowerCase()];
  if (known) return known;
  let hash = 0;
  for (const char of category) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return FALLBACK[hash % FALLBACK.length]!;
}
