import { describe, expect, it } from 'vitest';
import { defaultParams, paramValueProblem } from '../../../src/core';

describe('param schemas', () => {
  it('accepts values inside a number range and names the bound that is broken', () => {
    const schema = { kind: 'number', label: 'Mix', default: 0.5, min: 0, max: 1 } as const;
    expect(paramValueProblem(schema, 0.25)).toBeNull();
    expect(paramValueProblem(schema, 2)).toBe('must be ≤ 1');
    expect(paramValueProblem(schema, -1)).toBe('must be ≥ 0');
    expect(paramValueProblem(schema, Number.NaN)).toBe('expected a finite number');
    expect(paramValueProblem(schema, '0.5')).toBe('expected a finite number');
  });

  it('checks integers, seeds, enums, booleans, colours and strings', () => {
    expect(paramValueProblem({ kind: 'number', label: 'n', default: 1, integer: true }, 1.5)).toBe('expected an integer');
    expect(paramValueProblem({ kind: 'seed', label: 's', default: 1 }, -1)).toMatch(/integer seed/);
    expect(paramValueProblem({ kind: 'enum', label: 'e', default: 'a', options: ['a', 'b'] }, 'c')).toBe('expected one of "a", "b"');
    expect(paramValueProblem({ kind: 'boolean', label: 'b', default: true }, 1)).toBe('expected true or false');
    expect(paramValueProblem({ kind: 'color', label: 'c', default: '#000000' }, 'red')).toMatch(/colour/);
    expect(paramValueProblem({ kind: 'string', label: 't', default: '', maxLength: 2 }, 'abc')).toBe('longer than 2 characters');
  });

  it('takes a SHA-256 or nothing as a file reference', () => {
    const schema = { kind: 'asset', label: 'Clip', default: '', accept: 'video' } as const;
    expect(paramValueProblem(schema, '')).toBeNull();
    expect(paramValueProblem(schema, 'ab'.repeat(32))).toBeNull();
    expect(paramValueProblem(schema, 'clip.webm')).toMatch(/file reference/);
    expect(paramValueProblem(schema, 'AB'.repeat(32))).toMatch(/file reference/);
  });

  it('takes a SHA-256 or nothing as a checkpoint', () => {
    const schema = { kind: 'checkpoint', label: 'Weights', default: '', of: 'next-frame-generator' } as const;
    expect(paramValueProblem(schema, '')).toBeNull();
    expect(paramValueProblem(schema, 'cd'.repeat(32))).toBeNull();
    expect(paramValueProblem(schema, 'latest')).toMatch(/checkpoint hash/);
  });

  it('takes a dataset id or nothing as a dataset reference', () => {
    const schema = { kind: 'dataset', label: 'Dataset', default: '' } as const;
    expect(paramValueProblem(schema, '')).toBeNull();
    expect(paramValueProblem(schema, '0b6f3c1e-6a8f-4f8e-9a59-3c1d2e4f5a6b')).toBeNull();
    expect(paramValueProblem(schema, 'has spaces')).toMatch(/dataset id/);
    expect(paramValueProblem(schema, 'x'.repeat(129))).toMatch(/dataset id/);
    expect(paramValueProblem(schema, 42)).toMatch(/dataset id/);
  });

  it('builds default values from schemas', () => {
    expect(defaultParams({ a: { kind: 'number', label: 'A', default: 3 }, b: { kind: 'boolean', label: 'B', default: false } }))
      .toEqual({ a: 3, b: false });
  });
});
