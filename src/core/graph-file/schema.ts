import * as z from 'zod';
import type { GraphProblem } from '../graph/check';
import { describeJson } from './describe-value';
import { GRAPH_FORMAT, GRAPH_FORMAT_VERSION } from './format-version';
import type { PathSegment } from './json-path';
import { formatPath, valueAt } from './json-path';
import { jsonValueProblem } from './json-value';
import { PORT_TYPES } from '../graph/ports';
import { PARAM_PORT_PREFIX, paramOfPort } from '../graph/param-ports';

export const MAX_ID_LENGTH = 200;
/** For names and labels people type: generous, but bounded so a typo cannot paste a novel. */
export const MAX_TEXT_LENGTH = 1000;
const SHA256 = /^[0-9a-f]{64}$/;

const id = z.string().min(1).max(MAX_ID_LENGTH);
const text = z.string().max(MAX_TEXT_LENGTH);
const sha256 = z.string().regex(SHA256, { error: 'expected a sha-256: 64 lowercase hex digits' });
const frameSide = z.int().min(8).max(4096);

// zod skips `"__proto__"` keys of records, so param and data values are walked by hand:
// every own key is checked, whatever its name.
const jsonValue = z.unknown().superRefine((value, ctx) => {
  const problem = jsonValueProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem.message, path: [...problem.path] });
});

const params = z.unknown().superRefine((value, ctx) => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    ctx.addIssue({ code: 'custom', message: value === undefined ? 'is required' : `expected an object of params by name, found ${describeJson(value)}` });
    return;
  }
  for (const [name, item] of Object.entries(value)) {
    const problem = jsonValueProblem(item);
    if (problem) ctx.addIssue({ code: 'custom', message: problem.message, path: [name, ...problem.path] });
  }
});

const portRef = z.strictObject({ node: id, port: id });

const node = z.strictObject({
  id,
  type: id,
  typeVersion: z.int().min(1),
  label: text.optional(),
  params,
  position: z.strictObject({ x: z.number(), y: z.number() }),
  data: jsonValue.optional(),
});

// An edge's target is an input, or a number param as "param:<name>" (format version 3); which
// params take a wire is checkGraph's to say, as it knows the node types.
const targetRef = z.strictObject({
  node: id, port: id.refine((port) => port !== PARAM_PORT_PREFIX, `expected a parameter name after "${PARAM_PORT_PREFIX}"`),
});

const edge = z.strictObject({ id, from: portRef, to: targetRef });

const model = z.strictObject({ id, sha256, name: text, bytes: z.int().min(0) });

const portSpec = z.strictObject({
  name: id, type: z.enum(PORT_TYPES as [string, ...string[]]), label: text.optional(), optional: z.boolean().optional(), delayed: z.boolean().optional(),
});

const label = text;
const paramSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('number'), label, default: z.number(), min: z.number().optional(), max: z.number().optional(),
    step: z.number().optional(), integer: z.boolean().optional(), unit: text.optional(),
  }),
  z.strictObject({ kind: z.literal('enum'), label, default: text, options: z.array(text).min(1) }),
  z.strictObject({ kind: z.literal('boolean'), label, default: z.boolean() }),
  z.strictObject({ kind: z.literal('color'), label, default: text }),
  z.strictObject({ kind: z.literal('string'), label, default: z.string(), maxLength: z.int().min(0).optional() }),
  z.strictObject({ kind: z.literal('seed'), label, default: z.int() }),
  z.strictObject({ kind: z.literal('asset'), label, default: z.literal(''), accept: text }),
  z.strictObject({ kind: z.literal('dataset'), label, default: z.literal('') }),
  z.strictObject({ kind: z.literal('checkpoint'), label, default: z.literal(''), of: text }),
  z.strictObject({ kind: z.literal('model'), label, default: z.literal('') }),
]);

/** A plugin node type's stored schema (format version 2): enough to draw and keep a placeholder. */
const inputSpec = portSpec.refine((port) => paramOfPort(port.name) === undefined, {
  error: `an input name may not start with "${PARAM_PORT_PREFIX}", which addresses wired params`, path: ['name'],
});

const pluginNodeType = z.strictObject({
  type: id, version: z.int().min(1), title: text, category: text,
  inputs: z.array(inputSpec), outputs: z.array(portSpec), params: z.record(id, paramSchema),
});

const plugin = z.strictObject({ id, version: id, sha256, nodeTypes: z.array(pluginNodeType).optional() });

/** The shape of a current-version graph file. Values inside params and data are plain JSON. */
export const graphFileSchema = z.strictObject({
  format: z.literal(GRAPH_FORMAT),
  version: z.literal(GRAPH_FORMAT_VERSION),
  name: text,
  settings: z.strictObject({ width: frameSide, height: frameSide, fps: z.number().min(1).max(240) }),
  nodes: z.array(node),
  edges: z.array(edge),
  models: z.array(model),
  plugins: z.array(plugin),
});

export type GraphFileData = z.infer<typeof graphFileSchema>;

/** Structural problems with `doc`, located by JSON path; empty when it fits the schema. */
export function structuralProblems(doc: unknown): GraphProblem[] {
  const result = graphFileSchema.safeParse(doc);
  return result.success ? [] : result.error.issues.flatMap((issue) => issueToProblems(issue, doc));
}

function issueToProblems(issue: z.core.$ZodIssue, doc: unknown): GraphProblem[] {
  const segments = issue.path.filter((s): s is PathSegment => typeof s !== 'symbol');
  const path = formatPath(segments);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({ path: formatPath([...segments, key]), message: 'unknown key' }));
    case 'invalid_type': {
      const value = valueAt(doc, segments);
      const message = value === undefined ? 'is required' : `expected ${TYPE_NAMES[issue.expected] ?? issue.expected}, found ${describeJson(value)}`;
      return [{ path, message }];
    }
    case 'too_small':
      return [{ path, message: boundMessage(issue.origin, 'min', issue.minimum, issue.inclusive ?? true) }];
    case 'too_big':
      return [{ path, message: boundMessage(issue.origin, 'max', issue.maximum, issue.inclusive ?? true) }];
    case 'invalid_value':
      return [{ path, message: `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, found ${describeJson(valueAt(doc, segments))}` }];
    default:
      return [{ path, message: issue.message }];
  }
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a finite number',
  int: 'an integer',
  object: 'an object',
  array: 'an array',
  boolean: 'true or false',
};

function boundMessage(origin: string, side: 'min' | 'max', bound: number | bigint, inclusive: boolean): string {
  if (origin === 'string') {
    if (side === 'min' && bound === 1) return 'must not be empty';
    return `must be ${side === 'min' ? 'at least' : 'at most'} ${bound} characters long`;
  }
  if (origin === 'array') return `must have ${side === 'min' ? 'at least' : 'at most'} ${bound} items`;
  const op = side === 'min' ? (inclusive ? '≥' : '>') : (inclusive ? '≤' : '<');
  return `must be ${op} ${bound}`;
}
