/**
 * Fixed vertical metrics of a node card. Sockets sit at fixed offsets from the top (the
 * header and port rows never change height), so wire ends stay attached when the card's
 * lower part (thumbnail, error badge) grows or shrinks. Auto-arrange uses the same numbers.
 */
export const CARD_LAYOUT = {
  /** Category strip + title row. */
  header: 34,
  /** Padding above the first port row. */
  portsTop: 6,
  /** Height of one port row; inputs and outputs are two columns of rows. */
  row: 22,
  /** Height of the live thumbnail. */
  thumbnail: 112,
} as const;

/** A card's height before it is measured: header, port rows, thumbnail and padding. */
export function estimateCardHeight(rows: number, thumbnail: boolean): number {
  return CARD_LAYOUT.header + CARD_LAYOUT.portsTop + Math.max(rows, 1) * CARD_LAYOUT.row + (thumbnail ? CARD_LAYOUT.thumbnail + 10 : 40) + 10;
}

/** Distance from the card's top to the centre of port row `index`. */
export function portRowCentre(index: number): number {
  return CARD_LAYOUT.header + CARD_LAYOUT.portsTop + index * CARD_LAYOUT.row + CARD_LAYOUT.row / 2;
}
