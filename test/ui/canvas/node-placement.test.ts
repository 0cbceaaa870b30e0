import { describe, expect, it } from 'vitest';
import { freeSpot } from '../../../src/ui/canvas/node-placement';

type Rect = { x: number; y: number; width: number; height: number };

const size = { width: 200, height: 100 };
const everywhere = { topLeft: { x: -Infinity, y: -Infinity }, bottomRight: { x: Infinity, y: Infinity } };
const card: Rect = { x: 0, y: 0, width: 200, height: 100 };

/** Whether a card of `size` at `p` comes closer than `gap` to `r`. */
function crowds(p: { x: number; y: number }, r: Rect, gap: number): boolean {
  return p.x < r.x + r.width + gap && p.x + size.width > r.x - gap && p.y < r.y + r.height + gap && p.y + size.height > r.y - gap;
}

describe('freeSpot', () => {
  it('keeps the wanted position when nothing is in the way', () => {
    const other: Rect = { x: 1000, y: 1000, width: 200, height: 100 };
    expect(freeSpot({ x: 10, y: 20 }, size, [other], everywhere)).toEqual({ x: 10, y: 20 });
  });

  it('moves off an existing card to the nearest spot that keeps a 24 px gap from it', () => {
    const spot = freeSpot({ x: 0, y: 0 }, size, [card], everywhere);
    expect(crowds(spot, card, 24)).toBe(false);
    // Straight up or down by four 40 px steps is the nearest clear spot (sideways needs six).
    expect([{ x: 0, y: -160 }, { x: 0, y: 160 }]).toContainEqual(spot);
  });

  it('treats a card closer than 24 px as in the way, and one 24 px away as clear', () => {
    const left = (gap: number): Rect => ({ x: -200 - gap, y: 0, width: 200, height: 100 });
    expect(freeSpot({ x: 0, y: 0 }, size, [left(20)], everywhere)).not.toEqual({ x: 0, y: 0 });
    expect(freeSpot({ x: 0, y: 0 }, size, [left(24)], everywhere)).toEqual({ x: 0, y: 0 });
  });

  it('finds a spot that overlaps none of several cards', () => {
    const taken: Rect[] = [card, { x: 0, y: 160, width: 200, height: 100 }, { x: 0, y: -160, width: 200, height: 100 }, { x: 240, y: 0, width: 200, height: 100 }];
    const spot = freeSpot({ x: 0, y: 0 }, size, taken, everywhere);
    for (const r of taken) expect(crowds(spot, r, 24)).toBe(false);
  });

  it('prefers a spot fully inside the view over a nearer one outside it', () => {
    const view = { topLeft: { x: -1000, y: 0 }, bottomRight: { x: 1000, y: 1000 } };
    expect(freeSpot({ x: 0, y: 0 }, size, [card], view)).toEqual({ x: 0, y: 160 });
  });

  it('falls back to the nearest free spot when no free spot is visible', () => {
    const view = { topLeft: { x: 0, y: 0 }, bottomRight: { x: 200, y: 100 } };
    const spot = freeSpot({ x: 0, y: 0 }, size, [card], view);
    expect(crowds(spot, card, 24)).toBe(false);
    expect(Math.hypot(spot.x, spot.y)).toBe(160);
  });

  it('returns the wanted position when every spot within reach is taken', () => {
    const wall: Rect = { x: -5000, y: -5000, width: 10000, height: 10000 };
    expect(freeSpot({ x: 7, y: 9 }, size, [wall], everywhere)).toEqual({ x: 7, y: 9 });
  });

  it('only moves in 40 px steps from the wanted position', () => {
    const spot = freeSpot({ x: 13, y: 7 }, size, [card, { x: 0, y: 160, width: 200, height: 100 }], everywhere);
    expect(Math.abs((spot.x - 13) % 40)).toBe(0);
    expect(Math.abs((spot.y - 7) % 40)).toBe(0);
    expect(spot).not.toEqual({ x: 13, y: 7 });
  });
});
