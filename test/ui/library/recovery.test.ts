import { describe, expect, it } from 'vitest';
import { UNSAVED_DRAFT } from '../../../src/core';
import { decideStartup, draftHoldsWork, staleDrafts } from '../../../src/ui/library/recovery';
import type { DraftCandidate } from '../../../src/ui/library/recovery';

const startJson = '{"demo":true}';
const draft = (key: string, savedAt: number, json: string, headJson?: string): DraftCandidate => ({ key, savedAt, json, headJson });

describe('draftHoldsWork', () => {
  it('is true for a library draft that differs from its head', () => {
    expect(draftHoldsWork(draft('g1', 1, '{"a":2}', '{"a":1}'), startJson)).toBe(true);
  });

  it('is false for a library draft equal to its head (saved after the draft was written)', () => {
    expect(draftHoldsWork(draft('g1', 1, '{"a":1}', '{"a":1}'), startJson)).toBe(false);
  });

  it('is false for the draft of a graph deleted since', () => {
    expect(draftHoldsWork(draft('gone', 1, '{"a":2}', undefined), startJson)).toBe(false);
  });

  it('is true for an unsaved draft unless it equals the start graph', () => {
    expect(draftHoldsWork(draft(UNSAVED_DRAFT, 1, '{"b":1}'), startJson)).toBe(true);
    expect(draftHoldsWork(draft(UNSAVED_DRAFT, 1, startJson), startJson)).toBe(false);
  });
});

describe('decideStartup', () => {
  it('recovers the newest draft that holds work', () => {
    const older = draft('g1', 100, '{"a":2}', '{"a":1}');
    const newer = draft(UNSAVED_DRAFT, 200, '{"b":1}');
    const newestButClean = draft('g2', 300, '{"c":1}', '{"c":1}');
    const action = decideStartup({ drafts: [older, newestButClean, newer], lastOpenedId: 'g1', startJson });
    expect(action).toEqual({ kind: 'recover', draft: newer });
  });

  it('prefers recovery over reopening the last graph', () => {
    const work = draft('g1', 100, '{"a":2}', '{"a":1}');
    expect(decideStartup({ drafts: [work], lastOpenedId: 'g2', startJson }).kind).toBe('recover');
  });

  it('reopens the last graph when no draft holds work', () => {
    const clean = draft('g1', 100, '{"a":1}', '{"a":1}');
    expect(decideStartup({ drafts: [clean], lastOpenedId: 'g1', startJson })).toEqual({ kind: 'reopen', id: 'g1' });
  });

  it('keeps the start graph when there is nothing to recover or reopen', () => {
    expect(decideStartup({ drafts: [draft(UNSAVED_DRAFT, 1, startJson)], lastOpenedId: undefined, startJson })).toEqual({ kind: 'keep' });
  });
});

describe('staleDrafts', () => {
  it('lists exactly the drafts that hold no work', () => {
    const clean = draft('g1', 1, '{"a":1}', '{"a":1}');
    const orphan = draft('gone', 2, '{"x":1}', undefined);
    const work = draft('g2', 3, '{"a":2}', '{"a":1}');
    expect(staleDrafts({ drafts: [clean, orphan, work], lastOpenedId: undefined, startJson })).toEqual([clean, orphan]);
  });
});
