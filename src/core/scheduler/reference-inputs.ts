import type { PortValue } from '../graph/ports';
import { isImagePort } from '../graph/ports';
import type { PlanStep } from './plan';
import { portKey } from './plan';

/**
 * A node's non-frame inputs (datasets, models, numbers) this frame: what a training job
 * started now should use. Undefined for the many nodes that take frames only, so they
 * allocate nothing per frame.
 */
export function referenceInputs(step: PlanStep, values: ReadonlyMap<string, PortValue>): Record<string, PortValue> | undefined {
  if (!step.inputs.some((i) => i.source && !isImagePort(i.port.type))) return undefined;
  const references: Record<string, PortValue> = {};
  for (const input of step.inputs) {
    if (!input.source || isImagePort(input.port.type) || input.port.delayed) continue;
    const value = values.get(portKey(input.source));
    if (value !== undefined) references[input.port.name] = value;
  }
  return references;
}
