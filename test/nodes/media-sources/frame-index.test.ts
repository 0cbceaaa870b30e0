import { describe, expect, it } from 'vitest';
import { effectiveOffset, selectedCount } from '../../../src/core';
import { AT_END_MODES, sourceFrameIndex } from '../../../src/nodes/media/frame-index';
import type { AtEnd, FrameSelection } from '../../../src/nodes/media/frame-index';

/** The play order written out the long way: the selected frames, then walked per mode. */
function reference(frames: number, offset: number, stride: number, atEnd: AtEnd, length: number): number[] {
  const start = Math.min(offset, frames - 1);
  const selected: number[] = [];
  for (let i = start; i < frames; i += stride) selected.push(i);
  const out: number[] = [];
  if (atEnd === 'loop') while (out.length < length) out.push(...selected);
  if (atEnd === 'stop') while (out.length < length) out.push(selected[Math.min(out.length, selected.length - 1)]!);
  if (atEnd === 'ping-pong') {
    const bounce = selected.length === 1 ? selected : [...selected, ...selected.slice(1, -1).reverse()];
    while (out.length < length) out.push(...bounce);
  }
  return out.slice(0, length);
}

const play = (frames: number, selection: FrameSelection, length: number) =>
  Array.from({ length }, (_, n) => sourceFrameIndex(n, selection, frames));

describe('sourceFrameIndex', () => {
  it('matches the written-out play order for every clip length, offset, stride and end mode up to 12 frames', () => {
    for (const atEnd of AT_END_MODES) {
      for (let frames = 1; frames <= 12; frames++) {
        for (let offset = 0; offset <= 14; offset++) {
          for (let stride = 1; stride <= 5; stride++) {
            expect(play(frames, { offset, stride, atEnd }, 50), `${atEnd} frames=${frames} offset=${offset} stride=${stride}`)
              .toEqual(reference(frames, offset, stride, atEnd, 50));
          }
        }
      }
    }
  });

  it('loops back to the first frame after the last', () => {
    expect(play(4, { offset: 0, stride: 1, atEnd: 'loop' }, 9)).toEqual([0, 1, 2, 3, 0, 1, 2, 3, 0]);
  });

  it('ping-pongs without showing the end frames twice in a row', () => {
    const order = play(4, { offset: 0, stride: 1, atEnd: 'ping-pong' }, 11);
    expect(order).toEqual([0, 1, 2, 3, 2, 1, 0, 1, 2, 3, 2]);
    for (let i = 1; i < order.length; i++) expect(order[i]).not.toBe(order[i - 1]);
  });

  it('holds the last frame when set to stop', () => {
    expect(play(4, { offset: 1, stride: 1, atEnd: 'stop' }, 6)).toEqual([1, 2, 3, 3, 3, 3]);
  });

  it('with a stride, holds the last selected frame, not the clip\'s last frame', () => {
    expect(play(10, { offset: 1, stride: 4, atEnd: 'stop' }, 5)).toEqual([1, 5, 9, 9, 9]);
    expect(play(10, { offset: 0, stride: 4, atEnd: 'stop' }, 5)).toEqual([0, 4, 8, 8, 8]);
  });

  it('applies offset and stride before the end mode', () => {
    expect(play(795, { offset: 100, stride: 10, atEnd: 'loop' }, 3)).toEqual([100, 110, 120]);
    expect(sourceFrameIndex(70, { offset: 100, stride: 10, atEnd: 'loop' }, 795)).toBe(100);
    expect(sourceFrameIndex(69, { offset: 100, stride: 10, atEnd: 'loop' }, 795)).toBe(790);
  });

  it('starts at the last frame, in every mode, when the offset is at or past the end', () => {
    for (const atEnd of AT_END_MODES) expect(play(5, { offset: 99, stride: 3, atEnd }, 4)).toEqual([4, 4, 4, 4]);
    expect(effectiveOffset(5, 5)).toBe(4);
  });

  it('holds a one-frame clip in every mode', () => {
    for (const atEnd of AT_END_MODES) expect(play(1, { offset: 0, stride: 1, atEnd }, 3)).toEqual([0, 0, 0]);
  });

  it('counts the selected frames', () => {
    expect(selectedCount({ offset: 0, stride: 1 }, 795)).toBe(795);
    expect(selectedCount({ offset: 0, stride: 2 }, 795)).toBe(398);
    expect(selectedCount({ offset: 5, stride: 10 }, 795)).toBe(79);
  });

  it('stays exact far into a long run', () => {
    expect(sourceFrameIndex(1_000_000_007, { offset: 0, stride: 1, atEnd: 'loop' }, 795)).toBe(1_000_000_007 % 795);
    expect(sourceFrameIndex(2 * 794 * 1000 + 3, { offset: 0, stride: 1, atEnd: 'ping-pong' }, 795)).toBe(3);
  });

  it('refuses a clip without frames and a negative or fractional loop frame', () => {
    expect(() => sourceFrameIndex(0, { offset: 0, stride: 1, atEnd: 'loop' }, 0)).toThrow(RangeError);
    expect(() => sourceFrameIndex(-1, { offset: 0, stride: 1, atEnd: 'loop' }, 5)).toThrow(RangeError);
    expect(() => sourceFrameIndex(0.5, { offset: 0, stride: 1, atEnd: 'loop' }, 5)).toThrow(RangeError);
  });
});
