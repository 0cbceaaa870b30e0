import { SEED_MAX, setParam } from '../../core';
import type { JsonValue } from '../../core';
import type { EditorApp } from '../editor-app';

/**
 * Sets one param of one node as an undoable edit. Edits of the same param in quick
 * succession (a slider drag, typing digits) share a coalesce key, so they undo as one step.
 * Returns why the value was refused (the graph is then untouched), or null.
 */
export function applyParam(app: Pick<EditorApp, 'document' | 'registry'>, nodeId: string, name: string, value: JsonValue): string | null {
  const { document } = app;
  if (document.graph.nodes.find((n) => n.id === nodeId)?.params[name] === value) return null;
  const result = setParam(document.graph, app.registry, nodeId, name, value);
  if (!result.ok) return result.reason;
  document.apply(result.graph, 'params', `param:${nodeId}:${name}`);
  return null;
}

/** A seed drawn uniformly from every valid seed (0…SEED_MAX). */
export function randomSeed(random: () => number = Math.random): number {
  return Math.min(SEED_MAX, Math.floor(random() * (SEED_MAX + 1)));
}

/** `Gain: must be ≤ 2` shown next to the Gain field reads better without the label. */
export function withoutLabel(reason: string, label: string): string {
  return reason.startsWith(`${label}: `) ? reason.slice(label.length + 2) : reason;
}
