/**
 * A seeded corpus of broken, odd and random graph files, for tests that must survive any
 * input: truncations, character edits, JSON-level mutations and plain noise. The same
 * seed always yields the same texts.
 */

export type FuzzKind = 'truncate' | 'edit-chars' | 'splice' | 'mutate-json' | 'random-text' | 'random-bytes' | 'random-json';

export interface FuzzCase { readonly kind: FuzzKind; readonly text: string }

/** Re-exported so tests share the app's one seeded PRNG. */
export { seededRandom as mulberry32 } from '../../src/core';
import { seededRandom } from '../../src/core';

class Rng {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = seededRandom(seed);
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
}

const WEIGHTS: readonly [FuzzKind, number][] = [
  ['truncate', 12], ['edit-chars', 18], ['splice', 5], ['mutate-json', 45],
  ['random-text', 8], ['random-bytes', 5], ['random-json', 7],
];

/** Yields `count` fuzz cases derived from `seedText` (ideally a valid graph file). */
export function* graphFuzzCorpus(seedText: string, seed: number, count: number): Generator<FuzzCase> {
  const rng = new Rng(seed);
  const total = WEIGHTS.reduce((sum, [, w]) => sum + w, 0);
  for (let i = 0; i < count; i++) {
    let roll = rng.int(total);
    const kind = WEIGHTS.find(([, w]) => (roll -= w) < 0)?.[0] ?? 'mutate-json';
    yield { kind, text: MAKERS[kind](seedText, rng) };
  }
}

const MAKERS: Readonly<Record<FuzzKind, (seedText: string, rng: Rng) => string>> = {
  truncate: (text, rng) => text.slice(0, rng.int(text.length)),
  'edit-chars': (text, rng) => {
    let out = text;
    for (let n = 1 + rng.int(5); n > 0; n--) {
      const at = rng.int(out.length + 1);
      const op = rng.int(3);
      const c = randomChar(rng);
      out = op === 0 ? out.slice(0, at) + c + out.slice(at) : out.slice(0, at) + (op === 1 ? '' : c) + out.slice(at + 1);
    }
    return out;
  },
  splice: (text, rng) => {
    const from = rng.int(text.length);
    const piece = text.slice(from, from + rng.int(200));
    const at = rng.int(text.length);
    return text.slice(0, at) + piece + text.slice(at + (rng.chance(0.5) ? piece.length : 0));
  },
  'mutate-json': mutateJson,
  'random-text': (_, rng) => {
    const length = rng.chance(0.1) ? rng.int(20_000) : rng.int(300);
    let out = '';
    for (let i = 0; i < length; i++) out += randomChar(rng);
    return out;
  },
  'random-bytes': (_, rng) => {
    const bytes = Uint8Array.from({ length: rng.int(2000) }, () => rng.int(256));
    return rng.chance(0.5) ? new TextDecoder().decode(bytes) : String.fromCharCode(...bytes);
  },
  'random-json': (_, rng) => {
    const value = randomJson(rng, 4);
    if (!rng.chance(0.5) || value === null || typeof value !== 'object' || Array.isArray(value)) return JSON.stringify(value);
    return JSON.stringify({ format: 'nfp-studio-graph', version: rng.pick([1, 1, 2, 0, '1']), ...value });
  },
};

const JSON_CHARS = '{}[]":,0123456789.-+eE truefalsnul\n\t\\/u';
const ODD_CHARS = ['\u0000', '\u001f', '\u007f', '\uFEFF', '\u2028', '\uD800', '\uDFFF', 'é', '✨', '𝄞', '"', '\\'];

function randomChar(rng: Rng): string {
  const roll = rng.int(10);
  if (roll < 6) return JSON_CHARS[rng.int(JSON_CHARS.length)] as string;
  if (roll < 9) return String.fromCharCode(32 + rng.int(95));
  return rng.pick(ODD_CHARS);
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Container = Json[] | { [key: string]: Json };

function randomJson(rng: Rng, depth: number): Json {
  const roll = rng.int(depth > 0 ? 7 : 5);
  switch (roll) {
    case 0: return null;
    case 1: return rng.chance(0.5);
    case 2: return rng.pick([0, -1, 1.5, 8, 4096, 1e308, -0, 2 ** 53, rng.next() * 1e6]);
    case 3: return rng.pick(['', 'x', 'nfp-studio-graph', 'test/blend', 'frame', '#ff8800', '__proto__', 'a'.repeat(300)]);
    case 4: return rng.int(1000).toString(36);
    case 5: return Array.from({ length: rng.int(4) }, () => randomJson(rng, depth - 1));
    default: {
      const out: Record<string, Json> = {};
      for (let n = rng.int(4); n > 0; n--) defineKey(out, rng.pick(['id', 'type', 'params', 'nodes', 'x', '__proto__', rng.int(99).toString()]), randomJson(rng, depth - 1));
      return out;
    }
  }
}

// Assignment to "__proto__" would set the prototype instead of adding a key.
function defineKey(target: Record<string, Json>, key: string, value: Json): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

interface Slot { readonly parent: Container; readonly key: string | number }

/** Every value in the tree by where it sits, and every container. */
function survey(root: Json): { slots: Slot[]; containers: Container[] } {
  const slots: Slot[] = [];
  const containers: Container[] = [];
  const visit = (value: Json): void => {
    if (value === null || typeof value !== 'object') return;
    containers.push(value);
    const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
    for (const key of keys) {
      slots.push({ parent: value, key });
      visit((value as Record<string | number, Json>)[key] as Json);
    }
  };
  visit(root);
  return { slots, containers };
}

const get = (slot: Slot): Json => (slot.parent as Record<string | number, Json>)[slot.key] as Json;
function set(slot: Slot, value: Json): void {
  if (Array.isArray(slot.parent)) slot.parent[slot.key as number] = value;
  else defineKey(slot.parent, slot.key as string, value);
}

const WEIRD_NUMBERS = ['1e999', '-1e999', 'NaN', 'Infinity', '-0', '1e-400', '9007199254740993', '0x1F', '1.7976931348623157e308', '-1', '0', '4097', '7', '1.5', '01', '.5', '+1'];
const ODD_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];
const RENAMES = ['colour', 'Id', 'ID', '', 'type ', 'x.y', 'nodes', '0'];

type Mutation = (root: Json, rng: Rng, raw: string[]) => void;

/** A marker string that `mutateJson` swaps for raw text after serialising (for tokens JSON.stringify cannot write). */
function rawMarker(raw: string[], text: string): string {
  raw.push(text);
  return `@@raw${raw.length - 1}@@`;
}

const MUTATIONS: readonly Mutation[] = [
  function deleteKey(root, rng) {
    const objects = survey(root).containers.filter((c) => !Array.isArray(c)) as Record<string, Json>[];
    const target = objects.length > 0 ? rng.pick(objects) : undefined;
    const keys = target ? Object.keys(target) : [];
    if (target && keys.length > 0) delete target[rng.pick(keys)];
  },
  function removeItem(root, rng) {
    const arrays = survey(root).containers.filter((c) => Array.isArray(c) && c.length > 0) as Json[][];
    if (arrays.length > 0) {
      const target = rng.pick(arrays);
      target.splice(rng.int(target.length), 1);
    }
  },
  function replaceValue(root, rng) {
    const { slots } = survey(root);
    if (slots.length === 0) return;
    const slot = rng.pick(slots);
    const before = typeof get(slot);
    let value = randomJson(rng, 2);
    for (let tries = 0; tries < 5 && typeof value === before; tries++) value = randomJson(rng, 2);
    set(slot, value);
  },
  function duplicateItem(root, rng) {
    const arrays = survey(root).containers.filter((c) => Array.isArray(c) && c.length > 0) as Json[][];
    if (arrays.length === 0) return;
    const target = rng.pick(arrays);
    target.splice(rng.int(target.length + 1), 0, structuredClone(rng.pick(target)));
  },
  function shuffleArray(root, rng) {
    const arrays = survey(root).containers.filter((c) => Array.isArray(c)) as Json[][];
    if (arrays.length === 0) return;
    const target = rng.pick(arrays);
    for (let i = target.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [target[i], target[j]] = [target[j] as Json, target[i] as Json];
    }
  },
  function weirdNumber(root, rng, raw) {
    const { slots } = survey(root);
    const numbers = slots.filter((s) => typeof get(s) === 'number');
    const pool = numbers.length > 0 && rng.chance(0.8) ? numbers : slots;
    if (pool.length > 0) set(rng.pick(pool), rawMarker(raw, rng.pick(WEIRD_NUMBERS)));
  },
  function deepNesting(root, rng, raw) {
    const { slots } = survey(root);
    if (slots.length === 0) return;
    const depth = rng.pick([10, 63, 64, 65, 200, 5000, 100_000]);
    const text = rng.chance(0.5) ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    set(rng.pick(slots), rawMarker(raw, text));
  },
  function longString(root, rng) {
    const { slots } = survey(root);
    const strings = slots.filter((s) => typeof get(s) === 'string');
    if (strings.length === 0) return;
    const length = rng.pick([201, 1001, 10_000, 200_000]);
    set(rng.pick(strings), rng.pick(['x', 'é', '✨', '\u0000']).repeat(length));
  },
  function oddKey(root, rng) {
    const objects = survey(root).containers.filter((c) => !Array.isArray(c)) as Record<string, Json>[];
    if (objects.length === 0) return;
    defineKey(rng.pick(objects), rng.pick(ODD_KEYS), rng.chance(0.5) ? { polluted: true } : randomJson(rng, 2));
  },
  function renameKey(root, rng) {
    const objects = survey(root).containers.filter((c) => !Array.isArray(c) && Object.keys(c).length > 0) as Record<string, Json>[];
    if (objects.length === 0) return;
    const target = rng.pick(objects);
    const key = rng.pick(Object.keys(target));
    const value = target[key] as Json;
    delete target[key];
    defineKey(target, rng.chance(0.7) ? rng.pick(RENAMES) : rng.int(1e6).toString(36), value);
  },
  function swapStrings(root, rng) {
    const strings = survey(root).slots.filter((s) => typeof get(s) === 'string');
    if (strings.length < 2) return;
    const a = rng.pick(strings);
    const b = rng.pick(strings);
    const value = get(a);
    set(a, get(b));
    set(b, value);
  },
  function nudgeNumber(root, rng) {
    const numbers = survey(root).slots.filter((s) => typeof get(s) === 'number');
    if (numbers.length > 0) set(rng.pick(numbers), rng.pick([0, 1, 2, 3, 4, -0.5, 0.5, 1.5, 240, 241, 8, 7]));
  },
  function reformat() {
    // Leaves the tree alone: only the indentation chosen below differs.
  },
];

function mutateJson(seedText: string, rng: Rng): string {
  let root: Json;
  try {
    root = JSON.parse(seedText) as Json;
  } catch {
    return MAKERS['edit-chars'](seedText, rng);
  }
  const raw: string[] = [];
  // Mostly a single mutation, so that a fair share of cases stays loadable and the loader's
  // success path (migration, defaults, canonical output) is fuzzed too.
  for (let n = rng.pick([1, 1, 1, 2, 3]); n > 0; n--) rng.pick(MUTATIONS)(root, rng, raw);
  let text = JSON.stringify(root, null, rng.pick([0, 2, 2, 2, '\t', 1]));
  raw.forEach((token, i) => {
    text = text.replaceAll(`"@@raw${i}@@"`, () => token);
  });
  return text;
}
