import { describe, expect, it } from 'vitest';
import { toGraphJson } from '../../../src/core/graph-file';
import { findJsonSyntaxError } from '../../../src/core/graph-file/json-syntax';
import { graphFuzzCorpus } from '../../helpers/graph-fuzz';
import { sampleGraph } from './fixtures';

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('findJsonSyntaxError', () => {
  it('finds an error exactly when JSON.parse throws, over a fuzz corpus', () => {
    const disagreements: string[] = [];
    for (const { text } of graphFuzzCorpus(toGraphJson(sampleGraph()), 7, 2000)) {
      if ((findJsonSyntaxError(text) === null) !== parses(text)) disagreements.push(text.slice(0, 200));
    }
    expect(disagreements).toEqual([]);
  });

  it('agrees with JSON.parse on small tricky texts', () => {
    const texts = ['', ' ', '1', '-', '-0', '01', '1.', '.5', '1e', '1e+2', '"\\u12"', '"\\x"', '"a\tb"', '[1,]', '{"a":1,}', '{,}', '[]]', 'nul', 'true false', '"\uD800"', '{"a" 1}', '[1 2]', '\uFEFF{}'];
    for (const text of texts) expect(findJsonSyntaxError(text) === null, JSON.stringify(text)).toBe(parses(text));
  });

  it('gives the line and column of the first bad character', () => {
    expect(findJsonSyntaxError('{\n  "a": 1,\n  "b" 2\n}')).toEqual({ offset: 18, line: 3, column: 7, message: 'expected ":" after a property name, found "2"' });
  });

  it('survives nesting a million levels deep', () => {
    expect(findJsonSyntaxError(`${'['.repeat(1_000_000)}${']'.repeat(999_999)}`)?.message).toBe('unexpected end of file');
  });
});
