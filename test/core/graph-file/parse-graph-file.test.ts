import { describe, expect, it } from 'vitest';
import type { GraphLoadResult } from '../../../src/core/graph-file';
import { GraphFileError, MAX_GRAPH_FILE_BYTES, parseGraphFile, toGraphJson } from '../../../src/core/graph-file';
import { readHeader } from '../../../src/core/graph-file/format-version';
import { sampleFile, sampleGraph, testRegistry } from './fixtures';

type SampleFile = ReturnType<typeof sampleFile>;

function load(text: string): GraphLoadResult {
  return parseGraphFile(text, testRegistry());
}

/** Loads the sample file after `edit`, expecting failure; returns the error. */
function rejectEdited(edit: (file: SampleFile) => void): GraphFileError {
  const file = sampleFile();
  edit(file);
  return rejected(JSON.stringify(file, null, 2));
}

function rejected(text: string): GraphFileError {
  const result = load(text);
  if (result.ok) throw new Error('expected the file to be rejected');
  expect(result.error).toBeInstanceOf(GraphFileError);
  return result.error;
}

const node = (file: SampleFile, i: number): Record<string, unknown> => file.nodes[i] as Record<string, unknown>;

describe('parseGraphFile: loading', () => {
  it('loads a valid file with one warning for its placeholder node', () => {
    const result = load(toGraphJson(sampleGraph()));
    expect(result).toMatchObject({ ok: true, warnings: ['node "kal" has unknown type "plugin-x/kaleidoscope": kept as a placeholder'] });
  });

  it('fills missing params with their defaults and warns', () => {
    const file = sampleFile();
    node(file, 2).params = { mode: 'add' };
    const result = load(JSON.stringify(file));
    if (!result.ok) throw result.error;
    expect(result.graph.nodes[2]?.params).toEqual({ mode: 'add', amount: 0.5, tint: '#ffffff' });
    expect(result.warnings).toContain('node "bl" of type "test/blend" had no value for "amount", "tint": set to the default');
  });

  it('accepts a file that starts with a byte-order mark', () => {
    expect(load(`\uFEFF${toGraphJson(sampleGraph())}`).ok).toBe(true);
  });

  it('returns plain objects that a second load does not share', () => {
    const text = toGraphJson(sampleGraph());
    const [a, b] = [load(text), load(text)];
    if (!a.ok || !b.ok) throw new Error('expected both loads to succeed');
    expect(a.graph.nodes[5]?.data).not.toBe(b.graph.nodes[5]?.data);
    expect(Object.getPrototypeOf(a.graph.nodes[5]?.params)).toBe(Object.prototype);
    expect(structuredClone(a.graph)).toEqual(a.graph);
  });
});

describe('parseGraphFile: rejections', () => {
  it('rejects text that is not JSON, naming the line and column', () => {
    const error = rejected('{\n  "format": "nfp-studio-graph",\n  "name": }');
    expect(error.code).toBe('not-json');
    expect(error.message).toBe('Graph file is not valid JSON: unexpected "}" at line 3, column 11');
  });

  it('rejects a truncated file as ending too early', () => {
    const text = toGraphJson(sampleGraph());
    expect(rejected(text.slice(0, 100)).message).toMatch(/^Graph file is not valid JSON: (unexpected end of file|unterminated string) at line \d+, column \d+$/);
  });

  it('rejects a JSON file that is not a graph file', () => {
    const error = rejected('{"name":"x","version":"1.0.0"}');
    expect(error.code).toBe('not-a-graph');
    expect(error.message).toBe('This is not an NFP Studio graph file: format: is missing (expected "nfp-studio-graph")');
  });

  it('rejects a JSON array as not a graph file', () => {
    expect(rejected('[1, 2]').message).toBe('This is not an NFP Studio graph file: expected a JSON object with "format": "nfp-studio-graph", found an array');
  });

  it('rejects a file from a newer format version', () => {
    const error = rejectEdited((f) => (f.version = 4));
    expect(error.code).toBe('newer-format');
    expect(error.message).toBe('Graph file was made by a newer version of the app: version: format version 4; this app reads versions up to 3. Update the app to open it');
  });

  it('rejects a value of the wrong type at its path', () => {
    const error = rejectEdited((f) => ((node(f, 1).position as Record<string, unknown>).x = '10'));
    expect(error.message).toBe('Graph file is invalid: nodes[1].position.x: expected a finite number, found "10"');
  });

  it('rejects a missing key at its path', () => {
    const error = rejectEdited((f) => delete f.edges[3]?.id);
    expect(error.message).toBe('Graph file is invalid: edges[3].id: is required');
  });

  it('rejects an unknown key at its path', () => {
    const error = rejectEdited((f) => {
      node(f, 0).colour = 'red';
      f.extra = true;
    });
    expect(error.problems).toEqual([{ path: 'nodes[0].colour', message: 'unknown key' }, { path: 'extra', message: 'unknown key' }]);
  });

  it('rejects a "__proto__" key where none belongs', () => {
    const error = rejected(toGraphJson(sampleGraph()).replace('"name":', '"__proto__": {"polluted": true}, "name":'));
    expect(error.message).toBe('Graph file is invalid: __proto__: unknown key');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects settings out of range and a malformed sha-256', () => {
    const error = rejectEdited((f) => {
      (f.settings as Record<string, unknown>).width = 4097;
      (f.models as Record<string, unknown>[])[0]!.sha256 = 'ABC';
    });
    expect(error.message).toBe('Graph file is invalid: settings.width: must be ≤ 4096; models[0].sha256: expected a sha-256: 64 lowercase hex digits');
  });

  it('rejects data nested deeper than 64 levels without overflowing the stack', () => {
    const error = rejected(toGraphJson(sampleGraph()).replace('"pinned": true', `"pinned": ${'['.repeat(100_000)}${']'.repeat(100_000)}`));
    expect(error.message).toBe('Graph file is invalid: nodes[2].data: nested deeper than 64 levels');
  });

  it('rejects a number too large to be finite', () => {
    const error = rejected(toGraphJson(sampleGraph()).replace('"speed": 2', '"speed": 1e999'));
    expect(error.message).toBe('Graph file is invalid: nodes[0].params.speed: expected a finite number, got Infinity');
  });

  it('rejects an edge from a node that does not exist', () => {
    const error = rejectEdited((f) => ((f.edges[0] as { from: { node: string } }).from.node = 'ghost'));
    expect(error.message).toBe('Graph file is invalid: edges[0].from: no node with id "ghost"');
  });

  it('rejects an edge between ports of different types', () => {
    const error = rejectEdited((f) => (f.edges[0]!.from = { node: 'cnt', port: 'value' }));
    expect(error.message).toBe('Graph file is invalid: edges[0]: cannot connect a number output to a frame input ("value" → "a")');
  });

  it('rejects two edges into one input', () => {
    const error = rejectEdited((f) => (f.edges[1]!.to = { node: 'bl', port: 'a' }));
    expect(error.message).toBe('Graph file is invalid: edges[1].to: input "a" of node "bl" already has an edge (edges[0])');
  });

  it('rejects a param value outside its range', () => {
    const error = rejectEdited((f) => ((node(f, 2).params as Record<string, unknown>).amount = 2));
    expect(error.message).toBe('Graph file is invalid: nodes[2].params.amount: Amount: must be ≤ 1');
  });

  it('rejects a param named after an Object.prototype member as unknown', () => {
    const error = rejected(toGraphJson(sampleGraph()).replace('"speed": 2', '"speed": 2, "constructor": 1, "__proto__": {}'));
    expect(error.problems.map((p) => p.path)).toEqual(['nodes[0].params.constructor', 'nodes[0].params.__proto__']);
  });

  it('rejects duplicate node, edge and model ids', () => {
    const error = rejectEdited((f) => {
      node(f, 1).id = 'src';
      f.edges[2]!.id = 'e1';
      f.models = [...(f.models as unknown[]), ...(f.models as unknown[])];
    });
    expect(error.problems).toEqual(expect.arrayContaining([
      { path: 'nodes[1].id', message: 'duplicate node id "src"' },
      { path: 'edges[2].id', message: 'duplicate edge id "e1"' },
      { path: 'models[1].id', message: 'duplicate model id "style"' },
    ]));
  });

  it('names five problems in its message and counts the rest', () => {
    const error = rejectEdited((f) => f.nodes.forEach((n) => (n.position = { x: 'left', y: 0 })));
    expect(error.problems).toHaveLength(6);
    expect(error.message).toMatch(/^Graph file is invalid: nodes\[0\]\.position\.x: .*; nodes\[4\]\.position\.x: expected a finite number, found "left"; and 1 more$/);
  });

  it('rejects a file over the size limit before parsing it', () => {
    const error = rejected(' '.repeat(MAX_GRAPH_FILE_BYTES + 1));
    expect(error.code).toBe('too-large');
    expect(error.message).toBe('Graph file is too large: 20.1 MB; the limit is 20 MB');
  });
});

describe('readHeader', () => {
  it('brings an older format version forward through the keyed migration table', () => {
    const migrations = { 2: (doc: Record<string, unknown>) => ({ ...doc, title: doc.name }) };
    const result = readHeader({ format: 'nfp-studio-graph', version: 1, name: 'x' }, { version: 2, migrations });
    expect(result).toEqual({ ok: true, doc: { format: 'nfp-studio-graph', version: 2, name: 'x', title: 'x' } });
  });

  it('refuses an older format version with no migration step', () => {
    const result = readHeader({ format: 'nfp-studio-graph', version: 1 }, { version: 2, migrations: {} });
    expect(result.ok ? '' : result.error.message).toBe('Graph file is invalid: version: no migration from format version 1 to 2');
  });
});
