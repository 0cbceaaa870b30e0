import type { LiveParam, NumberParamSchema } from '../core';

/**
 * A wired param's live value as the card and the inspector show it: three significant digits,
 * whole numbers from 100 up (a value that moves every frame must stay readable).
 * @example liveNumber(1.03456) // '1.03'
 */
export function liveNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 100) return value.toFixed(0);
  return String(Number(value.toPrecision(3)));
}

/**
 * Why the live value differs from what the wire carried, or undefined when it does not:
 * "clamped to ≤ 2 (wire: 3.5)", "wire carried NaN: hand value used".
 */
export function liveNote(live: LiveParam, schema: Pick<NumberParamSchema, 'min' | 'max'>): string | undefined {
  if (live.fallback) return `wire carried ${Number.isNaN(live.received) ? 'no number' : liveNumber(live.received)}: hand value used`;
  if (live.clamped === 'max') return `clamped to ≤ ${schema.max} (wire: ${liveNumber(live.received)})`;
  if (live.clamped === 'min') return `clamped to ≥ ${schema.min} (wire: ${liveNumber(live.received)})`;
  return undefined;
}
