import { describe, expect, it } from 'vitest';
import { decideStartup, draftHoldsWork, staleDrafts } from '../../../src/ui/library/recovery';
import type { DraftCandidate } from '../../../src/ui/library/recovery';

const startJson = '{"demo":true}';
/** A draft of library graph `graphId` (undefined: never saved), with its head as loaded. */
const draft = (graphId: string | undefined, savedAt: number, json: string, head?: DraftCandidate['head']): DraftCandidate =>
  ({ key: `tab:${savedAt}`, graphId, savedAt, json, head });

describe('draftHoldsWork', () => {
  it('is true for a library draft that differs from its head', () => {
    expect(draftHoldsWork(draft('g1', 1, '{"a":2}', { json: '{"a":1}' }), startJson)).toBe(true);
  });

  it('is false for a library draft equal to its head (saved after the draft was written)', () => {
    expect(draftHoldsWork(draft('g1', 1, '{"a":1}', { json: '{"a":1}' }), startJson)).toBe(false);
  });

  it('is true for a library draft whose head did not load, whatever the reason', () => {
    expect(draftHoldsWork(draft('g1', 1, '{"a":2}', { failed: 'Graph "g" is damaged' }), startJson)).toBe(true);
    expect(draftHoldsWork(draft('gone', 1, '{"a":2}', { failed: 'No graph with id "gone"' }), startJson)).toBe(true);
  });

  it('is true for an unsaved draft unless it equals the start graph', () => {
    expect(draftHoldsWork(draft(undefined, 1, '{"b":1}'), startJson)).toBe(true);
    expect(draftHoldsWork(draft(undefined, 1, startJson), startJson)).toBe(false);
  });
});

describe('decideStartup', () => {
  it('recovers the newest draft that holds work', () => {
    const older = draft('g1', 100, '{"a":2}', { json: '{"a":1}' });
    const newer = draft(undefined, 200, '{"b":1}');
    const newestButClean = draft('g2', 300, '{"c":1}', { json: '{"c":1}' });
    const action = decideStartup({ drafts: [older, newestButClean, newer], lastOpenedId: 'g1', startJson });
    expect(action).toEqual({ kind: 'recover', draft: newer });
  });

  it('keeps a draft whose head did not load and says why, instead of recovering onto it', () => {
    const kept = draft('g1', 100, '{"a":2}', { failed: 'damaged' });
    expect(decideStartup({ drafts: [kept], lastOpenedId: 'g1', startJson })).toEqual({ kind: 'damaged', draft: kept, reason: 'damaged' });
  });

  it('prefers recovery over reopening the last graph', () => {
    const work = draft('g1', 100, '{"a":2}', { json: '{"a":1}' });
    expect(decideStartup({ drafts: [work], lastOpenedId: 'g2', startJson }).kind).toBe('recover');
  });

  it('reopens the last graph when no draft holds work', () => {
    const clean = draft('g1', 100, '{"a":1}', { json: '{"a":1}' });
    expect(decideStartup({ drafts: [clean], lastOpenedId: 'g1', startJson })).toEqual({ kind: 'reopen', id: 'g1' });
  });

  it('keeps the start graph when there is nothing to recover or reopen', () => {
    expect(decideStartup({ drafts: [draft(undefined, 1, startJson)], lastOpenedId: undefined, startJson })).toEqual({ kind: 'keep' });
  });
});

describe('staleDrafts', () => {
  it('lists only drafts whose head loaded and matched, or unsaved drafts equal to the start graph', () => {
    const clean = draft('g1', 1, '{"a":1}', { json: '{"a":1}' });
    const orphan = draft('gone', 2, '{"x":1}', { failed: 'not found' });
    const work = draft('g2', 3, '{"a":2}', { json: '{"a":1}' });
    const untouched = draft(undefined, 4, startJson);
    expect(staleDrafts({ drafts: [clean, orphan, work, untouched], lastOpenedId: undefined, startJson })).toEqual([clean, untouched]);
  });
});
