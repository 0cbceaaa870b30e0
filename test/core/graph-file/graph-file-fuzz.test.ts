import { describe, expect, it } from 'vitest';
import type { GraphFileErrorCode } from '../../../src/core/graph-file';
import { GraphFileError, parseGraphFile, toGraphJson } from '../../../src/core/graph-file';
import type { FuzzKind } from '../../helpers/graph-fuzz';
import { graphFuzzCorpus } from '../../helpers/graph-fuzz';
import { sampleGraph, testRegistry } from './fixtures';

const CASES = 2400;

describe('parseGraphFile under fuzzing', () => {
  it('loads or rejects every mutated, truncated and random file without throwing', () => {
    const registry = testRegistry();
    const seedText = toGraphJson(sampleGraph());
    const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();
    const outcomes = { ok: 0, error: 0 };
    const byCode = new Map<GraphFileErrorCode, number>();
    const byKind = new Map<FuzzKind, number>();
    let count = 0;

    for (const { kind, text } of graphFuzzCorpus(seedText, 0x5eed, CASES)) {
      count++;
      byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
      const result = parseGraphFile(text, registry);
      if (result.ok) {
        outcomes.ok++;
        // Whatever loads must save canonically and load back to the same text.
        const saved = toGraphJson(result.graph);
        const again = parseGraphFile(saved, registry);
        expect(again.ok && toGraphJson(again.graph)).toBe(saved);
      } else {
        outcomes.error++;
        const { error } = result;
        expect(error).toBeInstanceOf(GraphFileError);
        expect(error.message.length).toBeGreaterThan(0);
        expect(error.problems.length).toBeGreaterThan(0);
        expect(error.code, error.message).not.toBe('internal');
        byCode.set(error.code, (byCode.get(error.code) ?? 0) + 1);
      }
    }

    expect(count).toBeGreaterThanOrEqual(2000);
    expect(outcomes.ok).toBeGreaterThanOrEqual(CASES * 0.1);
    expect(outcomes.error).toBeGreaterThanOrEqual(CASES * 0.3);
    expect(byCode.get('not-json')).toBeGreaterThan(100);
    expect(byCode.get('invalid')).toBeGreaterThan(100);
    expect(byKind.size).toBe(7);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('yields the same corpus for the same seed', () => {
    const seedText = toGraphJson(sampleGraph());
    const first = [...graphFuzzCorpus(seedText, 42, 50)];
    expect([...graphFuzzCorpus(seedText, 42, 50)]).toEqual(first);
  });
});
