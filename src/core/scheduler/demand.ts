import type { PortRef } from '../graph/graph';
import type { PlannedInput, Plan, PlanStep } from './plan';

/** A node left idle this frame, and which input (the only kind that reads it) is not being read. */
export interface IdleNode { readonly reason: string }

interface Consumer { readonly step: PlanStep; readonly input: PlannedInput }

/** Each node's readers in a plan; built once per plan (`readersOf`), read every frame. */
export type Readers = ReadonlyMap<string, readonly Consumer[]>;

const NONE_IDLE: ReadonlyMap<string, IdleNode> = new Map();

/**
 * The nodes a frame can leave idle: every output of theirs goes only to inputs that are not read
 * this frame (`PortSpec.readWhen`: Feedback's seed, read while its loop input is empty), or
 * to nodes that are idle themselves. A Train Window or Video Source that only seeds a loop then
 * runs on frame 0 and after a reset, not on every frame.
 *
 * Everything else runs as before: a node with no consumers (a sink, or one whose outputs are not
 * wired yet), a node something `demanded` (the Viewer), and a node feeding a delayed input (the
 * next frame reads it).
 * @param hasCarried whether a delayed input holds a value carried from the previous frame.
 */
export function idleNodes(
  plan: Plan, readers: Readers | undefined, frame: number, hasCarried: (target: PortRef) => boolean, demanded: { has(id: string): boolean },
): ReadonlyMap<string, IdleNode> {
  if (!readers) return NONE_IDLE;
  const idle = new Map<string, IdleNode>();
  for (let i = plan.steps.length - 1; i >= 0; i--) {
    const id = plan.steps[i]!.node.id;
    const consumers = readers.get(id) ?? [];
    if (demanded.has(id) || consumers.length === 0) continue;
    if (consumers.some((reader) => !idle.has(reader.step.node.id) && readThisFrame(reader, frame, hasCarried))) continue;
    const waiting = consumers.find((reader) => !idle.has(reader.step.node.id));
    idle.set(id, { reason: waiting ? idleReason(waiting) : 'idle: only idle nodes read it this frame' });
  }
  return idle;
}

/** The plan's readers by producing node; undefined when no wired input has a `readWhen`, so no node can ever rest. */
export function readersOf(plan: Plan): Readers | undefined {
  if (!plan.steps.some((step) => step.inputs.some((input) => input.source && input.port.readWhen))) return undefined;
  const consumers = new Map<string, Consumer[]>();
  for (const step of plan.steps) {
    // A wired param reads its source every frame the node runs, like an input without `readWhen`.
    for (const input of [...step.inputs, ...step.paramWires]) {
      if (!input.source) continue;
      const list = consumers.get(input.source.node) ?? [];
      list.push({ step, input });
      consumers.set(input.source.node, list);
    }
  }
  return consumers;
}

function readThisFrame({ step, input }: Consumer, frame: number, hasCarried: (target: PortRef) => boolean): boolean {
  const rule = input.port.readWhen;
  if (input.port.delayed || !rule) return true;
  return rule.test({ frame, params: step.params, carried: (name) => hasCarried({ node: step.node.id, port: name }) });
}

function idleReason({ step, input }: Consumer): string {
  const label = step.definition.inputs.find((p) => p.name === input.port.name)?.label ?? input.port.name;
  return `idle: ${step.definition.title} reads its "${label}" input only ${input.port.readWhen?.description ?? 'on some frames'}`;
}
