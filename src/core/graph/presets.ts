import type { JsonValue } from './graph';
import type { ParamSchemas, ParamValues } from './params';
import { defaultParams, paramValueProblem } from './params';

/**
 * Named sets of param values a node offers in one enum param (a "recipe", a "look"), declared
 * on its definition. Choosing a name sets every param the preset gives a value; editing one of
 * those params by hand makes the enum name the preset the values now match, else `custom`.
 * `setParam` does both for any node type, so the UI needs no per-node code.
 *
 * @example
 * presets: { param: 'recipe', custom: 'Custom', values: { Fast: { steps: 200 }, Careful: { steps: 5000 } } }
 */
export interface ParamPresets<P extends ParamSchemas = ParamSchemas> {
  /** The enum param naming the preset; its options are the presets' names and `custom`. */
  readonly param: keyof P & string;
  /** The option meaning "values set by hand": choosing it changes nothing else. */
  readonly custom: string;
  /** Each preset's values, by name, in the order the enum lists them. */
  readonly values: Readonly<Record<string, Partial<ParamValues<P>>>>;
}

/** The widened form registries and `setParam` read. */
type AnyPresets = ParamPresets<ParamSchemas>;

/**
 * The name of the first preset whose every value equals the param's in `params`, else `custom`.
 *
 * @example
 * presetOf(presets, { steps: 200 }); // 'Fast'
 */
export function presetOf(presets: Pick<AnyPresets, 'custom' | 'values'>, params: Readonly<Record<string, unknown>>): string {
  const matches = ([name, values]: [string, object]) => Object.entries(values).every(([param, value]) => Object.hasOwn(params, param) && params[param] === value);
  return Object.entries(presets.values).find(matches)?.[0] ?? presets.custom;
}

/** Every param some preset gives a value: the ones a hand edit may take away from a preset. */
export function governedParams(presets: AnyPresets): Set<string> {
  return new Set(Object.values(presets.values).flatMap((values) => Object.keys(values)));
}

/**
 * `params` after setting `name` to `value`, with what the presets imply: choosing a preset
 * sets its values as well; a governed param set by hand renames the preset to what the
 * values now match. The caller has checked `value` against the param's schema.
 */
export function withPresets(presets: AnyPresets | undefined, params: Readonly<Record<string, JsonValue>>, name: string, value: JsonValue): Record<string, JsonValue> {
  const next: Record<string, JsonValue> = { ...params, [name]: value };
  if (!presets) return next;
  if (name === presets.param) {
    const values = typeof value === 'string' && Object.hasOwn(presets.values, value) ? presets.values[value] : undefined;
    return values ? { ...next, ...(values as Record<string, JsonValue>) } : next;
  }
  return governedParams(presets).has(name) ? { ...next, [presets.param]: presetOf(presets, next) } : next;
}

/**
 * Why a definition's presets are malformed, or null: the enum must list exactly the presets and
 * `custom`, each value must suit its param, and the enum's default must name the preset the
 * other defaults match (so a table change moves the defaults with it, or fails here).
 */
export function presetsProblem(presets: AnyPresets, params: ParamSchemas): string | null {
  const schema = Object.hasOwn(params, presets.param) ? params[presets.param] : undefined;
  if (schema?.kind !== 'enum') return `presets name "${presets.param}", which is not an enum param`;
  const names = Object.keys(presets.values);
  if (names.includes(presets.custom)) return `preset "${presets.custom}" has the name of the custom option`;
  const expected = [...names, presets.custom];
  if (expected.length !== schema.options.length || expected.some((name) => !schema.options.includes(name))) {
    return `the options of param "${presets.param}" must be the presets and "${presets.custom}": ${expected.map((n) => JSON.stringify(n)).join(', ')}`;
  }
  for (const [name, values] of Object.entries(presets.values)) {
    for (const [param, value] of Object.entries(values)) {
      const governed = Object.hasOwn(params, param) && param !== presets.param ? params[param] : undefined;
      if (!governed) return `preset "${name}" sets "${param}", which is not one of the node's other params`;
      const problem = paramValueProblem(governed, value);
      if (problem) return `preset "${name}" sets "${param}" to ${JSON.stringify(value)}: ${problem}`;
    }
  }
  const matched = presetOf(presets, defaultParams(params));
  if (schema.default !== matched) return `param "${presets.param}" defaults to "${schema.default}", but the other defaults match "${matched}"`;
  return null;
}
