import type { AssetKind } from './assets';
import { isAssetRef } from './assets';

/** Parameter schemas: each param of a node type declares its kind, default, range and label. */
export type ParamSchema =
  | { readonly kind: 'number'; readonly label: string; readonly default: number; readonly min?: number; readonly max?: number; readonly step?: number; readonly integer?: boolean; readonly unit?: string }
  | { readonly kind: 'enum'; readonly label: string; readonly default: string; readonly options: readonly string[] }
  | { readonly kind: 'boolean'; readonly label: string; readonly default: boolean }
  | { readonly kind: 'color'; readonly label: string; readonly default: string }
  | { readonly kind: 'string'; readonly label: string; readonly default: string; readonly maxLength?: number }
  | { readonly kind: 'seed'; readonly label: string; readonly default: number }
  /** A file the user picks or drops (a clip, an image…), kept in storage; the value is its SHA-256, '' for none. */
  | { readonly kind: 'asset'; readonly label: string; readonly default: ''; readonly accept: AssetKind }
  /** A stored frame dataset (see DatasetLibrary); the value is its id, '' for none. */
  | { readonly kind: 'dataset'; readonly label: string; readonly default: '' }
  /**
   * Stored weights (a training checkpoint or an imported model) by SHA-256, '' for none. `of`
   * names the node type whose checkpoints fit, so the inspector lists only those.
   */
  | { readonly kind: 'checkpoint'; readonly label: string; readonly default: ''; readonly of: string }
  /**
   * A tfjs model the user imported (model.json + weight files), stored content-addressed
   * like checkpoints; the value is its SHA-256, '' for none.
   */
  | { readonly kind: 'model'; readonly label: string; readonly default: '' };

export type ParamSchemas = Readonly<Record<string, ParamSchema>>;

type ValueOf<S extends ParamSchema> =
  S extends { kind: 'number' | 'seed' } ? number
  : S extends { kind: 'boolean' } ? boolean
  : string;

/** The param values a node's `process` receives, derived from its schemas. */
export type ParamValues<P extends ParamSchemas> = { readonly [K in keyof P]: ValueOf<P[K]> };

export const SEED_MAX = 2 ** 31 - 1;
const COLOR = /^#[0-9a-f]{6}$/i;
// Ids are UUIDs today; any short id of these characters is accepted so imported datasets may keep theirs.
const DATASET_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Returns why `value` is not valid for `schema`, or null when it is. */
export function paramValueProblem(schema: ParamSchema, value: unknown): string | null {
  switch (schema.kind) {
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'expected a finite number';
      if (schema.integer && !Number.isInteger(value)) return 'expected an integer';
      if (schema.min !== undefined && value < schema.min) return `must be ≥ ${schema.min}`;
      if (schema.max !== undefined && value > schema.max) return `must be ≤ ${schema.max}`;
      return null;
    }
    case 'seed':
      return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= SEED_MAX
        ? null : `expected an integer seed in 0…${SEED_MAX}`;
    case 'enum':
      return typeof value === 'string' && schema.options.includes(value)
        ? null : `expected one of ${schema.options.map((o) => JSON.stringify(o)).join(', ')}`;
    case 'boolean':
      return typeof value === 'boolean' ? null : 'expected true or false';
    case 'color':
      return typeof value === 'string' && COLOR.test(value) ? null : 'expected a colour like "#ff8800"';
    case 'string':
      if (typeof value !== 'string') return 'expected a string';
      return schema.maxLength !== undefined && value.length > schema.maxLength ? `longer than ${schema.maxLength} characters` : null;
    case 'asset':
      return typeof value === 'string' && (value === '' || isAssetRef(value)) ? null : 'expected a file reference (a SHA-256 in hex) or ""';
    case 'checkpoint':
      return typeof value === 'string' && (value === '' || isAssetRef(value)) ? null : 'expected a checkpoint hash (a SHA-256 in hex) or "" for none';
    case 'model':
      return typeof value === 'string' && (value === '' || isAssetRef(value)) ? null : 'expected a model hash (a SHA-256 in hex) or "" for none';
    case 'dataset':
      return typeof value === 'string' && (value === '' || DATASET_ID.test(value)) ? null : 'expected a dataset id or "" for none';
    default:
      return exhaustive(schema);
  }
}

export function defaultParams<P extends ParamSchemas>(schemas: P): ParamValues<P> {
  const out: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(schemas)) out[name] = schema.default;
  return out as ParamValues<P>;
}

/** Colour param value as RGB in [0, 1]. */
export function colorToRgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255];
}

function exhaustive(x: never): never {
  throw new Error(`unhandled param schema ${JSON.stringify(x)}`);
}
