import type { PortRef } from '../graph/graph';
import type { AnyNodeDefinition } from '../graph/node-definition';
import type { ParamSchemas } from '../graph/params';
import type { NumberParamSchema } from '../graph/param-ports';
import { paramPort, paramPortSpec } from '../graph/param-ports';
import type { PortSpec, PortValue } from '../graph/ports';
import type { LiveParam, LiveParams, SchedulerEvent } from './events';

/**
 * An edge into a number param (`param:<name>`). Shaped like a planned input (`port`, `source`),
 * so the demand walk counts the wire's source as read by this node (scheduler/demand.ts).
 */
export interface ParamWire {
  readonly param: string;
  readonly schema: NumberParamSchema;
  /** The optional number port `param:<name>` the wire arrives at. */
  readonly port: PortSpec;
  readonly source: PortRef;
}

/**
 * The wires into a definition's number params, in the order the schema lists them.
 * `sourceOf` finds the output feeding one of the node's ports, if any.
 */
export function paramWiresOf(definition: AnyNodeDefinition, sourceOf: (port: string) => PortRef | undefined): ParamWire[] {
  const wires: ParamWire[] = [];
  for (const [param, schema] of Object.entries(definition.params as ParamSchemas)) {
    if (schema.kind !== 'number') continue;
    const source = sourceOf(paramPort(param));
    if (source) wires.push({ param, schema, port: paramPortSpec(param, schema), source });
  }
  return wires;
}

/**
 * What a wired param takes this frame: the wire's number rounded (integer params) and clamped
 * to the schema's range; the hand-set value when the wire carried no finite number, so a NaN
 * from a Math node never reaches `process`.
 * @example wiredValue({ kind: 'number', label: 'Gain', default: 1, min: 0, max: 2 }, 5, 1) // { value: 2, received: 5, clamped: 'max' }
 */
export function wiredValue(schema: NumberParamSchema, received: PortValue | undefined, hand: unknown): LiveParam {
  const handValue = typeof hand === 'number' ? hand : schema.default;
  if (typeof received !== 'number' || !Number.isFinite(received)) {
    return { value: handValue, received: typeof received === 'number' ? received : Number.NaN, fallback: true };
  }
  const value = schema.integer ? Math.round(received) : received;
  if (schema.min !== undefined && value < schema.min) return { value: schema.min, received, clamped: 'min' };
  if (schema.max !== undefined && value > schema.max) return { value: schema.max, received, clamped: 'max' };
  return { value, received };
}

/**
 * The live values of every wired param, by node: what `process` got on the node's last run.
 * The frame runner resolves a node's params through it just before `process`, so a wired param
 * changes per frame without the node being re-created (its state and weights stay).
 */
export class LiveParamValues {
  readonly #live = new Map<string, LiveParams>();

  constructor(private readonly emit: (event: SchedulerEvent) => void) {}

  /**
   * The params `process` gets this frame: the hand-set ones with each wired one replaced.
   * `read` gives an output's value this frame. Emits `paramsresolved` when a value changed.
   */
  resolve(
    nodeId: string, params: Readonly<Record<string, unknown>>, wires: readonly ParamWire[], read: (source: PortRef) => PortValue | undefined,
  ): Readonly<Record<string, unknown>> {
    if (wires.length === 0) return params;
    const live: Record<string, LiveParam> = {};
    const resolved: Record<string, unknown> = { ...params };
    for (const wire of wires) {
      const value = wiredValue(wire.schema, read(wire.source), params[wire.param]);
      live[wire.param] = value;
      resolved[wire.param] = value.value;
    }
    if (!sameValues(this.#live.get(nodeId), live)) {
      this.#live.set(nodeId, live);
      this.emit({ type: 'paramsresolved', nodeId, params: live });
    }
    return resolved;
  }

  /**
   * The params as the node's last run saw them, for `prepare` (which runs before this frame's
   * wires have values) and for a training job started between frames; the hand-set ones before
   * the first run.
   */
  latest(nodeId: string, params: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
    const live = this.#live.get(nodeId);
    if (!live) return params;
    const resolved: Record<string, unknown> = { ...params };
    for (const [name, value] of Object.entries(live)) resolved[name] = value.value;
    return resolved;
  }

  get(nodeId: string): LiveParams | undefined {
    return this.#live.get(nodeId);
  }

  /** Forgets the params a new plan no longer wires: an unwired param is back to its hand value. */
  retain(steps: readonly { readonly node: { readonly id: string }; readonly paramWires: readonly ParamWire[] }[]): void {
    const wired = new Map(steps.map((step) => [step.node.id, new Set(step.paramWires.map((w) => w.param))]));
    for (const [nodeId, live] of [...this.#live]) {
      const still = wired.get(nodeId);
      const kept = Object.entries(live).filter(([name]) => still?.has(name));
      if (kept.length === 0) this.#live.delete(nodeId);
      else if (kept.length < Object.keys(live).length) this.#live.set(nodeId, Object.fromEntries(kept));
    }
  }

  clear(): void {
    this.#live.clear();
  }
}

function sameValues(a: LiveParams | undefined, b: LiveParams): boolean {
  if (!a) return false;
  const names = Object.keys(b);
  if (Object.keys(a).length !== names.length) return false;
  return names.every((name) => {
    const x = a[name];
    const y = b[name]!;
    return x !== undefined && Object.is(x.value, y.value) && Object.is(x.received, y.received) && x.clamped === y.clamped && x.fallback === y.fallback;
  });
}
