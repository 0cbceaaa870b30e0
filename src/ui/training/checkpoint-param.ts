import type { CheckpointInfo, ParamSchemas } from '../../core';
import type { EditorApp } from '../editor-app';
import { applyParam } from '../inspector/param-edit';

/**
 * The param naming the node's own weights: the `checkpoint` param whose checkpoints are of
 * the node's own type (a restoration node also has one naming the generator it learns from).
 */
export function checkpointParamOf(type: string, params: ParamSchemas): string | undefined {
  return Object.entries(params).find(([, schema]) => schema.kind === 'checkpoint' && schema.of === type)?.[0];
}

/**
 * Points the trained node's checkpoint param at `checkpoint`, as an undoable edit, so the
 * graph (saved, autosaved, shared) names the weights the node now has. Nothing happens when
 * the node is gone or already names it.
 */
export function pointAtCheckpoint(app: Pick<EditorApp, 'document' | 'registry'>, checkpoint: CheckpointInfo): void {
  const node = app.document.graph.nodes.find((n) => n.id === checkpoint.nodeId);
  const definition = node && app.registry.get(node.type);
  const param = definition && checkpointParamOf(definition.type, definition.params);
  if (param) applyParam(app, checkpoint.nodeId, param, checkpoint.sha256);
}
