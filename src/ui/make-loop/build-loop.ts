import { addNode, connect, setParam } from '../../core';
import type { EditResult, Graph, NodeRegistry } from '../../core';
import type { LoopPlan, LoopPlanEnd, LoopRole } from './loop-kit';

/** The ids the plan's nodes got, by role. */
export type LoopNodeIds = Readonly<Partial<Record<LoopRole, string>>>;

/**
 * Adds a plan's nodes beside `sourceId` and wires them, as one edit: either the whole loop
 * lands in the graph or, when any node, param or wire is refused, none of it does (the
 * reason says which). The nodes are ordinary ones, placed from the source node rightwards, so
 * the user sees and edits them afterwards like any other.
 */
export function buildLoop(graph: Graph, registry: NodeRegistry, sourceId: string, plan: LoopPlan): EditResult<{ ids: LoopNodeIds }> {
  const source = graph.nodes.find((n) => n.id === sourceId);
  if (!source) return { ok: false, reason: 'the source node is no longer in the graph' };
  let next = graph;
  const ids: Partial<Record<LoopRole, string>> = {};
  for (const planned of plan.nodes) {
    const added = addNode(next, registry, planned.type, { x: source.position.x + planned.offset.x, y: source.position.y + planned.offset.y });
    if (!added.ok) return added;
    next = added.graph;
    ids[planned.role] = added.node.id;
    for (const [name, value] of Object.entries(planned.params)) {
      const set = setParam(next, registry, added.node.id, name, value);
      if (!set.ok) return { ok: false, reason: `${planned.type} ${name}: ${set.reason}` };
      next = set.graph;
    }
  }
  const idOf = (end: LoopPlanEnd) => (end.role === 'source' ? sourceId : ids[end.role]);
  for (const { from, to } of plan.edges) {
    const fromId = idOf(from);
    const toId = idOf(to);
    if (!fromId || !toId) return { ok: false, reason: `the plan wires a node it does not add (${from.role} → ${to.role})` };
    const wired = connect(next, registry, { node: fromId, port: from.port }, { node: toId, port: to.port });
    if (!wired.ok) return { ok: false, reason: `${from.role}.${from.port} → ${to.role}.${to.port}: ${wired.reason}` };
    next = wired.graph;
  }
  return { ok: true, graph: next, ids };
}
