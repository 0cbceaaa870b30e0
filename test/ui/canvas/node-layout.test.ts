import { describe, expect, it } from 'vitest';
import { CARD_LAYOUT, estimateCardHeight, portRowCentre } from '../../../src/ui/canvas/node-layout';

describe('estimateCardHeight', () => {
  it('adds one row height per port row', () => {
    for (const thumbnail of [false, true]) {
      expect(estimateCardHeight(3, thumbnail) - estimateCardHeight(2, thumbnail)).toBe(CARD_LAYOUT.row);
      expect(estimateCardHeight(6, thumbnail) - estimateCardHeight(1, thumbnail)).toBe(5 * CARD_LAYOUT.row);
    }
  });

  it('sizes a card without ports like a card with one row', () => {
    expect(estimateCardHeight(0, false)).toBe(estimateCardHeight(1, false));
    expect(estimateCardHeight(0, true)).toBe(estimateCardHeight(1, true));
  });

  it('makes room for the whole thumbnail below the port rows', () => {
    const rows = 2;
    const withThumbnail = estimateCardHeight(rows, true);
    expect(withThumbnail).toBeGreaterThan(estimateCardHeight(rows, false));
    expect(withThumbnail).toBeGreaterThanOrEqual(CARD_LAYOUT.header + CARD_LAYOUT.portsTop + rows * CARD_LAYOUT.row + CARD_LAYOUT.thumbnail);
  });

  it('estimates 112 px for a one-row card without thumbnail and 216 px for a two-row card with one', () => {
    expect(estimateCardHeight(1, false)).toBe(112);
    expect(estimateCardHeight(2, true)).toBe(216);
  });
});

describe('portRowCentre', () => {
  it('puts the first socket mid-way down the first row below the header', () => {
    expect(portRowCentre(0)).toBe(34 + 6 + 11);
  });

  it('spaces sockets one row apart', () => {
    expect(portRowCentre(1) - portRowCentre(0)).toBe(CARD_LAYOUT.row);
    expect(portRowCentre(4) - portRowCentre(1)).toBe(3 * CARD_LAYOUT.row);
  });

  it('keeps every socket within its row, below the header and inside the estimated card', () => {
    const rows = 5;
    for (let i = 0; i < rows; i++) {
      const rowTop = CARD_LAYOUT.header + CARD_LAYOUT.portsTop + i * CARD_LAYOUT.row;
      expect(portRowCentre(i)).toBeGreaterThan(rowTop);
      expect(portRowCentre(i)).toBeLessThan(rowTop + CARD_LAYOUT.row);
      expect(portRowCentre(i)).toBeLessThan(estimateCardHeight(rows, false));
    }
  });
});
